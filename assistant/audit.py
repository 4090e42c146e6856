"""The audit log: who asked what, which reports were cited or exported, who
uploaded or deleted what.

Why JSON lines through :class:`logging.handlers.RotatingFileHandler`: one
object per line is append-only, greppable and loads with any JSON reader;
the handler's lock makes concurrent writes from the app's worker threads whole
lines, and rotation keeps the disk bounded (old files are kept as ``.1`` …
``.N`` for backups). Passwords and answers are never logged, only questions
and report ids/titles.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_LOGGER = "meetings.audit"
_lock = threading.Lock()


class AuditLog:
    """Writes audit events to ``path`` (or nowhere when ``path`` is None)."""

    def __init__(self, path: Path | None, max_bytes: int = 20 * 1024 * 1024,
                 backups: int = 10) -> None:
        self.path = Path(path).expanduser() if path else None
        self._logger: logging.Logger | None = None
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One logger (and one handler, one lock) per file, however many services open it.
        name = f"{_LOGGER}.{self.path.resolve()}"
        with _lock:
            logger = logging.getLogger(name)
            if not logger.handlers:
                handler = logging.handlers.RotatingFileHandler(
                    self.path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
                handler.setFormatter(logging.Formatter("%(message)s"))
                logger.addHandler(handler)
                logger.setLevel(logging.INFO)
                logger.propagate = False  # audit lines stay out of the console log
            self._logger = logger

    def record(self, event: str, user: str | None, **fields: Any) -> None:
        """Append one event: ``{"ts", "event", "user", ...fields}``."""
        if self._logger is None:
            return
        line = {"ts": datetime.now(UTC).isoformat(timespec="milliseconds"), "event": event,
                "user": user or "", **fields}
        self._logger.info(json.dumps(line, ensure_ascii=False, default=str))

    def asked(self, user: str | None, question: str, answer, via: str) -> None:
        """A question and the reports its answer cited."""
        cited = sorted({c.source for c in getattr(answer, "citations", [])})
        self.record("ask", user, via=via, question=question,
                    found=bool(getattr(answer, "found", False)), cited=cited)

    def searched(self, user: str | None, question: str, rows: list[dict], via: str) -> None:
        self.record("search", user, via=via, question=question,
                    results=sorted({r.get("source") or "" for r in rows}))

    def exported(self, user: str | None, path: Path | str, sources: list[str],
                 via: str) -> None:
        self.record("export", user, via=via, file=str(path), sources=sorted(set(sources)))

    def ingested(self, user: str | None, library: str, results, via: str) -> None:
        """One ``upload`` event per report added or updated, ``delete`` per report removed.

        ``results`` are ingest FileResults (anything with ``path`` and ``status``); the
        upload tab and ``meetings ingest`` both call this after a run that wrote."""
        for r in results:
            if r.status in ("added", "updated"):
                self.record("upload", user, via=via, library=library, file=r.path,
                            status=r.status)
            elif r.status == "removed":
                self.record("delete", user, via=via, library=library, file=r.path)

    def deleted(self, user: str | None, library: str, source: str, via: str) -> None:
        """A report removed by hand (e.g. from the upload tab)."""
        self.record("delete", user, via=via, library=library, file=source)

    def refused(self, user: str | None, what: str, reason: str, via: str) -> None:
        """Bad input or a denied action (a failed login is logged by the app's auth)."""
        self.record("refused", user, via=via, what=what[:200], reason=reason)
