"""Two libraries over the shipped examples, for the office (users, libraries) tests.

``gov``: the two 2025/2026 standing-meeting reports in Markdown/plain text;
``cmd``: the command-HQ report and the 2026 HTML one. Only ``gov`` mentions
开工率 (2026-03 standing meeting); only ``cmd`` mentions 外资外贸.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import EXAMPLES, make_service

GOV = ["2025-04-standing-no05.md", "2026-03-standing-no03.txt"]
CMD = ["2025-10-command-no05-traditional.txt", "2026-05-standing-no05.html"]
GOV_ONLY = "开工率"  # in 2026-03-standing-no03.txt only
CMD_ONLY = "外资外贸"  # in 2025-10-command-no05-traditional.txt only


def two_library_db(root: Path, **overrides):
    """A database with libraries gov and cmd; returns (service, folders)."""
    from dataclasses import replace

    folders = {}
    for name, files in (("gov", GOV), ("cmd", CMD)):
        folders[name] = root / name
        folders[name].mkdir(parents=True)
        for f in files:
            shutil.copy(EXAMPLES / f, folders[name] / f)
    svc = make_service(root / "db", **overrides)
    for name, folder in folders.items():
        svc.ingestor.options = replace(svc.ingestor.options, library=name)
        report = svc.ingestor.ingest([folder])
        assert not report.failed and report.count("added") == 2, report.summary()
    return svc, folders


def texts_of(rows) -> str:
    return "\n".join(str(r) for r in rows)
