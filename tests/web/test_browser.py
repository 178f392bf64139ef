"""Using the web app in a real browser: search, filter, page through, open a document."""

import pytest

from praxhub.store.runner import ingest_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hub(seeds, tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    for i in range(25):
        (extra / f"bulletin-{i:02d}.txt").write_text(
            f"Prevention bulletin number {i}\n\nThe local prevention network met for the {i}th time "
            "to discuss radicalisation, exit work and co-operation with schools."
        )
    assert ingest_paths([seeds, extra]).ok


def test_search_filter_paginate_and_open_a_document(live_server, page, screenshot, hub):
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Upcoming events").count() == 1
    assert page.get_by_role("heading", name="Waiting for curation").count() == 1
    screenshot("home")
    page.get_by_label("Search the hub").fill("radicalisation")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search?q=radicalisation*")
    count = page.locator("p.count").inner_text()
    assert "results" in count
    assert page.locator("ol.hits li").count() == 20
    assert page.locator("ol.hits mark").first.inner_text().lower().startswith("radicali")
    screenshot("search")

    page.get_by_role("link", name="Next").click()
    page.wait_for_url("**page=2*")
    assert page.locator("ol.hits li").count() >= 1
    assert "q=radicalisation" in page.url  # every state is a shareable URL

    # A facet narrows the results, and its state is in the URL too.
    page.goto(f"{live_server.url}/search?q=radicalisation")
    kind_facet = page.locator("aside.facets section", has=page.get_by_role("heading", name="Kind"))
    kind_facet.get_by_role("link", name="conclusions").click()
    page.wait_for_url("**kind=conclusions*")
    titles = page.locator("ol.hits h2").all_inner_texts()
    assert titles == ["Council conclusions on de-radicalisation and disengagement from terrorist activities"]
    assert "1 result" in page.locator("p.count").inner_text()
    page.get_by_role("link", name="conclusions (remove)").click()
    page.wait_for_url(lambda url: "kind=" not in url)
    assert page.locator("ol.hits li").count() == 20

    # The same box finds events and organisations.
    page.get_by_role("navigation", name="Result types").get_by_role("link", name="Organisations").click()
    page.wait_for_url("**type=organisation*")
    screenshot("search-organisations")

    page.goto(f"{live_server.url}/search?q=radicalisation&kind=conclusions")
    page.get_by_role("link", name=titles[0]).click()
    page.wait_for_url("**/documents/*")
    assert page.get_by_role("heading", level=1).inner_text() == titles[0]
    assert page.get_by_text("INVITES THE MEMBER STATES").count() >= 1
    screenshot("document")


def test_phone_width_and_hostile_query(live_server, page, screenshot, hub):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/search?q=%22unbalanced+((")
    assert page.locator(".notice").count() >= 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page must not scroll sideways on a phone"
    screenshot("search-phone")
