"""The shared encodings for JSON-LD blocks and CSV cells."""

import json

import pytest

from praxhub.encodings import csv_cell, script_json


def test_script_json_cannot_end_the_script_element_and_round_trips():
    data = {"name": "</script><script>alert(1)</script> & <!--", "sep": "a\u2028b\u2029c"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM", "'@SUM"),
     ("plain", "plain"), (None, ""), (["a", "b"], "a; b"), ({"name": "RAN"}, "RAN"), (3, "3")],
)
def test_csv_cell_quotes_formulas_and_flattens_values(value, cell):
    assert csv_cell(value) == cell
