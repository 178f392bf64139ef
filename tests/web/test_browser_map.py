"""The map in a real browser: click a country, then a theme, and land on the matching lists."""

from pathlib import Path

import pytest

from praxhub.accounts.services import create_user
from praxhub.practices import services as practices

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def test_click_a_country_and_a_theme(live_server, page):
    owner = create_user("ana", "a long member passphrase")
    curator = create_user("cora", "a long curator passphrase", curator=True)
    practice = practices.save(practices.PracticeInput(
        title="Prison mentoring in Berlin", summary="Mentors meet prisoners.", countries=["DE"], themes=["prisons"],
        target_groups=["prisoners"]), owner)
    practices.submit(practice, owner)
    practices.publish(practice, curator)

    page.goto(f"{live_server.url}/map")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)
    page.locator('svg.map path[data-code="DE"]').click()
    page.wait_for_url("**/map?*country=DE*")
    country = page.locator("#country")
    assert "Germany" in country.inner_text()
    country.get_by_role("link", name="Prison and probation").click()
    page.wait_for_url("**theme=prisons*")
    selection = page.locator("#selection")
    assert "Prison mentoring in Berlin" in selection.inner_text()
    page.screenshot(path=str(ARTIFACTS / "map-selection.png"), full_page=True)
    selection.get_by_role("link", name="All of them in the compendium").click()
    page.wait_for_url("**/practices?country=DE&theme=prisons")
    assert page.get_by_role("link", name="Prison mentoring in Berlin").is_visible()

    # The trends page draws its charts without script and offers their numbers.
    page.goto(f"{live_server.url}/trends")
    assert page.locator("svg.chart").count() == 4  # new items per month (no dated document: no theme line)
    page.screenshot(path=str(ARTIFACTS / "trends.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").first.click()
    assert download.value.suggested_filename == "praxhub-trends-themes.csv"
