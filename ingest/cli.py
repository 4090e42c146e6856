"""`meetings ingest`: bulk ingestion with progress, a summary and a line per bad file."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from ingest.library_name import valid_library
from ingest.pipeline import FAILED, SKIPPED, FileResult


def _line(r: FileResult) -> str:
    what = f" [{r.format}]" if r.format else ""
    extra = f" ({r.passages} passages" + (
        f", {r.embedded} embedded" if r.status in ("added", "updated") else "") + ")" \
        if r.passages else ""
    detail = f": {r.detail}" if r.detail else ""
    return f"  {r.status}: {r.path}{what}{extra}{detail}"


def _os_user() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name (containers)
        return "cli"


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", "db_dir", type=click.Path(path_type=Path), help="Database folder.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--prune", is_flag=True,
              help="Also remove reports ingested from these folders whose files are gone.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON (every file).")
@click.option("--verbose", "-v", is_flag=True, help="List every file with what happened to it.")
@click.option("--library", default="default", show_default=True,
              help="The 资料库 these reports belong to (readers see only their libraries).")
@click.pass_context
def ingest_command(ctx: click.Context, paths: tuple[Path, ...], db_dir: Path | None,
                   dry_run: bool, prune: bool, as_json: bool, verbose: bool,
                   library: str) -> None:
    """Ingest report files or folders (recursively).

    Reads .txt, .md, .html, .docx, .doc/.wps, .pdf (scans with the [ocr]
    extra), .ofd, images (OCR) and .zip archives of these. Every file found
    is reported: loaded, skipped (with the reason) or failed.

    Safe to re-run: unchanged files are skipped, edited files replace their
    old passages, moved files keep their vectors. Exits with status 1 if any
    file failed.
    """
    service = ctx.obj["service"](db_dir)
    ingestor = service.ingestor
    ingestor.options = replace(ingestor.options, library=valid_library(library))
    bar = None
    err = click.get_text_stream("stderr")

    def on_start(total: int) -> None:
        nonlocal bar
        if sys.stderr.isatty() and not as_json:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="file", desc="ingest", file=sys.stderr)

    def on_file(result: FileResult) -> None:
        if result.status == FAILED and not verbose:
            msg = f"error: {result.path}: {result.detail}"
            (bar.write(msg, file=sys.stderr) if bar else click.echo(msg, file=err))
        if bar:
            bar.update(1)

    report = ingestor.ingest(list(paths), dry_run=dry_run, on_file=on_file,
                                     on_start=on_start, prune=prune)
    if not dry_run:  # who added or removed which reports (MEETINGS_AUDIT_FILE)
        service.audit.ingested(_os_user(), ingestor.options.library, report.results,
                               "cli:ingest")
    if bar:
        bar.close()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        if dry_run:
            click.echo("dry run: nothing was written")
        if verbose:
            for r in report.results:
                click.echo(_line(r))
        click.echo(report.summary())
        if not report.changed and not dry_run and not report.failed:
            click.echo("nothing changed")
        if not verbose:
            for r in report.results:
                if r.status in (FAILED, SKIPPED):
                    click.echo(f"  {r.status}: {r.path}: {r.detail}")
    if report.failed:
        ctx.exit(1)
