"""`meetings ingest`: bulk ingestion with progress, a summary and an error per bad file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ingest.pipeline import FAILED, FileResult


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", "db_dir", type=click.Path(path_type=Path), help="Database folder.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--prune", is_flag=True,
              help="Also remove reports ingested from these folders whose files are gone.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def ingest_command(ctx: click.Context, paths: tuple[Path, ...], db_dir: Path | None,
                   dry_run: bool, prune: bool, as_json: bool) -> None:
    """Ingest report files or folders (recursively): .txt, .md, .html.

    Safe to re-run: unchanged files are skipped, edited files replace their
    old passages. Exits with status 1 if any file failed.
    """
    service = ctx.obj["service"](db_dir)
    bar = None
    err = click.get_text_stream("stderr")

    def on_start(total: int) -> None:
        nonlocal bar
        if sys.stderr.isatty() and not as_json:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="file", desc="ingest", file=sys.stderr)

    def on_file(result: FileResult) -> None:
        if result.status == FAILED:
            msg = f"error: {result.path}: {result.detail}"
            (bar.write(msg, file=sys.stderr) if bar else click.echo(msg, file=err))
        if bar:
            bar.update(1)

    report = service.ingestor.ingest(list(paths), dry_run=dry_run, on_file=on_file,
                                     on_start=on_start, prune=prune)
    if bar:
        bar.close()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        if dry_run:
            click.echo("dry run: nothing was written")
        click.echo(report.summary())
        if not report.changed and not dry_run and not report.failed:
            click.echo("nothing changed")
        for r in report.failed:
            click.echo(f"  failed: {r.path}: {r.detail}")
    if report.failed:
        ctx.exit(1)
