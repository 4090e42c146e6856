"""What `pip install` ships: every top-level module and package of the repository.

An editable install maps only the listed modules, so a module missing here works in
the tests (run from the repository root) but not from the `meetings` command
(`meetings serve` failed on `import app_access`, 2026-12-02).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_top_level_module_and_package_is_listed():
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    modules = {p.stem for p in ROOT.glob("*.py")}
    assert modules <= set(tool["py-modules"]), modules - set(tool["py-modules"])
    tops = [d for d in ROOT.iterdir() if d.is_dir() and not d.name.startswith(".")
            and d.name not in {"tests", "bench", "scripts", "docs"}]
    for init in (i for d in tops for i in d.rglob("__init__.py")):
        package = ".".join(init.parent.relative_to(ROOT).parts)
        assert package in tool["packages"], package
