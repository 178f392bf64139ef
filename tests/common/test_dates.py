import datetime as dt

import pytest

from praxhub.dates import month_names, parse_absolute
from praxhub.ingest.metadata import parse_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("20 October 2015", dt.date(2015, 10, 20)),
        ("20th October 2015", dt.date(2015, 10, 20)),
        ("October 20, 2015", dt.date(2015, 10, 20)),
        ("Oct. 20 2015", dt.date(2015, 10, 20)),
        ("Wednesday, 13 June, 2018", dt.date(2018, 6, 13)),
        ("20.10.2015", dt.date(2015, 10, 20)),
        ("20/10/2015", dt.date(2015, 10, 20)),
        ("2015-10-20", dt.date(2015, 10, 20)),
        ("le 1er juin 2018", dt.date(2018, 6, 1)),
        ("12 décembre 2019", dt.date(2019, 12, 12)),
        ("3. März 2019", dt.date(2019, 3, 3)),
        ("am 14. November 2020", dt.date(2020, 11, 14)),
        ("18 of May 2018", dt.date(2018, 5, 18)),
    ],
)
def test_common_forms(text, expected):
    assert parse_absolute(text) == expected
    assert parse_date(text) == expected  # the metadata parser agrees, fast path or not


@pytest.mark.parametrize("text", ["31 February 2019", "13.13.2019", "June 2018", "12-13 June 2018",
                                  "in 2018", "Article 12 June", "20 Octobre", "1 January 1800", ""])
def test_incomplete_or_impossible_dates_are_not_guessed(text):
    assert parse_absolute(text) is None


def test_month_names_come_from_locale_data():
    names = month_names()
    assert names["juin"] == names["juni"] == names["june"] == 6
    assert names["marz"] == names["mars"] == 3
