"""The `meetings` command: ingest, search, export, ask, serve, user."""

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
library_option = click.option("--library", "libraries", multiple=True,
                              help="Only this 资料库 (repeat for several; default: all).")


def _reader(ctx: click.Context, db_dir: Path | None, libraries: tuple[str, ...] = ()):
    """The service for a reading command: the database must exist (never created
    here), and ``--library`` scopes every store it reads."""
    from assistant.db_check import require_database

    service = ctx.obj["service"](db_dir)
    require_database(service.settings.db_dir, service.settings.chroma_host)
    return service.scoped(frozenset(libraries) if libraries else None)


def _question(service, question: str, via: str) -> str:
    """The question checked at the edge (empty, too long, no words), or exit 2 with why."""
    from assistant.input_check import check_question
    from meetings_errors import InputError

    try:
        return check_question(question, service.settings.max_question_chars)
    except InputError as e:
        service.audit.refused(_cli_user(), question, str(e), via)
        raise


def _cli_user() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name (containers)
        return "cli"


@cli.command()
@click.argument("question")
@click.option("--top-k", "-k", default=None, type=click.IntRange(1, 200), help="Passages to show.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--quotes", is_flag=True, help="Print 「quote」（meeting, file） lines to paste into a draft.")
@click.option("--body", default=None, help="Only this meeting body (常务会议, 指挥部 ...).")
@click.option("--year", default=None, type=int, help="Only meetings of this year.")
@click.option("--from", "date_from", default=None, help="Only meetings on or after (2025-10-01).")
@click.option("--to", "date_to", default=None, help="Only meetings on or before (2026-03).")
@click.option("--number", default=None, type=int, help="Only the N-th meeting (第N次).")
@click.option("--department", default=None, help="Only passages naming this department.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance",
              show_default=True)
@db_option
@library_option
@click.pass_context
def search(ctx: click.Context, question: str, top_k: int | None, as_json: bool, quotes: bool,
           body: str | None, year: int | None, date_from: str | None, date_to: str | None,
           number: int | None, department: str | None, sort: str, db_dir: Path | None,
           libraries: tuple[str, ...]) -> None:
    """Ranked passages for QUESTION, with provenance and passage ids (for drafting)."""
    from assistant.drafting.search import SearchFilters
    from assistant.drafting.search import search as filtered_search

    service = _reader(ctx, db_dir, libraries)
    question = _question(service, question, "cli:search")
    filters = SearchFilters(body=body, year=year, date_from=date_from, date_to=date_to,
                            number=number, department=department, sort=sort)
    if filters == SearchFilters():
        result = service.retriever.search(question, k=top_k)
        rows, unmatched, qn, meetings = result.rows(), result.unmatched, result.query, \
            result.meetings
        note = f"记录中没有{result.ref.describe()}。" if unmatched else ""
    else:
        hits = filtered_search(service, question, filters, k=top_k or service.settings.top_k)
        rows, unmatched, note = hits.rows, bool(hits.unmatched), hits.unmatched
        qn, meetings = hits.normalized_query, hits.meetings
    # Page (PDF/OFD/scans) or paragraph (Word) provenance, for citing.
    units = _units(service, [r.get("id") for r in rows])
    for r in rows:
        r["page"], r["paragraph"] = units.get(r.get("id"), (None, None))
    service.audit.searched(_cli_user(), question, rows, "cli:search")
    if as_json:
        out = {"query": question, "normalized_query": qn,
               "meetings_matched": [r.label for r in meetings],
               "unmatched_reference": unmatched, "results": rows}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if note:
        click.echo(note)
    if quotes:
        for r in rows:
            click.echo(f"「{r['text'].strip()}」（{r['meeting']['label']}，{Path(r['source']).name}）\n")
        return
    for r in rows:
        where = f", p. {r['page']}" if r["page"] else ""
        click.echo(f"[{r['rank']}] {r['meeting']['label']}  ({r['source']}{where})  id={r['id']}")
        click.echo(f"    {r['text']}\n")


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--stream", is_flag=True,
              help="Show the model's text on stderr as it arrives (unverified); the verified "
                   "answer follows on stdout.")
@db_option
@library_option
@click.pass_context
def ask(ctx: click.Context, question: str, as_json: bool, stream: bool,
        db_dir: Path | None, libraries: tuple[str, ...]) -> None:
    """Answer QUESTION with numbered citations to source sentences.

    With a model configured, claims its sources do not support are removed and
    listed under "unsupported" (see assistant/verify.py).
    """
    service = _reader(ctx, db_dir, libraries)
    question = _question(service, question, "cli:ask")
    if stream:
        shown = 0
        for part in service.answerer.stream(question):
            if isinstance(part, str):
                click.echo(part[shown:], nl=False, err=True)
                shown = len(part)
            else:
                answer = part
        if shown:
            click.echo("", err=True)
    else:
        answer = service.answerer.answer(question)
    service.audit.asked(_cli_user(), question, answer, "cli:ask")
    pages = _pages(service, [c.passage_id for c in answer.citations])
    if as_json:
        out = answer.to_dict()
        for c in out.get("citations", []):
            c["page"] = pages.get(c.get("passage_id"))
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(answer.answer)
    for u in answer.unsupported:
        click.echo(f"（已删除：{u['claim']} —— {u['reason']}）", err=True)
    if answer.citations:
        click.echo("\n来源：")
        for c in answer.citations:
            where = f"，第{pages[c.passage_id]}页" if pages.get(c.passage_id) else ""
            click.echo(f"[{c.n}] {c.meeting['label']} — {c.source}{where}\n    「{c.quote}」")


def _units(service, passage_ids: list) -> dict[str, tuple[int | None, int | None]]:
    """``(page, paragraph)`` of each passage: pages for PDF/OFD/scans (a passage never
    straddles a page), paragraphs for Word; ``None`` where the format has neither."""
    ids = [i for i in dict.fromkeys(passage_ids) if i]
    return {h.id: (h.metadata.get("page"), h.metadata.get("paragraph"))
            for h in service.passages.get(ids)}


def _pages(service, passage_ids: list[str]) -> dict[str, int]:
    """The page each cited passage is on, for the passages that have one."""
    return {i: page for i, (page, _) in _units(service, passage_ids).items() if page}


@cli.command("export")
@click.argument("ids", nargs=-1, required=True)
@click.option("--out", "-o", "out", required=True, type=click.Path(path_type=Path),
              help="FILE.docx or FILE.md.")
@click.option("--group-by", type=click.Choice(["meeting", "department"]), default="meeting",
              show_default=True)
@db_option
@library_option
@click.pass_context
def export_command(ctx: click.Context, ids: tuple[str, ...], out: Path, group_by: str,
                   db_dir: Path | None, libraries: tuple[str, ...]) -> None:
    """Write the passages IDS (from `search --json`) as a draft with provenance."""
    from assistant.drafting.basket import Basket
    from assistant.drafting.export import export
    from assistant.drafting.items import UnknownPassage, item_for_passage

    if out.suffix.lower() not in (".docx", ".md", ".markdown"):
        raise click.BadParameter("write a .docx or .md file", param_hint="--out")
    service = _reader(ctx, db_dir, libraries)
    basket, unknown = Basket(), []
    for pid in ids:
        try:
            basket.add(item_for_passage(service, pid, whole=True))
        except UnknownPassage:
            unknown.append(pid)
    if unknown:  # nothing is written: a draft missing a passage would mislead
        raise MeetingsError(f"unknown passage id{'s' if len(unknown) > 1 else ''}: "
                            f"{', '.join(unknown)} (ids come from `meetings search --json`)")
    path = export(basket, out, by=group_by)
    service.audit.exported(_cli_user(), path, [p.source for p in basket.sources()],
                           "cli:export")
    click.echo(f"wrote {path} ({len(basket.items)} passages, {len(basket.sources())} reports)")


@cli.command()
@db_option
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default 7860).")
@click.option("--allow-open", is_flag=True,
              help="Serve another address than 127.0.0.1 without a users file (anyone who "
                   "can reach it may read every report).")
@click.pass_context
def serve(ctx: click.Context, db_dir: Path | None, host: str | None, port: int | None,
          allow_open: bool) -> None:
    """Start the web chat (Gradio). With MEETINGS_AUTH_FILE set, users must log in."""
    import app

    service = ctx.obj["service"](db_dir)
    app.launch(service, host=host, port=port, allow_open=allow_open)


def _users(ctx: click.Context):
    from assistant.users import UsersFile

    path = ctx.obj["settings"].auth_file
    if not path:
        raise click.UsageError("set MEETINGS_AUTH_FILE to the users file's path")
    return UsersFile(path)


def _read_password(stdin: bool) -> str:
    """The new password: one line from stdin (scripts), or typed twice (hidden)."""
    if stdin:
        return click.get_text_stream("stdin").readline().rstrip("\r\n")
    return click.prompt("password", hide_input=True, confirmation_prompt=True)


@cli.group()
def user() -> None:
    """Users of the web app (the file MEETINGS_AUTH_FILE; passwords stored hashed)."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["reader", "editor", "admin"]), default="reader",
              show_default=True)
@click.option("--library", "libraries", multiple=True,
              help="A 资料库 the user may read (repeat; admins read every library).")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
@click.pass_context
def user_add(ctx: click.Context, name: str, role: str, libraries: tuple[str, ...],
             password_stdin: bool) -> None:
    """Add user NAME."""
    from assistant.users import Role

    users = _users(ctx)
    u = users.add(name, Role(role), list(libraries), _read_password(password_stdin))
    click.echo(f"added {u.name} ({u.role.value}; {', '.join(u.libraries) or 'all libraries'})")


@user.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def user_list(ctx: click.Context, as_json: bool) -> None:
    """List users (names, roles, libraries; never hashes)."""
    rows = [{"name": u.name, "role": u.role.value, "libraries": list(u.libraries)}
            for u in _users(ctx).load().values()]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['name']}\t{r['role']}\t{','.join(r['libraries']) or '*'}")


@user.command("remove")
@click.argument("name")
@click.pass_context
def user_remove(ctx: click.Context, name: str) -> None:
    """Remove user NAME (from their next request on, an open session sees no report)."""
    _users(ctx).remove(name)
    click.echo(f"removed {name}")


@user.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
@click.pass_context
def user_passwd(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Set a new password for NAME."""
    _users(ctx).passwd(name, _read_password(password_stdin))
    click.echo(f"password changed for {name}")


def main() -> None:
    """Console-script entry point."""
    cli(obj={}, prog_name="meetings")


if __name__ == "__main__":
    sys.exit(main())
