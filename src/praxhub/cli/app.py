"""The praxhub command line. Commands are thin: they parse options, call services and render.

Django is set up only by the commands that need the database, so `praxhub extract` and
`praxhub --help` stay fast and work without one.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from contextlib import suppress
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    FileSizeColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TotalFileSizeColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from rich.text import Text

from praxhub import __version__, config

app = typer.Typer(
    name="praxhub",
    help="Knowledge hub for the prevention of radicalisation and violent extremism.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=False)
# soft_wrap: an error line stays one line whatever the terminal width.
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def setup_django(migrate: bool = True) -> None:
    """Configure Django from praxhub.config and bring the database schema up to date."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praxhub.web.settings")
    try:
        cfg = config.get()
    except config.ConfigError as exc:
        fail(str(exc))
    cfg.data_dir.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    if migrate:
        from praxhub.documents.database import migrate_if_needed

        try:
            migrate_if_needed()
        except Exception as exc:  # an unreachable server or a bad URL: one line, not a traceback
            fail(f"database {redact(cfg.database_url)}: {str(exc).strip().splitlines()[0]}", 1)


def redact(url: str) -> str:
    """A database URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}@{host}"
    return url


def version_callback(value: bool) -> None:
    if value:
        out.print(f"praxhub {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """praxhub: ingest documents, extract what they say, search and share it."""
    from praxhub.audit import context as audit_context

    # What a command writes is recorded in the audit log as "cli:<os user>".
    token = audit_context.set_origin(audit_context.cli_origin())
    ctx.call_on_close(lambda: audit_context.reset_origin(token))


# --------------------------------------------------------------------------- ingest


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (searched recursively).")],
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64, help="Parse files in N processes.")] = 1,
    force: Annotated[bool, typer.Option(help="Re-parse files even when their content is unchanged.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    extract: Annotated[bool, typer.Option("--extract/--no-extract",
                                          help="Extract events, recommendations, organisations...")] = True,
    visibility: Annotated[str | None, typer.Option(
        help="Who may see these documents and what is extracted from them: 'public', 'members' or "
             "'groups:NAME[,NAME...]'. Without it new documents are public and known ones keep theirs.")] = None,
) -> None:
    """Read .txt, .md, .html, .pdf and .docx files into the knowledge base."""
    setup_django()
    from praxhub.accounts.audience import Access
    from praxhub.store.runner import FAILED, OUTCOMES, IngestEvent, collect, ingest_paths

    access = None
    if visibility is not None:
        try:
            access = Access.parse(visibility)
        except ValueError as exc:
            fail(str(exc))

    files, missing = collect(paths)
    for line in missing:
        err.print(f"[red]failed:[/] {escape(line)}")
    total_bytes = 0
    for f in files:
        with suppress(OSError):
            total_bytes += f.stat().st_size
    # One task counts bytes (for size and rate columns); the file count rides along as fields.
    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        TextColumn("{task.fields[done]}/{task.fields[files]} files"),
        FileSizeColumn(),
        TextColumn("/"),
        TotalFileSizeColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
    )
    task = progress.add_task("ingest", total=max(total_bytes, 1), done=0, files=len(files))
    done = 0

    def on_event(event: IngestEvent) -> None:
        nonlocal done
        done += 1
        progress.update(task, advance=event.size, done=done)
        if event.outcome == FAILED:
            progress.console.print(f"[red]failed:[/] {escape(event.error or event.path)}")

    with progress:
        report = ingest_paths(paths, jobs=jobs, force=force, on_event=on_event, files=files, extract=extract,
                              access=access)
    report.counts[FAILED] += len(missing)

    table = Table(title="ingest summary", show_edge=False)
    for outcome in OUTCOMES:
        table.add_column(outcome, justify="right")
    table.add_column("MB", justify="right")
    table.add_column("seconds", justify="right")
    table.add_column("files/s", justify="right")
    rate = report.files / report.seconds if report.seconds else 0.0
    table.add_row(*(str(report.counts[o]) for o in OUTCOMES), f"{report.bytes / 1e6:.2f}",
                  f"{report.seconds:.2f}", f"{rate:.1f}")
    err.print(table)
    if report.counts[FAILED]:
        raise typer.Exit(1)


# --------------------------------------------------------------------------- search


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "phrases", prefix*, AND / OR / NOT, (groups).')],
    kind: Annotated[list[str] | None, typer.Option(help="Document kind, e.g. conclusions.")] = None,
    lang: Annotated[list[str] | None, typer.Option(help="Language code, e.g. en.")] = None,
    country: Annotated[list[str] | None, typer.Option(help="ISO 3166-1 alpha-2 code, e.g. SI.")] = None,
    theme: Annotated[list[str] | None, typer.Option(help="Theme id, e.g. prisons.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Published on or after (YYYY-MM-DD or YYYY).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Published on or before (YYYY-MM-DD or YYYY).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most hits to show.")] = 10,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many hits.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per hit (JSON Lines).")] = False,
) -> None:
    """Ranked full-text search with highlighted snippets."""
    if not query.strip():
        fail("query: empty; type one or more words, e.g. praxhub search \"exit programme\"")
    setup_django()
    from praxhub.search.service import SearchError, make_filters
    from praxhub.search.service import search as run_search

    try:
        filters = make_filters(kind or [], lang or [], country or [], theme or [], date_from, date_to)
        page = run_search(query, filters, limit=limit, offset=offset)
    except SearchError as exc:
        fail(str(exc))
    for notice in page.notices:
        err.print(f"[yellow]note:[/] {escape(notice)}")
    if as_json:
        for hit in page.hits:
            sys.stdout.write(json.dumps(hit.as_json(), ensure_ascii=False) + "\n")
        return
    if not page.hits:
        out.print("No results.")
        return
    counted = f"more than {page.total}" if page.total_is_lower_bound else str(page.total)
    out.print(f"[bold]{counted}[/] result(s); showing {offset + 1}–{offset + len(page.hits)}")
    for rank, hit in enumerate(page.hits, start=offset + 1):
        head = Text(f"{rank:>3}. ", style="dim")
        head.append(hit.title, style="bold")
        head.append(f"  [{hit.id}] {hit.source} · {hit.kind} · {hit.language}", style="dim")
        if hit.published:
            head.append(f" · {hit.published.isoformat()}", style="dim")
        head.append(f" · score {hit.score:.3f}", style="dim")
        out.print(head)
        snippet = Text("     ")
        for text, is_match in hit.snippet.fragments():
            snippet.append(text, style="bold yellow" if is_match else "")
        out.print(snippet)


# --------------------------------------------------------------------------- show / stats / export


@app.command()
def show(
    document_id: Annotated[int, typer.Argument(help="Document id (see search results).")],
    text: Annotated[bool, typer.Option(help="Print the full text.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one document: metadata and text."""
    setup_django()
    from praxhub.documents import services
    from praxhub.documents.models import Document

    doc = Document.objects.filter(pk=document_id).first()
    if doc is None:
        fail(f"document {document_id}: no such document", 1)
    data = services.as_json(doc, with_text=text)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return
    table = Table(show_header=False, show_edge=False, title=escape(doc.title or doc.source_name))
    for key in ("id", "kind", "format", "language", "published", "source", "source_path", "size", "pages",
                "countries", "themes", "sha256", "updated_at"):
        value = data[key]
        table.add_row(key, escape(", ".join(value) if isinstance(value, list) else str(value)))
    out.print(table)
    if text:
        out.print()
        out.print(escape(doc.text), soft_wrap=True)


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Counts of documents by kind, language and format."""
    setup_django()
    from praxhub.documents import services

    data = services.stats()
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return
    table = Table(show_header=False, show_edge=False, title="praxhub")
    table.add_row("documents", str(data["documents"]))
    table.add_row("indexed for search", f"{data['indexed']} ({data['search_backend']})")
    table.add_row("size of originals", f"{data['bytes'] / 1e6:.2f} MB")
    table.add_row("published", f"{data['published_from'] or '—'} … {data['published_to'] or '—'}")
    for key in ("by_kind", "by_language", "by_format"):
        table.add_row(key.replace("_", " "), ", ".join(f"{k} {v}" for k, v in data[key].items()) or "—")
    out.print(table)


class ExportFormat(StrEnum):
    jsonl = "jsonl"


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    text: Annotated[bool, typer.Option(help="Include the full text.")] = True,
) -> None:
    """Export every document as JSON Lines."""
    setup_django()
    from praxhub.documents import services

    if output is None:
        for row in services.export(with_text=text):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    # Written beside the target and renamed at the end: never a half-written export file.
    tmp = output.with_name(f".{output.name}.partial")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            count = 0
            for row in services.export(with_text=text):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        fail(f"{output}: {exc.strerror or exc}", 1)
    err.print(f"exported {count} documents to {output}")


@app.command()
def reindex() -> None:
    """Rebuild the full-text index from the stored documents."""
    setup_django()
    from django.db import transaction

    from praxhub.search.backends import get_backend

    with transaction.atomic():
        count = get_backend().rebuild(config.get().search_max_chars)
    err.print(f"re-indexed {count} documents")


@app.command()
def backup(
    archive: Annotated[Path, typer.Argument(help="The archive to write, e.g. praxhub-2026-12-06.tar")],
) -> None:
    """Write the database and the original files into one archive (the hub may keep running)."""
    setup_django()
    from praxhub.store.backup import BackupError
    from praxhub.store.backup import backup as make_backup

    try:
        report = make_backup(archive)
    except BackupError as exc:
        fail(str(exc), 1)
    rows = sum(report.tables.values())
    err.print(f"backed up {report.database} ({len(report.tables)} tables, {rows} rows) and {report.originals} "
              f"original files to {report.path} ({report.bytes / 1e6:.1f} MB)")


@app.command()
def restore(
    archive: Annotated[Path, typer.Argument(help="An archive written by praxhub backup")],
    force: Annotated[bool, typer.Option("--force", help="Replace a hub that already holds documents")] = False,
) -> None:
    """Replace the database with the archive's and add its original files; checks every file first."""
    setup_django()
    from praxhub.store.backup import BackupError
    from praxhub.store.backup import restore as restore_backup

    try:
        report = restore_backup(archive, force=force)
    except BackupError as exc:
        fail(str(exc), 1)
    err.print(f"restored {report.database} ({sum(report.tables.values())} rows) and {report.originals} "
              f"original files from {report.path}")


@app.command("settings")
def show_settings() -> None:
    """The settings praxhub reads from the environment, with their current values."""
    table = Table("variable", "value", "meaning", show_edge=False)
    for setting in config.SETTINGS:
        value = os.environ.get(setting.name, setting.default)
        if "SECRET" in setting.name and value:
            value = "(set)"
        if setting.name == "PRAXHUB_EMAIL_BACKEND":
            value = redact(value)
        if setting.name == "PRAXHUB_DATABASE_URL":
            value = redact(value) if value else f"(default) {redact(config.get().database_url)}"
        if setting.name == "PRAXHUB_DATA_DIR" and not value:
            value = f"(default) {config.get().data_dir}"
        table.add_row(setting.name, escape(value), escape(setting.help))
    out.print(table)


# --------------------------------------------------------------------------- extract / eval


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def _extract_files(paths: list[Path]) -> tuple[list[tuple[Path, dict]], list[str]]:
    """Parse and extract each file in input order; no database. Returns results and error lines."""
    from praxhub import ingest
    from praxhub.extract.pipeline import extract as run_extract

    cfg = config.get()
    results: list[tuple[Path, dict]] = []
    errors: list[str] = []
    for raw in paths:
        if not raw.exists():
            errors.append(f"{raw}: no such file or directory")
            continue
        for path in ingest.iter_files([raw]):
            try:
                _content, parsed = ingest.parse_file(path, cfg.max_file_bytes)
            except ingest.IngestError as exc:
                errors.append(str(exc))
                continue
            results.append((path, run_extract(parsed).to_contract()))
    return results, errors


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (searched recursively).")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.jsonl,
) -> None:
    """Print what praxhub extracts from documents (the extraction contract), without a database."""
    results, errors = _extract_files(paths)
    for line in errors:
        err.print(f"[red]failed:[/] {escape(line)}")
    if format is ExtractFormat.jsonl:
        for _, data in results:
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    elif format is ExtractFormat.json:
        sys.stdout.write(json.dumps([d for _, d in results], ensure_ascii=False, indent=2) + "\n")
    else:
        for path, data in results:
            _print_extraction(path, data)
    if errors:
        raise typer.Exit(1)


def _print_extraction(path: Path, data: dict) -> None:
    out.rule(f"[bold]{escape(path.name)}[/]  {escape(data.get('title') or '')}")
    out.print(f"language {data['language']} · published {data['published'] or '—'} · countries "
              f"{', '.join(data['countries']) or '—'} · themes {', '.join(data['themes']) or '—'}")
    if data["events"]:
        table = Table("event", "kind", "start", "end", "place", "organisers", title="events", show_edge=False)
        for e in data["events"]:
            place = ", ".join(x for x in (e.get("city"), e.get("country")) if x)
            table.add_row(escape(e["title"]), e["kind"], e["start"] or "—", e["end"] or "—", escape(place) or "—",
                          escape("; ".join(e["organisers"])))
        out.print(table)
    if data["recommendations"]:
        table = Table("issuer", "addressee", "verb", "recommendation", title="recommendations", show_edge=False)
        for r in data["recommendations"]:
            table.add_row(escape(r.get("issuer") or "—"), escape(r.get("addressee") or "—"), r.get("verb") or "",
                          escape(r["text"]))
        out.print(table)
    if data["organisations"]:
        out.print("organisations: " + escape(", ".join(
            o["name"] + (f" ({o['acronym']})" if o.get("acronym") else "") + ("" if o.get("known", True) else " [new]")
            for o in data["organisations"])))
    if data["initiatives"]:
        out.print("initiatives: " + escape(", ".join(f"{i['name']} [{i['kind']}]" for i in data["initiatives"])))


@app.command("eval")
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of NAME.json gold files (the contract's shape).")],
    docs_dir: Annotated[Path, typer.Argument(help="Folder holding the documents NAME.* the gold describes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    min_f1: Annotated[list[str] | None, typer.Option("--min-f1", help="KIND=VALUE; exit 1 below it.")] = None,
) -> None:
    """Score praxhub's extraction against your own gold annotations."""
    from praxhub import ingest
    from praxhub.extract.evaluation import KINDS, score

    if not gold_dir.is_dir():
        fail(f"{gold_dir}: not a folder of gold files")
    if not docs_dir.is_dir():
        fail(f"{docs_dir}: not a folder of documents")
    gold: dict[str, dict] = {}
    for file in sorted(gold_dir.glob("*.json")):
        try:
            gold[file.stem] = json.loads(file.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            fail(f"{file}: not valid JSON ({exc})")
    if not gold:
        fail(f"{gold_dir}: no .json gold files")
    minimums: dict[str, float] = {}
    for spec in min_f1 or []:
        kind, _, value = spec.partition("=")
        try:
            minimums[kind] = float(value)
        except ValueError:
            fail(f"--min-f1: {spec!r} is not KIND=VALUE")
        if kind not in KINDS:
            fail(f"--min-f1: {kind!r} is not one of {', '.join(KINDS)}")
    docs = [p for p in ingest.iter_files([docs_dir]) if p.stem in gold]
    results, errors = _extract_files(docs)
    for line in errors:
        err.print(f"[red]failed:[/] {escape(line)}")
    report = score(gold, [data for _, data in results])
    if as_json:
        full = {"summary": report.summary, "per_document": report.per_document}
        sys.stdout.write(json.dumps(full, indent=2) + "\n")
    else:
        title = f"extraction on {len(gold)} documents"
        table = Table("kind", "precision", "recall", "F1", title=title, show_edge=False)
        for kind in KINDS:
            row = report.summary[kind]
            table.add_row(kind, f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}")
        out.print(table)
        fields = report.summary["event_fields_accuracy"]
        out.print("event fields accuracy: " + ", ".join(f"{k} {v}" for k, v in fields.items())
                  + f" · addressee accuracy {report.summary['addressee_accuracy']}")
        for name, row in report.per_document.items():
            out.print(f"  {escape(name)}: matched/predicted/gold {escape(str(row))}", soft_wrap=True)
    failures = report.failures(minimums)
    if failures:
        err.print("[red]FAIL:[/] " + escape("; ".join(failures)))
        raise typer.Exit(1)


# --------------------------------------------------------------------------- users


user_app = typer.Typer(help="Accounts: add curators and members.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="The new user's sign-in name.")],
    email: Annotated[str, typer.Option(help="E-mail address (for password reset).")] = "",
    curator: Annotated[bool, typer.Option("--curator", help="May confirm, edit, reject and merge items.")] = False,
    admin: Annotated[bool, typer.Option("--admin", help="Full access, including /admin/.")] = False,
    group: Annotated[list[str] | None, typer.Option(
        help="A group the user belongs to (e.g. a national platform); sees what is restricted to it. "
             "Created when new. Repeat for several.")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from standard "
                                                 "input instead of prompting.")] = False,
) -> None:
    """Create an account. The password is prompted for (or read from stdin), never an argument."""
    setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from praxhub.accounts.services import create_user

    if get_user_model().objects.filter(username=username).exists():
        fail(f"user: {username!r} already exists")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        validate_password(password)
    except ValidationError as exc:
        fail(f"password: {' '.join(exc.messages)}")
    from django.contrib.auth.models import Group
    from django.db import transaction

    names = [g.strip() for g in group or [] if g.strip()]
    with transaction.atomic():
        user = create_user(username, password, email=email, curator=curator, admin=admin)
        for name in names:
            user.groups.add(Group.objects.get_or_create(name=name[:150])[0])
    role = "admin" if admin else "curator" if curator else "member"
    err.print(f"added {role} {escape(username)}" + (f" in {escape(', '.join(names))}" if names else ""))


token_app = typer.Typer(help="API tokens: a script reads (or writes) through the API as a user.",
                        no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="Whose token: the script sees what this user sees.")],
    name: Annotated[str, typer.Option(help="What the token is for.")],
    scope: Annotated[str, typer.Option(help="'read', or 'write' (read and write).")] = "read",
) -> None:
    """Create a token and print its secret (once: only a digest is kept)."""
    setup_django()
    from django.contrib.auth import get_user_model

    from praxhub.accounts import tokens

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        fail(f"user: there is no active user {username!r}")
    try:
        token, secret = tokens.issue(user, name, scope)
    except ValueError as exc:
        fail(str(exc))
    err.print(f"token {token.pk} ({escape(token.scope)}) for {escape(username)}: shown once, keep it safe")
    print(secret)


@token_app.command("list")
def token_list(username: Annotated[str, typer.Argument(help="Whose tokens.")]) -> None:
    """A user's tokens (never their secrets)."""
    setup_django()
    from praxhub.accounts.tokens import ApiToken

    table = Table(show_edge=False)
    for column in ("id", "name", "scope", "created", "last used", "revoked"):
        table.add_column(column)
    for token in ApiToken.objects.filter(user__username=username):
        table.add_row(str(token.pk), escape(token.name), token.scope, f"{token.created_at:%Y-%m-%d %H:%M}",
                      f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "",
                      f"{token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "")
    out.print(table)


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="The token's id (see 'praxhub token list').")]) -> None:
    """Revoke a token: requests carrying it are refused from now on."""
    setup_django()
    from praxhub.accounts import tokens
    from praxhub.accounts.tokens import ApiToken

    token = ApiToken.objects.filter(pk=token_id).first()
    if token is None:
        fail(f"token: there is no token {token_id}")
    tokens.revoke(token)
    err.print(f"revoked token {token_id}")


# --------------------------------------------------------------------------- audit log / personal data


audit_app = typer.Typer(help="The audit log: every write, who made it, before and after.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


def _write_lines(lines: Iterator[str], output: Path | None) -> int:
    """Lines to stdout, or to `output` written beside it and renamed at the end; returns the count."""
    count = 0
    if output is None:
        for line in lines:
            sys.stdout.write(line)
            count += 1
        return count
    tmp = output.with_name(f".{output.name}.partial")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            for line in lines:
                fh.write(line)
                count += 1
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        fail(f"{output}: {exc.strerror or exc}", 1)
    return count


@audit_app.command("export")
def audit_export(
    format: Annotated[str, typer.Option("--format", help="csv or jsonl.")] = "jsonl",
    since: Annotated[str | None, typer.Option(help="Entries on or after this day (YYYY-MM-DD).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """Export the audit log, oldest entry first."""
    if format not in ("csv", "jsonl"):
        fail(f"format: {format!r} is not csv or jsonl")
    setup_django()
    from praxhub.audit import services

    try:
        filters = services.parse_filters({"since": since or ""})
    except services.AuditError as exc:
        fail(str(exc))
    rows = services.export(filters)
    lines = services.csv_lines(rows) if format == "csv" else services.jsonl_lines(rows)
    count = _write_lines(lines, output) - (1 if format == "csv" else 0)
    if output is not None:
        err.print(f"exported {count} audit entries to {output}")


account_app = typer.Typer(help="A person's data, on their request: export it, delete the account.",
                          no_args_is_help=True)
app.add_typer(account_app, name="account")


def _account(username: str) -> Any:
    setup_django()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        fail(f"username: there is no account {username!r}", 1)
    return user


@account_app.command("export")
def account_export(
    username: Annotated[str, typer.Argument(help="The account's sign-in name.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """Everything the hub holds about an account, as JSON."""
    user = _account(username)
    from praxhub.accounts.personal_data import export_user_data

    text = json.dumps(export_user_data(user), ensure_ascii=False, indent=1) + "\n"
    _write_lines(iter([text]), output)
    if output is not None:
        err.print(f"exported the data of {escape(username)} to {output}")


@account_app.command("delete")
def account_delete(
    username: Annotated[str, typer.Argument(help="The account's sign-in name.")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: the personal data is gone for good.")] = False,
) -> None:
    """Delete an account's personal data; what it wrote stays, by "former member"."""
    if not yes:
        fail("yes: deleting an account cannot be undone; add --yes to confirm")
    user = _account(username)
    from praxhub.accounts.personal_data import delete_account

    delete_account(user)
    err.print(f"deleted the personal data of {escape(username)}; its contributions stay, by \"former member\"")


# --------------------------------------------------------------------------- serve / demo


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=0, max=64, help="Worker processes (0: two per CPU).")] = 0,
    threads: Annotated[int, typer.Option(min=1, max=64, help="Threads per worker.")] = 1,
) -> None:
    """Start the web app with gunicorn (static files served by whitenoise).

    Processes rather than threads by default: the pages are CPU-bound Python, and on 2 cores
    benchmarks/web.py measured 4 workers x 1 thread at the same throughput as 2 x 4 with a
    server-side p95 two to four times lower under 20 concurrent clients."""
    workers = workers or 2 * (os.cpu_count() or 1)
    setup_django()
    from praxhub.web.server import run

    err.print(f"praxhub {__version__} on http://{host}:{port}/  (Ctrl+C stops)")
    run(host, port, workers=workers, threads=threads)


@app.command()
def demo(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to serve on.")] = 8000,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    serve_after: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve after building.")] = True,
) -> None:
    """Build a fresh SQLite database from the bundled demo corpus and serve it."""
    cfg = config.get()
    demo_db = cfg.data_dir / "demo.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{demo_db}{suffix}").unlink(missing_ok=True)
    os.environ["PRAXHUB_DATABASE_URL"] = f"sqlite:///{demo_db}"
    config.get.cache_clear()
    setup_django()
    from importlib.resources import as_file, files

    from praxhub.store.runner import ingest_paths

    with as_file(files("praxhub.demo") / "corpus") as corpus:
        report = ingest_paths([corpus])
    summary = f"demo database {demo_db}: {report.counts['added']} documents added"
    if report.counts["failed"]:
        summary += f", {report.counts['failed']} failed"
    err.print(summary)
    for line in report.errors:
        err.print(f"[red]failed:[/] {escape(line)}")
    from praxhub.accounts.services import create_user

    # A curator account for trying out curation; the password is new for every demo build.
    password = secrets.token_urlsafe(12)
    create_user("curator", password, curator=True)
    err.print(f"demo curator: sign in as [bold]curator[/] with password [bold]{password}[/]")
    if serve_after:
        serve(host=host, port=port, workers=0, threads=1)


def main() -> None:
    # Rich falls back to 80 columns when piped; a wider default keeps tables readable in logs.
    if not sys.stdout.isatty() and "COLUMNS" not in os.environ:
        os.environ["COLUMNS"] = str(max(120, shutil.get_terminal_size((120, 24)).columns))
    app()
