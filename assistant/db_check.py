"""Refuse to open a database folder that holds no database.

Chroma's embedded client creates whatever folder it is given, so a mistyped
``--db`` used to create an empty database and answer 「记录中没有…」 to
everything. ``search``/``ask``/``export`` call this first; it only looks, and
never creates the folder. ``ingest`` (which creates databases) does not.
"""

from __future__ import annotations

from pathlib import Path

from meetings_errors import NoDatabase

# The file Chroma's embedded client keeps (vectorstore.chroma_store.open_client).
_CHROMA_FILE = "chroma/chroma.sqlite3"


def require_database(db_dir: Path, chroma_host: str | None = None) -> None:
    """Raise :class:`NoDatabase` unless ``db_dir`` holds a Chroma database.

    With a Chroma server (``chroma_host``) the data is on the server; nothing to check here.
    """
    if chroma_host:
        return
    db_dir = Path(db_dir).expanduser()
    if not (db_dir / _CHROMA_FILE).is_file():
        what = "does not exist" if not db_dir.exists() else "holds no database"
        raise NoDatabase(f"{db_dir} {what} (run `meetings ingest PATH --db {db_dir}` first, "
                         f"or check --db / MEETINGS_DB_DIR)")
