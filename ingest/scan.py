"""Find every file under the given paths and decide, per file, load, skip or fail.

Why one list with a reason for every file: an archive clerk must be able to see
that nothing was silently left out — hidden files, spreadsheets, files over
the size limit, dangling links and archive members all appear with a reason.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ingest.formats import LoadedFile, load_bytes
from ingest.formats.archive import list_members, member_source, read_member, split_source
from ingest.formats.base import Kind
from ingest.formats.detect import KNOWN_UNSUPPORTED, detect, kind_by_name
from meetings_errors import LoadError, UnreadableFile, UnsafeArchive

_FOLDER_NOTES = ("README", "LICENSE", "LICENCE", "CHANGELOG")


@dataclass(frozen=True)
class Candidate:
    """A file to load.

    Attributes:
        source: Its provenance: the resolved path, or ``archive!/member``.
        path: The file on disk (the archive, for a member).
        name: The base name.
        member: The member's stored name inside ``path``, else ``None``.
    """

    source: str
    path: Path
    name: str
    member: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A file deliberately not read (not a failure): unsupported, hidden, too large…"""

    source: str
    reason: str


@dataclass(frozen=True)
class Failed:
    """A file that should have been read but cannot be (dangling link, unreadable…)."""

    source: str
    error: LoadError


Entry = Candidate | Skipped | Failed


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB"


def scan(paths: list[Path], max_bytes: int) -> list[Entry]:
    """Every file under ``paths`` (recursively), in a stable order, each with a verdict."""
    entries: list[tuple[Entry, str]] = []  # with the path as found, to name links
    seen: set[str] = set()
    for p in paths:
        if p.is_dir():
            for dirpath, dirnames, filenames in os.walk(p, followlinks=False):
                here = Path(dirpath)
                for d in sorted(dirnames):
                    shown = str((here / d).absolute())
                    if (here / d).is_symlink():
                        entries.append((Skipped(shown, "symbolic link to a folder (not followed)"),
                                        shown))
                    elif d.startswith("."):
                        n = sum(len(fs) for _, _, fs in os.walk(here / d))
                        entries.append((Skipped(shown, f"hidden folder ({n} files not read)"),
                                        shown))
                dirnames[:] = sorted(d for d in dirnames
                                     if not d.startswith(".") and not (here / d).is_symlink())
                for f in sorted(filenames):
                    shown = str((here / f).absolute())
                    entries.extend((e, shown) for e in _file_entries(here / f, max_bytes, True))
        elif p.exists() or p.is_symlink():
            shown = str(p.absolute())
            entries.extend((e, shown) for e in _file_entries(p, max_bytes, in_folder=False))
        else:
            missing = str(p.absolute())
            entries.append((Failed(missing, UnreadableFile(p, "no such file or folder")), missing))
    unique: list[Entry] = []
    # Real paths before links to them, so a file is listed under its own name.
    for e, shown in sorted(entries, key=lambda pair: Path(pair[1]).is_symlink()):
        if e.source not in seen:
            seen.add(e.source)
            unique.append(e)
        elif Path(shown).is_symlink() and shown not in seen:  # a link to a file listed
            seen.add(shown)
            unique.append(Skipped(shown, f"same file as {e.source} (a symbolic link)"))
    return unique


def _file_entries(f: Path, max_bytes: int, in_folder: bool) -> list[Entry]:
    if f.is_symlink() and not f.exists():
        return [Failed(str(f.absolute()),
                       UnreadableFile(f, f"broken symbolic link (to {os.readlink(f)})"))]
    source = str(f.resolve())
    name = f.name
    if in_folder and name.startswith("."):
        return [Skipped(source, "hidden file")]
    if in_folder and f.stem.upper() in _FOLDER_NOTES:
        return [Skipped(source, "folder note (README/LICENSE), not a report")]
    try:
        st = f.stat()
    except OSError as e:
        return [Failed(source, UnreadableFile(source, f"cannot read file ({e.strerror or e})"))]
    if not stat.S_ISREG(st.st_mode):
        return [Skipped(source, "not a regular file (device, pipe or socket)")]
    size = st.st_size
    kind = kind_by_name(name)
    if kind is Kind.UNSUPPORTED:
        kind = _sniff(f)
    if kind is Kind.UNSUPPORTED:
        suffix = f.suffix.lower()
        what = KNOWN_UNSUPPORTED.get(suffix, "")
        return [Skipped(source, f"unsupported file type {suffix or '(no extension)'}"
                                + (f" ({what})" if what else ""))]
    if size > max_bytes:
        return [Skipped(source, f"too large ({_mb(size)} > {_mb(max_bytes)} limit; "
                                "raise MEETINGS_MAX_FILE_MB to read it)")]
    if kind is Kind.ZIP:
        return _archive_entries(Path(source), max_bytes)
    return [Candidate(source, Path(source), name)]


def _sniff(f: Path) -> Kind:
    try:
        with open(f, "rb") as fh:
            head = fh.read(512)
    except OSError:
        return Kind.UNSUPPORTED
    kind = detect(f.name, head, path=str(f))
    return kind if kind not in (Kind.TEXT, Kind.MARKDOWN) else Kind.UNSUPPORTED


def _archive_entries(archive: Path, max_bytes: int) -> list[Entry]:
    try:
        members = list_members(archive, max_bytes)
    except LoadError as e:
        return [Failed(str(archive), e)]
    out: list[Entry] = []
    for m in members:
        source = member_source(archive, m.name)
        base = m.name.replace("\\", "/").rsplit("/", 1)[-1]
        parts = m.name.replace("\\", "/").split("/")
        kind = kind_by_name(base)
        if m.problem:
            out.append(Failed(source, UnsafeArchive(source, m.problem)))
        elif any(p.startswith(".") for p in parts) or parts[0] == "__MACOSX":
            out.append(Skipped(source, "hidden archive member"))
        elif kind is Kind.ZIP:
            out.append(Skipped(source, "archive inside an archive: not opened (unzip it first)"))
        elif kind is Kind.UNSUPPORTED:
            suffix = Path(base).suffix.lower()
            out.append(Skipped(source, f"unsupported file type {suffix or '(no extension)'}"))
        elif m.size > max_bytes:
            out.append(Skipped(source, f"too large ({_mb(m.size)} > {_mb(max_bytes)} limit)"))
        else:
            out.append(Candidate(source, archive, base, member=m.info_name))
    return out


def read_candidate(c: Candidate, max_bytes: int) -> bytes:
    """The candidate's bytes, never more than ``max_bytes`` (files can grow after the scan)."""
    if c.member is not None:
        return read_member(str(c.path), c.member, max_bytes, c.source)
    try:
        with open(c.path, "rb") as fh:
            # Never ask for more than the file holds: read(n) allocates n up front.
            size = os.fstat(fh.fileno()).st_size
            data = fh.read(min(max_bytes, size) + 1)
            while size < len(data) <= max_bytes:  # it grew since: read on, within the limit
                more = fh.read(min(2**20, max_bytes + 1 - len(data)))
                if not more:
                    break
                data += more
    except OSError as e:
        raise UnreadableFile(c.source, f"cannot read file ({e.strerror or e})") from e
    if len(data) > max_bytes:
        raise UnreadableFile(c.source, f"file is larger than the {_mb(max_bytes)} limit")
    return data


def load_candidate(c: Candidate, max_bytes: int) -> LoadedFile:
    """Read and parse one candidate (see :func:`ingest.formats.load_bytes`)."""
    return load_bytes(c.source, c.name, read_candidate(c, max_bytes))


def load_path(path: Path, max_bytes: int = 2**40) -> LoadedFile:
    """Read one file by path, without a scan (scripts, tests, benchmarks)."""
    return load_candidate(Candidate(str(path), path, path.name), max_bytes)


def source_exists(source: str) -> bool:
    """Whether a stored source still exists (for an archive member: the archive holds it)."""
    split = split_source(source)
    if split is None:
        return Path(source).exists()
    archive, member = split
    if not Path(archive).is_file():
        return False
    try:
        return any(m.name == member for m in list_members(Path(archive), 2**62))
    except LoadError:
        return False
