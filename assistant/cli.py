"""The `meetings` command: ingest, search, ask, serve."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from assistant.settings import Settings
from meetings_errors import MeetingsError


def _service_factory(settings: Settings):
    def make(db_dir: Path | None):
        from assistant.service import MeetingsService

        s = settings.model_copy(update={"db_dir": db_dir}) if db_dir else settings
        return MeetingsService(s)

    return make


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        # Errors are translated for people here, at the edge, and nowhere else.
        try:
            return super().invoke(ctx)
        except MeetingsError as e:
            click.echo(f"error: {e}", err=True)
            ctx.exit(2)


@click.group(cls=_Group)
@click.version_option(package_name="meetings-assistant")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Chat assistant over county-government meeting records."""
    ctx.ensure_object(dict)
    ctx.obj.setdefault("settings", Settings())
    ctx.obj.setdefault("service", _service_factory(ctx.obj["settings"]))


def _register() -> None:
    from ingest.cli import ingest_command

    cli.add_command(ingest_command)


_register()
db_option = click.option("--db", "db_dir", type=click.Path(path_type=Path),
                         help="Database folder (default: MEETINGS_DB_DIR).")


@cli.command()
@click.argument("question")
@click.option("--top-k", "-k", default=None, type=click.IntRange(1, 200), help="Passages to show.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--quotes", is_flag=True, help="Print 「quote」（meeting, file） lines to paste into a draft.")
@db_option
@click.pass_context
def search(ctx: click.Context, question: str, top_k: int | None, as_json: bool, quotes: bool,
           db_dir: Path | None) -> None:
    """Ranked passages for QUESTION, with provenance (for drafting)."""
    service = ctx.obj["service"](db_dir)
    result = service.retriever.search(question, k=top_k)
    rows = result.rows()
    for row, passage in zip(rows, result.passages, strict=True):
        # Page (PDF/OFD/scans) or paragraph (Word) provenance, for citing.
        row["page"] = passage.metadata.get("page")
        row["paragraph"] = passage.metadata.get("paragraph")
    if as_json:
        out = {"query": question, "normalized_query": result.query,
               "meetings_matched": [r.label for r in result.meetings],
               "unmatched_reference": result.unmatched, "results": rows}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if result.unmatched:
        click.echo(f"记录中没有{result.ref.describe()}。")
    if quotes:
        for r in rows:
            click.echo(f"「{r['text'].strip()}」（{r['meeting']['label']}，{Path(r['source']).name}）\n")
        return
    for r in rows:
        where = f", p. {r['page']}" if r["page"] else ""
        click.echo(f"[{r['rank']}] {r['meeting']['label']}  ({r['source']}{where})")
        click.echo(f"    {r['text']}\n")


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@db_option
@click.pass_context
def ask(ctx: click.Context, question: str, as_json: bool, db_dir: Path | None) -> None:
    """Answer QUESTION with numbered citations to source sentences."""
    service = ctx.obj["service"](db_dir)
    answer = service.answerer.answer(question)
    pages = _pages(service, [c.passage_id for c in answer.citations])
    if as_json:
        out = answer.to_dict()
        for c in out.get("citations", []):
            c["page"] = pages.get(c.get("passage_id"))
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(answer.answer)
    if answer.citations:
        click.echo("\n来源：")
        for c in answer.citations:
            where = f"，第{pages[c.passage_id]}页" if pages.get(c.passage_id) else ""
            click.echo(f"[{c.n}] {c.meeting['label']} — {c.source}{where}\n    「{c.quote}」")


def _pages(service, passage_ids: list[str]) -> dict[str, int]:
    """The page each cited passage is on (PDF, OFD, scans; passages never straddle pages)."""
    ids = [i for i in dict.fromkeys(passage_ids) if i]
    return {h.id: h.metadata["page"] for h in service.passages.get(ids) if h.metadata.get("page")}


@cli.command()
@db_option
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default 7860).")
@click.pass_context
def serve(ctx: click.Context, db_dir: Path | None, host: str | None, port: int | None) -> None:
    """Start the web chat (Gradio)."""
    import app

    service = ctx.obj["service"](db_dir)
    app.launch(service, host=host, port=port)


def main() -> None:
    """Console-script entry point."""
    cli(obj={}, prog_name="meetings")


if __name__ == "__main__":
    sys.exit(main())
