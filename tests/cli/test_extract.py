"""`praxhub extract` (no database) and `praxhub eval` against gold files."""

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from praxhub.cli.app import app

runner = CliRunner()
GOLD = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev"


def test_extract_jsonl_follows_the_contract_in_input_order(seeds: Path):
    files = sorted(seeds.glob("*.txt"))[::-1]
    result = runner.invoke(app, ["extract", *map(str, files), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [r["source"] for r in rows] == [f.name for f in files]
    for row in rows:
        assert {"source", "language", "title", "published", "events", "recommendations", "organisations",
                "initiatives", "countries", "themes"} <= row.keys()
        for item in row["events"] + row["recommendations"] + row["organisations"]:
            start, end = item["span"]
            assert 0 <= start < end
    conclusions = next(r for r in rows if r["source"].startswith("001"))
    assert len(conclusions["recommendations"]) >= 6
    assert all(r["addressee"] for r in conclusions["recommendations"])


def test_extract_json_and_table(seeds: Path):
    one = str(sorted(seeds.glob("*.txt"))[3])
    assert isinstance(json.loads(runner.invoke(app, ["extract", one, "--format", "json"]).output), list)
    table = runner.invoke(app, ["extract", one, "--format", "table"])
    assert table.exit_code == 0 and "events" in table.output


def test_extract_bad_input_is_partial_never_a_traceback(tmp_path: Path):
    (tmp_path / "noise.txt").write_bytes(bytes(range(32, 127)) * 2000 + "ÿ€ 中文 русский".encode())
    (tmp_path / "one-line.txt").write_text("radicalisation " * 200_000)
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 1  # the empty file is named as failed, the others are extracted
    assert "empty.txt" in result.output and "Traceback" not in result.output
    assert sum(1 for line in result.output.splitlines() if line.startswith("{")) == 2


def test_eval_scores_a_users_own_gold(tmp_path: Path, seeds: Path):
    if not GOLD.is_dir():
        import pytest

        pytest.skip("the shared gold files are not beside this checkout")
    result = runner.invoke(app, ["eval", str(GOLD), str(seeds), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["summary"]
    assert summary["documents"] == 5 and not summary["missing_predictions"]
    assert summary["recommendations"]["f1"] >= 0.5
    # a threshold that cannot be met fails with exit code 1
    failing = runner.invoke(app, ["eval", str(GOLD), str(seeds), "--min-f1", "events=1.01"])
    assert failing.exit_code == 1 and "FAIL" in failing.output
    # a gold folder with a broken file names it
    broken = tmp_path / "gold"
    shutil.copytree(GOLD, broken)
    (broken / "000_b8e86e00f9affd54.json").write_text("{not json")
    bad = runner.invoke(app, ["eval", str(broken), str(seeds)])
    assert bad.exit_code == 2 and "000_b8e86e00f9affd54.json" in bad.output
