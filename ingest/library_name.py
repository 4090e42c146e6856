"""Names of 资料库 (libraries), checked where they enter: ``ingest --library`` and users.

Why a rule at all: a library name ends up in Chroma where clauses and the users
file; word characters (Chinese included) and '-' keep it unambiguous and leave
room for a name that matches no library (the empty view of a removed user).
"""

from __future__ import annotations

import re

from meetings_errors import InputError

_NAME = re.compile(r"[\w-]{1,64}")


def valid_library(name: str) -> str:
    """``name`` stripped, or :class:`InputError` (word characters, Chinese too, and '-')."""
    name = (name or "").strip()
    if not _NAME.fullmatch(name):
        raise InputError(f"资料库名称不可用：{name!r}（1–64 个汉字、字母、数字、_ 或 -）。")
    return name
