import pytest

from praxhub.search import query as q


def test_implicit_and_and_operators():
    assert q.parse("prison exit").root == q.And((q.Term("prison"), q.Term("exit")))
    assert q.parse("prison OR probation").root == q.Or((q.Term("prison"), q.Term("probation")))
    assert q.parse("prison NOT probation").root == q.And((q.Term("prison"), q.Not(q.Term("probation"))))
    assert q.parse("prison -probation").root == q.And((q.Term("prison"), q.Not(q.Term("probation"))))


def test_lowercase_operators_are_words():
    assert q.parse("law and order").root == q.And((q.Term("law"), q.Term("and"), q.Term("order")))


def test_precedence_and_groups():
    assert q.parse("a b OR c").root == q.Or((q.And((q.Term("a"), q.Term("b"))), q.Term("c")))
    assert q.parse("(a OR b) c").root == q.And((q.Or((q.Term("a"), q.Term("b"))), q.Term("c")))


def test_phrases_prefixes_and_punctuated_words():
    assert q.parse('"exit programme"').root == q.Phrase(("exit", "programme"))
    assert q.parse("radical*").root == q.Prefix("radical")
    assert q.parse("P/CVE").root == q.Phrase(("p", "cve"))
    assert q.parse("Prévention").root == q.Term("prévention")


@pytest.mark.parametrize(
    "text, notice",
    [
        ('"exit programme', "closing quote"),
        ("(prison OR probation", "missing ')'"),
        ("prison)", "unmatched ')'"),
        ("prison OR", "OR without"),
        ("prison NOT", "NOT without"),
    ],
)
def test_malformed_queries_are_repaired_with_a_notice(text, notice):
    parsed = q.parse(text)
    assert parsed.root is not None
    assert any(notice in n for n in parsed.notices), parsed.notices


@pytest.mark.parametrize("text", ["", "   ", "^^^ ::: ***", "()", '""', "AND OR NOT"])
def test_queries_without_words_are_empty(text):
    assert q.parse(text).is_empty


def test_fts_syntax_and_injection_strings_are_only_words():
    parsed = q.parse("title:x NEAR(a b) ^c'; DROP TABLE documents_document; --")
    words = [leaf.word for leaf in q.leaves(parsed.root) if isinstance(leaf, q.Term)]
    assert "drop" in words and "table" in words
    assert all(w.isalnum() for w in words)


def test_huge_query_is_cut_to_max_terms():
    parsed = q.parse("word " * 5000, max_terms=64)
    assert len(q.leaves(parsed.root)) == 64
    assert any("first 64 terms" in n for n in parsed.notices)


def test_deep_nesting_does_not_recurse_forever():
    parsed = q.parse("(" * 5000 + "prison" + ")" * 5000)
    assert parsed.notices


def test_not_inside_or_is_refused_with_a_clear_message():
    with pytest.raises(q.QuerySyntaxError, match="NOT can only exclude"):
        q.parse("prison OR NOT probation")


def test_exclusion_only_query_parses():
    root = q.parse("NOT probation").root
    assert root == q.Not(q.Term("probation"))
    assert q.positive_and_negative(root) == ([], [q.Term("probation")])
