"""Extraction benchmark: documents/s and MB/s of text through `praxhub.extract.pipeline.extract`
on one core, on the seed documents and on generated ~5 kB documents, with the time of each
stage so the slowest one is visible.

    python benchmarks/extract.py [--n 1000] [--size 5000] [--seeds DIR]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


def _time_stages(parsed_docs: list) -> dict[str, float]:
    """Milliseconds per document spent in each stage (same calls as the pipeline makes)."""
    from praxhub.extract import countries, events, initiatives, organisations, places, recommendations, themes
    from praxhub.extract.context import DocContext

    totals: dict[str, float] = defaultdict(float)
    for p in parsed_docs:
        ctx = DocContext(p.text, p.language, p.title, p.published, p.kind, p.source_name)
        t = time.perf_counter()
        orgs = organisations.find_organisations(p.text, p.language)
        totals["organisations"] += time.perf_counter() - t
        t = time.perf_counter()
        initiatives.find_initiatives(p.text, p.language)
        totals["initiatives"] += time.perf_counter() - t
        t = time.perf_counter()
        found = places.find_places(p.text, p.language)
        totals["places"] += time.perf_counter() - t
        t = time.perf_counter()
        events.find_events(ctx, orgs, found)
        totals["events"] += time.perf_counter() - t
        t = time.perf_counter()
        recommendations.find_recommendations(ctx, orgs)
        totals["recommendations"] += time.perf_counter() - t
        t = time.perf_counter()
        countries.document_countries(p.text, found, [])
        totals["countries"] += time.perf_counter() - t
        t = time.perf_counter()
        themes.score_themes(p.text, p.language)
        totals["themes"] += time.perf_counter() - t
    return {k: round(v / len(parsed_docs) * 1000, 3) for k, v in sorted(totals.items(), key=lambda kv: -kv[1])}


def run(parsed_docs: list, repeat: int = 1) -> dict:
    from praxhub.extract.pipeline import extract

    chars = sum(len(p.text) for p in parsed_docs)
    extract(parsed_docs[0])  # load data files and automata once, as a long-running process would
    started = time.perf_counter()
    for _ in range(repeat):
        for p in parsed_docs:
            extract(p)
    seconds = time.perf_counter() - started
    n = len(parsed_docs) * repeat
    return {"documents": len(parsed_docs), "repeat": repeat, "mean_chars": round(chars / len(parsed_docs)),
            "documents_per_s": round(n / seconds, 1), "mb_text_per_s": round(chars * repeat / 1e6 / seconds, 2),
            "ms_per_document_by_stage": _time_stages(parsed_docs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--size", type=int, default=5000)
    ap.add_argument("--seeds", type=Path, default=SEEDS)
    args = ap.parse_args()

    from praxhub.demo.generator import generate_documents
    from praxhub.ingest import parse_bytes, parse_file

    result: dict = {"benchmark": "extract", "cores": 1}
    if args.seeds.is_dir():
        seeds = [parse_file(p, 10**8)[1] for p in sorted(args.seeds.iterdir()) if p.is_file()]
        result["seeds"] = run(seeds, repeat=20)
    generated = [parse_bytes(g.text.encode(), f"/generated/{g.name}")
                 for g in generate_documents(args.n, seed=5, target_chars=args.size)]
    result["generated"] = run(generated)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
