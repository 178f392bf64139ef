"""The benchmark document generator: deterministic, sized, varied, multilingual, Zipf-like."""

from __future__ import annotations

import math
import re
import statistics
import time
from collections import Counter
from pathlib import Path

import pytest

from praxhub.demo.generator import GeneratedDocument, generate_documents, write_documents
from praxhub.ingest.model import KINDS


def test_same_seed_gives_the_same_documents() -> None:
    first = list(generate_documents(200, seed=5))
    second = list(generate_documents(200, seed=5))
    assert first == second
    assert all(isinstance(doc, GeneratedDocument) for doc in first)


def test_other_seed_gives_other_documents() -> None:
    a = [doc.text for doc in generate_documents(50, seed=1)]
    b = [doc.text for doc in generate_documents(50, seed=2)]
    assert sum(x == y for x, y in zip(a, b, strict=True)) == 0


def test_a_document_does_not_depend_on_how_many_are_asked_for() -> None:
    assert list(generate_documents(30, seed=9)) == list(generate_documents(120, seed=9))[:30]


def test_names_are_sequential_txt_files() -> None:
    names = [doc.name for doc in generate_documents(12)]
    assert names == [f"gen-{i:06d}.txt" for i in range(12)]


@pytest.mark.parametrize("target", [5000, 2000])
def test_sizes_are_near_the_target(target: int) -> None:
    sizes = [len(doc.text) for doc in generate_documents(500, seed=3, target_chars=target)]
    assert abs(statistics.mean(sizes) - target) <= 0.1 * target
    assert min(sizes) >= 0.7 * target
    assert max(sizes) <= 1.4 * target


def test_titles_are_varied_and_open_the_text() -> None:
    docs = list(generate_documents(1000, seed=0))
    titles = [doc.title for doc in docs]
    assert len(set(titles)) >= 0.95 * len(titles)
    for doc in docs:
        # A press release opens with its heading ("PRESS RELEASE"), then the title.
        assert doc.title and doc.title in doc.text.splitlines()[:3], doc.name


def test_languages_and_kinds_are_all_present() -> None:
    docs = list(generate_documents(600, seed=4))
    languages = Counter(doc.language for doc in docs)
    assert set(languages) == {"en", "fr", "de"}
    assert languages["en"] > languages["fr"] and languages["en"] > languages["de"]
    assert min(languages.values()) >= 30
    kinds = {doc.kind for doc in docs}
    assert kinds <= set(KINDS)
    assert len(kinds) >= 7


def test_documents_are_of_the_domain() -> None:
    text = "\n".join(doc.text for doc in generate_documents(300, seed=8))
    for word in ("radicalisation", "prevention", "Member States", "should", "Radikalisierung", "prévention"):
        assert word in text, word
    # Dates in several notations, as in real documents of the field.
    assert re.search(r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|"
                     r"November|December) 20\d\d\b", text)
    assert re.search(r"\bvom \d{1,2}\. bis \d{1,2}\. ", text)
    assert re.search(r"\b(?:le|du) (?:1er|\d{1,2}) [a-zéû]+ 20\d\d\b", text)
    assert "{" not in text and "}" not in text, "an unfilled slot"


def test_vocabulary_is_zipf_like_with_a_long_tail() -> None:
    counts: Counter[str] = Counter()
    for doc in generate_documents(400, seed=6):
        counts.update(re.findall(r"\w+", doc.text.lower()))
    frequencies = sorted(counts.values(), reverse=True)
    ranks = range(10, min(2000, len(frequencies)))
    xs = [math.log(rank) for rank in ranks]
    ys = [math.log(frequencies[rank - 1]) for rank in ranks]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    assert -1.6 <= slope <= -0.7, slope
    assert len(counts) >= 3000
    assert sum(1 for f in frequencies if f == 1) >= 500, "no long tail of rare words"


def test_generation_is_fast() -> None:
    # The benchmark target is 100,000 documents of ~5 kB well under a minute; this checks the rate
    # with a wide margin so that a slow machine does not make the test flaky.
    start = time.perf_counter()
    total = sum(len(doc.text) for doc in generate_documents(2000, seed=2))
    elapsed = time.perf_counter() - start
    assert total > 2000 * 4000
    assert elapsed < 10, f"{2000 / elapsed:.0f} documents/s"


def test_write_documents(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    paths = write_documents(out, 25, seed=7)
    assert [p.name for p in paths] == [f"gen-{i:06d}.txt" for i in range(25)]
    assert sorted(p.name for p in out.iterdir()) == [p.name for p in paths]
    for path, doc in zip(paths, generate_documents(25, seed=7), strict=True):
        assert path.read_text(encoding="utf-8") == doc.text


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        list(generate_documents(-1))
    with pytest.raises(ValueError):
        list(generate_documents(1, target_chars=10))
    assert list(generate_documents(0)) == []
