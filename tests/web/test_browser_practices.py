"""The compendium in a real browser: a member describes a practice and submits it, a curator
publishes it, and a visitor finds it as the counterpart in another country of a practice there."""

from pathlib import Path

import pytest

from praxhub.accounts.services import create_user
from praxhub.practices import services
from praxhub.practices.models import Practice, Workflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, base: str, name: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_member_submits_curator_publishes_visitor_finds_the_counterpart(live_server, browser, screenshot, page):
    base = live_server.url
    ana = create_user("ana", "a long member passphrase")
    cora = create_user("cora", "a long curator passphrase", curator=True)
    berlin = services.save(services.PracticeInput(
        title="Prison mentoring in Berlin", summary="Volunteer mentors meet prisoners every week.",
        countries=["DE"], themes=["prisons"], target_groups=["prisoners"]), ana)
    services.submit(berlin, ana)
    services.publish(berlin, cora)

    # A member describes a practice in France and submits it.
    sign_in(page, base, "ana", "a long member passphrase")
    page.goto(f"{base}/practices")
    page.get_by_role("link", name="Describe a practice").click()
    page.get_by_label("Title").fill("Imams in French prisons")
    page.get_by_label("Summary").fill("Prison chaplains (imams) talk with inmates about religion and violence.")
    page.get_by_label("Countries").select_option("FR")
    page.get_by_label("Prison and probation").check()
    page.get_by_label("Prisoners").check()
    page.get_by_label("Lead organisation").fill("Direction de l'administration pénitentiaire")
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text("Submitted: a curator will review the practice.").wait_for()
    screenshot("practice-submitted")
    lyon = Practice.objects.get(title="Imams in French prisons")
    assert lyon.status == Workflow.SUBMITTED

    # A curator publishes it from the review queue.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    curator = context.new_page()
    sign_in(curator, base, "cora", "a long curator passphrase")
    curator.goto(f"{base}/practices/review")
    curator.get_by_role("link", name="Imams in French prisons").click()
    shot(curator, "practice-review")
    curator.get_by_role("button", name="Publish").click()
    curator.get_by_text("The practice is published.").wait_for()
    context.close()
    lyon.refresh_from_db()
    assert lyon.status == Workflow.PUBLISHED

    # A visitor on the Berlin practice finds it as a counterpart in another country.
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    visitor.goto(f"{base}/practices/{berlin.slug}")
    counterparts = visitor.locator("#counterparts")
    assert "FR" in counterparts.inner_text() and "Prisoners" in counterparts.inner_text()
    shot(visitor, "practice-counterparts")
    counterparts.get_by_role("link", name="Imams in French prisons").click()
    visitor.wait_for_url(f"**/practices/{lyon.slug}")
    assert "Prison chaplains (imams)" in visitor.content()
    shot(visitor, "practice-page")
    visitor.goto(f"{base}/practices?country=FR")
    assert visitor.get_by_role("link", name="Imams in French prisons").is_visible()
    shot(visitor, "practices-list")
