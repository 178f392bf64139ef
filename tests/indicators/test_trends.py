"""Trend indicators: theme frequency per year and new items per month, computed in SQL, kept per
data version, downloadable, drawn as SVG without script."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from praxhub.documents.models import Document
from praxhub.documents.services import invalidate_counts
from praxhub.events.models import Event
from praxhub.indicators import charts, trends

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def corpus(make_document):
    this_month = TODAY.replace(day=1)
    a = make_document("A", "prisons text", published=dt.date(2020, 5, 1), themes=["prisons", "exit"])
    make_document("B", "online text", published=dt.date(2020, 7, 1), themes=["online"])
    make_document("C", "prisons again", published=dt.date(2022, 1, 1), themes=["prisons"])
    make_document("D", "undated", themes=["prisons"])
    make_document("E", "recent", published=this_month, themes=["online"])
    Event.objects.create(document_id=a, span_start=0, span_end=1, fingerprint="e", title="Meeting",
                         start=this_month)
    return a


def test_compute(corpus):
    found = trends.compute()
    assert found.years[:3] == [2020, 2021, 2022]
    assert found.documents_per_year[:3] == [2, 0, 1]
    assert found.themes["prisons"][:3] == [1, 0, 1]  # the undated document is left out
    assert found.theme_share("prisons")[:3] == [50.0, 0.0, 100.0]
    assert found.months[-1] == f"{TODAY:%Y-%m}" and len(found.months) == trends.MONTHS
    assert found.items["documents"][-1] == 1 and found.items["events"][-1] == 1
    rows = trends.csv_rows(found, "themes")
    assert rows[0][:2] == ["theme", 2020] and rows[1][0] == "(all dated documents)"
    assert trends.csv_rows(found, "items")[0] == ["month", "documents", "events", "recommendations", "practices"]


def test_kept_per_data_version(corpus, make_document):
    first = trends.current()
    make_document("F", "more", published=dt.date(2020, 1, 1), themes=["exit"])  # the store moves the version
    assert trends.current().documents_per_year[0] == first.documents_per_year[0] + 1
    Document.objects.filter(title="F").delete()  # not through the store: the kept figures stay ...
    assert trends.current().documents_per_year[0] == first.documents_per_year[0] + 1
    invalidate_counts()  # ... until the next write moves the version
    assert trends.current().documents_per_year[0] == first.documents_per_year[0]


def test_page_and_downloads(client, corpus):
    page = client.get("/trends", {"theme": ["prisons", "online"]}).content.decode()
    assert '<svg class="chart"' in page and "<script" not in page.split("<main", 1)[1]
    assert "Prison and probation" in page and "50.0" in page
    assert client.get("/trends", {"theme": "astrology"}).status_code == 400
    assert client.get("/trends", {"theme": ["prisons"] * 9}).status_code == 400
    rows = list(csv.reader(io.StringIO(client.get("/trends.csv", {"series": "items"}).content.decode())))
    assert rows[0][0] == "month" and len(rows) == trends.MONTHS + 1
    assert client.get("/trends.csv", {"series": "x"}).status_code == 400
    assert client.get("/trends.json").json()["themes"]["prisons"][:3] == [1, 0, 1]


def test_charts_escape_their_labels():
    svg = charts.line_chart("<b>t</b>", ["2020", "2021"], {"<script>x</script>": [1.0, 2.0]})
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert charts.bar_chart("t", [], []) == ""
