"""Derived indexes are written aside and swapped in whole: a reader never sees half of one."""

from __future__ import annotations

import shutil
from pathlib import Path


def staging_dir(path: Path) -> Path:
    """An empty folder beside ``path`` to write its next version into."""
    tmp = path.with_name(path.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    return tmp


def swap_in(staged: Path, path: Path) -> None:
    """Replace the folder ``path`` by ``staged`` (its old version removed)."""
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    staged.rename(path)
    shutil.rmtree(old, ignore_errors=True)
