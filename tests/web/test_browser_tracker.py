"""The tracker in a real browser: a member records a follow-up on a recommendation, then adds a
step to its timeline, and the roll-up on the recommendation's source changes each time."""

from pathlib import Path

import pytest

from praxhub.accounts.services import create_user
from praxhub.recommendations.models import Recommendation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_follow_up_moves_the_rollup_of_its_source(live_server, page, make_document):
    base = live_server.url
    council = make_document("Council conclusions on prisons", "The Council calls on Member States ...",
                            kind="conclusions")
    first, second = (Recommendation.objects.create(
        document_id=council, span_start=n, span_end=n + 5, fingerprint=str(n), text=text, themes=["prisons"],
        addressee_name="Member States") for n, text in enumerate((
            "Member States should set up exit programmes for radicalised prisoners.",
            "Member States should train prison staff to recognise radicalisation.")))
    create_user("ana", "a long member passphrase")

    page.goto(f"{base}/recommendations/sources/{council}")
    rollup = page.locator("#rollup")
    assert "0 %" in rollup.inner_text() and "0 of 2 recommendations followed up" in rollup.inner_text()

    page.goto(f"{base}/accounts/login/?next=/recommendations/{first.pk}")
    page.get_by_label("User name").fill("ana")
    page.get_by_label("Password").fill("a long member passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/recommendations/{first.pk}")
    page.get_by_label("or for which country (two-letter code)").fill("FR")
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("Progress (%)").fill("60")
    page.get_by_label("What happened").fill("A pilot programme started in three prisons.")
    page.get_by_role("button", name="Record the follow-up").click()
    page.get_by_text("The follow-up is recorded.").wait_for()
    assert "30 %" in page.locator("#source-rollup").inner_text()  # (60 + 0) / 2
    shot(page, "recommendation-follow-up")

    page.goto(f"{base}/recommendations/sources/{council}")
    assert "30 %" in page.locator("#rollup").inner_text()
    assert "1 of 2 recommendations followed up" in page.locator("#rollup").inner_text()

    page.goto(f"{base}/recommendations/{first.pk}")
    page.get_by_text("Add a step to the timeline").click()
    page.locator("select[id^=status-]").select_option("implemented")
    page.locator("input[id^=progress-]").fill("100")
    page.locator("textarea[id^=note-]").fill("Running in every prison.")
    page.get_by_role("button", name="Add the step").click()
    page.get_by_text("The timeline has a new step.").wait_for()
    assert len(page.locator("ol.timeline li").all()) == 2
    page.goto(f"{base}/recommendations/sources/{council}")
    assert "50 %" in page.locator("#rollup").inner_text()  # (100 + 0) / 2
    shot(page, "recommendation-source")
    page.goto(f"{base}/recommendations?tracked=yes")
    assert page.get_by_role("link", name="Prison and probation").is_visible()
    shot(page, "recommendations")
    assert second.pk  # untracked, counted as 0 % in its source
