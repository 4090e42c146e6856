"""Give freed heap memory back to the system after a large read.

Reading thousands of records from Chroma (the catalogue's reload, a keyword
index sync) leaves the C heap fragmented: at 100k passages the process kept
~200 MB it no longer used after the catalogue's 13k records were loaded, and
that was the difference between a peak RSS over and under 2 GB
(bench/scale.py, BENCHMARKS.md "Scale"). glibc's ``malloc_trim`` returns it;
elsewhere (musl, macOS) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache


@cache
def _libc():
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def release_freed_memory() -> bool:
    """Return the heap's free pages to the system (glibc). True when it could."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
