"""Retrieval quality on a TREC-style collection (default: ../shared/eval/retrieval-dev):
load the passages as documents, run every query through praxhub's search service, and score
the run with the collection's own nDCG scorer.

    python benchmarks/retrieval.py [--collection DIR] [--run-out FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import _harness

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "retrieval-dev"


def child(collection: Path, run_out: Path) -> dict:
    _harness.setup_django()
    from praxhub.ingest.model import ParsedDocument
    from praxhub.search.service import search
    from praxhub.store.documents import save_parsed

    ids: dict[int, str] = {}
    for line in (collection / "corpus.jsonl").read_text().splitlines():
        p = json.loads(line)
        text = f"{p['title']}\n\n{p['text']}"
        sha = hashlib.sha256(text.encode()).hexdigest()
        doc = ParsedDocument(source_path=f"/collection/{p['id']}", source_name=p["id"], format="txt",
                             media_type="text/plain", sha256=sha, size=len(text), text=text, title=p["title"],
                             language=p.get("language") or "und", published=None, kind="other")
        ids[save_parsed(doc).document_id] = p["id"]
    rows = []
    for line in (collection / "queries.jsonl").read_text().splitlines():
        query = json.loads(line)
        page = search(query["query"], limit=100, snippets=False)
        for rank, hit in enumerate(page.hits, start=1):
            rows.append(json.dumps({"qid": query["id"], "docid": ids[hit.id], "rank": rank, "score": hit.score}))
    run_out.write_text("\n".join(rows) + "\n")
    scorer = subprocess.run([sys.executable, str(collection / "ndcg.py"), str(collection / "qrels.tsv"), str(run_out)],
                            capture_output=True, text=True, check=True)
    scores = dict(line.split("=", 1) for line in scorer.stdout.split() if "=" in line)
    return {k: float(v) for k, v in scores.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--collection", type=Path, default=DEFAULT)
    ap.add_argument("--run-out", type=Path)
    ap.add_argument("--backend", help=argparse.SUPPRESS)
    args = ap.parse_args()
    run_out = args.run_out or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    if args.backend:
        print(json.dumps(child(args.collection, run_out)))
        return
    common = ["--collection", str(args.collection), "--run-out", str(run_out)]
    result = {"benchmark": "retrieval", "collection": str(args.collection),
              "sqlite": _harness.run_child(__file__, "sqlite", common)}
    if _harness.postgres_available():
        result["postgresql"] = _harness.run_child(__file__, "postgresql", common)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
