"""Discussion in a real browser: a member comments on an event, a curator hides the comment with a
reason, visitors no longer see it, the curator shows it again."""

from pathlib import Path

import pytest

from praxhub.accounts.services import create_user
from praxhub.events.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, base: str, name: str, password: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_path}")


def test_member_comments_and_curator_moderates(live_server, browser, make_document):
    base = live_server.url
    doc = make_document("Newsletter", "A workshop on exit work took place in Vienna on 3 May 2024.")
    event = Event.objects.create(document_id=doc, span_start=0, span_end=10, fingerprint="w",
                                 title="Workshop on exit work")
    create_user("ana", "a long member passphrase")
    create_user("cora", "a long curator passphrase", curator=True)

    member = browser.new_context(locale="en-GB").new_page()
    sign_in(member, base, "ana", "a long member passphrase", f"/events/{event.pk}")
    member.get_by_label("Your comment").fill("Were the workshop's slides shared? Our team would use them.")
    member.get_by_role("button", name="Post the comment").click()
    member.get_by_text("Your comment is posted.").wait_for()
    assert member.locator("#comments").get_by_text("Were the workshop's slides shared?").is_visible()
    shot(member, "event-comment")

    curator = browser.new_context(locale="en-GB").new_page()
    sign_in(curator, base, "cora", "a long curator passphrase", "/comments/moderation")
    curator.get_by_placeholder("Why hide it").fill("asks for material we cannot share")
    curator.get_by_role("button", name="Hide").click()
    curator.get_by_text("The comment is hidden.").wait_for()
    shot(curator, "comment-moderation")

    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(f"{base}/events/{event.pk}")
    assert "slides shared" not in visitor.locator("#comments").inner_text()
    assert "No comment yet." in visitor.locator("#comments").inner_text()

    curator.get_by_role("button", name="Show again").click()
    curator.get_by_text("The comment is shown again.").wait_for()
    visitor.reload()
    assert "slides shared" in visitor.locator("#comments").inner_text()
