"""Markdown reports: text through markdown-it-py's token stream, not regexes.

Why a parser: links, emphasis, lists, code and HTML blocks each need their
markup removed without eating the text, which line regexes get wrong at the edges.
"""

from __future__ import annotations

from ingest.formats.base import Kind, LoadedFile, finish, unify_newlines
from ingest.formats.text import decode_bytes


def markdown_to_text(md: str) -> tuple[str, str]:
    """The plain text of ``md`` (one block per line) and its first heading."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    lines: list[str] = []
    title = ""
    in_heading = False
    for tok in tokens:
        if tok.type == "heading_open":
            in_heading = True
        elif tok.type == "heading_close":
            in_heading = False
        elif tok.type == "inline":
            text = "".join(_inline_text(tok.children or []))
            if in_heading and not title:
                title = text.strip()
            lines.append(text)
        elif tok.type in ("fence", "code_block"):
            lines.append(tok.content.rstrip("\n"))
    return "\n".join(lines), title


def _inline_text(children) -> list[str]:
    out = []
    for c in children:
        if c.type in ("text", "code_inline"):
            out.append(c.content)
        elif c.type == "softbreak" or c.type == "hardbreak":
            out.append("\n")
    return out


def load_markdown(source: str, name: str, data: bytes) -> LoadedFile:
    md, encoding = decode_bytes(source, data)
    text, title = markdown_to_text(unify_newlines(md))
    return finish(source, name, text, Kind.MARKDOWN, encoding, title=title)
