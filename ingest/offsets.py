"""Compact storage of the normalised→original offset map of a passage.

Offsets mostly advance by one; only the breaks are stored, as
``[[i, original_offset], ...]``, so a passage's map costs a few numbers.
"""

from __future__ import annotations

import json


def encode_offsets(offsets: list[int]) -> str:
    """Encode ``offsets`` (one per normalised char, plus the end) as JSON breakpoints."""
    points = []
    for i, o in enumerate(offsets):
        if i == 0 or o != offsets[i - 1] + 1:
            points.append([i, o])
    return json.dumps(points, separators=(",", ":"))


def decode_offset(encoded: str, i: int) -> int:
    """The original offset of normalised position ``i`` from :func:`encode_offsets` output."""
    best = None
    for j, o in json.loads(encoded):
        if j > i:
            break
        best = (j, o)
    if best is None:
        return 0
    return best[1] + (i - best[0])
