"""Word 97-2003 .doc and Kingsoft .wps (the same OLE2 binary format, mostly).

Why external tools: the binary format is large and undocumented in places; antiword
(GPL-2, run as a program, not linked) reads it in milliseconds, and LibreOffice
headless (MPL-2.0) reads what antiword refuses (tiny files, most .wps, Word 95).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from ingest.formats.base import Kind, LoadedFile, TextBuilder, Unit, finish, unify_newlines
from meetings_errors import CorruptFile, MissingTool

ANTIWORD_PACKAGE = "antiword"
LIBREOFFICE_PACKAGE = "libreoffice-writer-nogui"
_WRAP_COLUMNS = 76  # antiword wraps at 80 display columns; a line this full was wrapped
_TIMEOUT = 180


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def load_word_binary(source: str, name: str, data: bytes) -> LoadedFile:
    """Read a .doc/.wps with antiword, else LibreOffice; name the package when neither exists."""
    antiword, soffice = shutil.which("antiword"), _soffice()
    if not antiword and not soffice:
        raise MissingTool(source, "reading .doc/.wps needs antiword or LibreOffice: "
                                  f"apt-get install {ANTIWORD_PACKAGE} "
                                  f"(or {LIBREOFFICE_PACKAGE})")
    suffix = Path(name).suffix.lower() or ".doc"
    with tempfile.TemporaryDirectory(prefix="meetings-doc-") as tmp:
        file = Path(tmp) / f"input{suffix}"
        file.write_bytes(data)
        failure = ""
        if antiword:
            run = subprocess.run([antiword, "-m", "UTF-8.txt", str(file)], capture_output=True,
                                 timeout=_TIMEOUT, check=False)
            if run.returncode == 0 and run.stdout.strip():
                text, starts = join_antiword(run.stdout.decode("utf-8", errors="replace"))
                return finish(source, name, text, Kind.WORD_BINARY, "antiword",
                              unit=Unit.PARAGRAPH, unit_starts=starts)
            failure = (run.stderr.decode("utf-8", "replace").strip() or "no text").splitlines()[0]
        if soffice:
            return _via_libreoffice(source, name, soffice, file, Path(tmp))
    raise CorruptFile(source, f"antiword could not read it ({failure}); LibreOffice "
                              f"(apt-get install {LIBREOFFICE_PACKAGE}) may")


def _via_libreoffice(source: str, name: str, soffice: str, file: Path, tmp: Path) -> LoadedFile:
    from ingest.formats.docx import load_docx

    # A private profile: a second soffice on the same profile waits or fails.
    profile = (tmp / "profile").as_uri()
    try:
        run = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                              "--convert-to", "docx", "--outdir", str(tmp / "out"), str(file)],
                             capture_output=True, timeout=_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as e:
        raise CorruptFile(source, f"LibreOffice gave up after {_TIMEOUT} s") from e
    out = tmp / "out" / (file.stem + ".docx")
    if not out.exists():
        detail = run.stderr.decode("utf-8", "replace").strip() or "no output"
        raise CorruptFile(source, f"neither antiword nor LibreOffice could read it ({detail})")
    return load_docx(source, name, out.read_bytes(), encoding="libreoffice")


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def join_antiword(raw: str) -> tuple[str, list[int]]:
    """Undo antiword's hard wrapping: a paragraph is a run of lines between blank lines.

    A line that filled the width was wrapped mid-word (even inside a number), so it
    joins with nothing; a shorter Latin line ended at a space, which antiword dropped.
    Table rows (``|…|``) stay one per line.

    Returns:
        The text, one paragraph per line, and where each paragraph starts.
    """
    out = TextBuilder()
    for block in re.split(r"\n[ \t]*\n", unify_newlines(raw)):
        lines = [ln.rstrip() for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        para = lines[0]
        for prev, line in zip(lines, lines[1:], strict=False):
            if line.lstrip().startswith("|") or prev.lstrip().startswith("|"):
                para += "\n" + line
            elif _width(prev) < _WRAP_COLUMNS and prev[-1:].isascii() and line[:1].isascii():
                para += " " + line
            else:
                para += line
        out.add(para.strip())
    return out.text(), out.starts
