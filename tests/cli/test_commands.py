"""The CLI end to end, in-process (Typer's runner) against the test database."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from praxhub.cli.app import app

pytestmark = pytest.mark.django_db
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def ingested(seeds: Path):
    result = run("ingest", str(seeds), "--quiet")
    assert result.exit_code == 0, result.output
    return result


def test_ingest_prints_a_summary_and_is_idempotent(ingested, seeds: Path):
    assert "added" in ingested.output and "5" in ingested.output
    again = run("ingest", str(seeds), "--quiet")
    assert again.exit_code == 0
    assert "unchanged" in again.output


def test_ingest_bad_file_exits_non_zero_with_one_line(tmp_path: Path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"\x00\x01garbage" * 100)
    result = run("ingest", str(bad), "--quiet")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "broken.pdf" in line]
    assert len(lines) == 1 and "failed" in lines[0]


def test_search_json_lines(ingested):
    result = run("search", "national platform", "--json")
    assert result.exit_code == 0, result.output
    hits = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert hits
    assert {"id", "title", "source", "score", "snippet"} <= hits[0].keys()
    assert hits[0]["source"] == "003_a1779dfe0ce0d83c.txt"
    assert "<mark>" in hits[0]["snippet"]


def test_search_table_and_filters(ingested):
    result = run("search", "radicalisation", "--lang", "en", "--limit", "2")
    assert result.exit_code == 0
    assert "result(s)" in result.output
    assert run("search", "radicalisation", "--from", "2099").output.strip() == "No results."


@pytest.mark.parametrize(
    "args, message",
    [
        (["search", ""], "query: empty"),
        (["search", "x", "--from", "someday"], "from:"),
        (["search", "x", "--kind", "poem"], "kind:"),
        (["search", "prison OR NOT probation"], "NOT"),
    ],
)
def test_search_bad_input_is_one_clear_line(ingested, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_show_stats_export(ingested, tmp_path: Path):
    doc_id = json.loads(run("search", "CODEXTER", "--json").output.splitlines()[0])["id"]
    shown = run("show", str(doc_id), "--json")
    assert json.loads(shown.output)["source"] == "003_a1779dfe0ce0d83c.txt"
    assert run("show", "999999").exit_code == 1
    stats = json.loads(run("stats", "--json").output)
    assert stats["documents"] == 5 == stats["indexed"]
    out = tmp_path / "export.jsonl"
    assert run("export", "--format", "jsonl", "-o", str(out)).exit_code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 5 and all(r["text"] for r in rows)


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "praxhub", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "ingest" in result.stdout


def test_user_add_creates_a_curator_and_refuses_weak_or_duplicate(db):
    from django.contrib.auth import get_user_model

    from praxhub.accounts.services import is_curator

    result = runner.invoke(app, ["user", "add", "cora", "--curator", "--password-stdin"],
                           input="a long curator passphrase\n")
    assert result.exit_code == 0, result.output
    assert "added curator cora" in result.output
    user = get_user_model().objects.get(username="cora")
    assert user.check_password("a long curator passphrase") and is_curator(user)

    again = runner.invoke(app, ["user", "add", "cora", "--password-stdin"], input="another long phrase\n")
    assert again.exit_code == 2 and "user: 'cora' already exists" in again.output
    weak = runner.invoke(app, ["user", "add", "max", "--password-stdin"], input="12345\n")
    assert weak.exit_code == 2 and "password: This password is too short" in weak.output
    assert not get_user_model().objects.filter(username="max").exists()
