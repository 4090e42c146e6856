"""Zip archives of reports: each member is accounted for as its own file.

Why never extract: members are read into memory within the same size limit as
files, so a hostile name (``../../etc/x``, zip-slip) can never write anywhere;
such names are still reported, not silently dropped. Zip bombs are stopped by a
member count, a per-member size (the file limit), a total, and a compression
ratio cap; the sizes a header declares are not trusted while reading.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from meetings_errors import CorruptFile, UnsafeArchive

SEPARATOR = "!/"
MAX_MEMBERS = 2000
MAX_RATIO = 200  # text compresses ~5-10x; 200x is a bomb, not a report
_TOTAL_FACTOR = 20  # all members together: at most this many file limits


@dataclass(frozen=True)
class Member:
    """One file inside an archive.

    Attributes:
        info_name: The name as stored in the zip (to open it).
        name: The name as people see it (GBK names from Windows decoded).
        size: Its declared uncompressed size.
        problem: Why it must not be read (unsafe path, bomb ratio), else ``""``.
    """

    info_name: str
    name: str
    size: int
    problem: str = ""


def member_source(archive: Path | str, name: str) -> str:
    return f"{archive}{SEPARATOR}{name}"


def split_source(source: str) -> tuple[str, str] | None:
    """``(archive, member)`` for a member source, else ``None`` (a plain path)."""
    head, sep, tail = source.partition(SEPARATOR)
    while sep:
        if head.lower().endswith(".zip") or Path(head).is_file():
            return head, tail
        more_head, sep, tail = tail.partition(SEPARATOR)
        head = head + SEPARATOR + more_head
    return None


def _display_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:  # the writer declared UTF-8
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return info.filename


def _unsafe(name: str) -> bool:
    p = PurePosixPath(name.replace("\\", "/"))
    return p.is_absolute() or ".." in p.parts or (len(name) > 1 and name[1] == ":")


def list_members(archive: Path, max_bytes: int) -> list[Member]:
    """The archive's files (directories left out), each with any safety problem.

    Raises:
        CorruptFile: not a readable zip.
        UnsafeArchive: too many members, or too much data in total.
    """
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise CorruptFile(archive, f"not a readable zip archive ({e})") from e
    if len(infos) > MAX_MEMBERS:
        raise UnsafeArchive(archive, f"{len(infos)} members (limit {MAX_MEMBERS})")
    total = sum(i.file_size for i in infos)
    if total > _TOTAL_FACTOR * max_bytes:
        raise UnsafeArchive(archive, f"{total // 2**20} MB uncompressed in total "
                                     f"(limit {_TOTAL_FACTOR * max_bytes // 2**20} MB)")
    members = []
    for info in infos:
        name = _display_name(info)
        problem = ""
        if _unsafe(name):
            problem = "unsafe member path (absolute or '..'); not read"
        elif info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            problem = (f"compression ratio {info.file_size // max(info.compress_size, 1)}:1 "
                       f"(limit {MAX_RATIO}:1), a zip bomb?")
        members.append(Member(info.filename, name, info.file_size, problem))
    return members


def read_member(archive: str, info_name: str, max_bytes: int, source: str) -> bytes:
    """A member's bytes, reading at most ``max_bytes`` whatever its header claims."""
    try:
        with zipfile.ZipFile(archive) as zf, zf.open(info_name) as f:
            declared = zf.getinfo(info_name).file_size
            data = f.read(min(max_bytes, declared) + 1)
            while declared < len(data) <= max_bytes:  # the header understated it
                more = f.read(min(2**20, max_bytes + 1 - len(data)))
                if not more:
                    break
                data += more
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, RuntimeError) as e:
        # RuntimeError: an encrypted member
        raise CorruptFile(source, f"cannot read archive member ({e})") from e
    if len(data) > max_bytes:
        raise UnsafeArchive(source, f"member expands past the {max_bytes // 2**20} MB limit")
    return data
