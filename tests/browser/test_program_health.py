"""Program health in a real browser: a mentee answers the fit check and a pulse survey, gives
closing feedback as the pair closes, and the coordinator reads the program's health report,
with figures only from enough people and the comments shared, never who wrote what."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from mentoring.closure import services as closure_services
from mentoring.closure.models import Reason
from mentoring.health.models import ClosingFeedback, PulseSurvey
from tests.factories import (
    PASSWORD,
    MeetingFactory,
    MentorshipFactory,
    ProgramFactory,
    UserFactory,
    agreement_in_effect,
)
from tests.helpers import sign_in, sign_out

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("warm_server")]

SHARED = "The kick-starter questions got us talking about what matters."
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def others_answered(program, count: int) -> None:
    """Other pairs of the program who answered, so the report has enough people."""
    for _ in range(count):
        pair = MentorshipFactory(program=program)
        PulseSurvey.objects.create(
            mentorship=pair,
            author=pair.mentor,
            round=1,
            value=4,
            follow_up=4,
            cadence=3,
            answered_at=timezone.now(),
        )
        ClosingFeedback.objects.create(
            mentorship=pair, author=pair.mentor, recommend=10, answered_at=timezone.now()
        )


def screenshots(page: Page, name: str, assert_accessible) -> None:
    assert_accessible(page)
    page.screenshot(path=f"var/screenshots/{name}-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    page.screenshot(path=f"var/screenshots/{name}-phone.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_a_pair_answers_and_the_coordinator_reads_the_report(
    page: Page, live_server, assert_accessible
):
    coordinator = UserFactory(full_name="Cora Coordinator")
    program = ProgramFactory(coordinators=[coordinator], anonymity_threshold=3)
    pair = MentorshipFactory(program=program)
    agreement_in_effect(pair)
    MeetingFactory(mentorship=pair, held=True)
    pair.started_at = timezone.now() - datetime.timedelta(days=31)
    pair.save(update_fields=["started_at"])
    others_answered(program, 2)

    sign_in(page, live_server, pair.mentee.email, PASSWORD)
    page.goto(f"{live_server.url}{pair.get_absolute_url()}")
    page.get_by_role("link", name="Answer the fit check").click()
    page.get_by_label("A good fit").check()
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_text("Your answer is saved. Only you can see it.")).to_be_visible()

    page.goto(f"{live_server.url}{pair.get_absolute_url()}")
    page.get_by_role("link", name="Answer three statements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pulse survey 1")
    page.get_by_role("group", name="I get value from our meetings").get_by_label(
        "5 · Strongly agree"
    ).check()
    page.get_by_role("group", name="We follow up on action items").get_by_label(
        "4 · Agree"
    ).check()
    page.get_by_role("group", name="We meet as often as we agreed").get_by_label(
        "4 · Agree"
    ).check()
    page.get_by_label("Anything else about how it is going? (optional)").fill(SHARED)
    page.get_by_label("Share my comment with the coordinator").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Thank you: your answers are saved.")).to_be_visible()
    screenshots(page, "pulse", assert_accessible)

    proposal = closure_services.propose_closure(
        mentorship=pair, user=pair.mentee, reason=Reason.GOALS_ACHIEVED
    )
    closure_services.confirm_closure(closure=proposal, user=pair.mentor)
    page.goto(f"{live_server.url}{reverse('closure:closure', args=[pair.pk])}")
    page.get_by_role("link", name="Give your closing feedback").click()
    page.get_by_label("9", exact=True).check()
    page.get_by_role("button", name="Save my feedback").click()
    expect(page.get_by_text("Thank you: your feedback is saved.")).to_be_visible()
    screenshots(page, "closing-feedback", assert_accessible)

    sign_out(page)
    sign_in(page, live_server, coordinator.email, PASSWORD)
    page.goto(f"{live_server.url}{reverse('dashboard:program', args=[program.pk])}")
    page.get_by_role("link", name="health report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Program health: {program.name}")
    expect(page.get_by_role("row", name="Likelihood to recommend")).to_contain_text(
        "+100 (3 people)"
    )
    expect(page.get_by_text(SHARED)).to_be_visible()
    expect(page.get_by_text(pair.mentee.full_name)).to_have_count(0)
    screenshots(page, "health-report", assert_accessible)

    page.get_by_label("Pairs started from", exact=True).fill("2026-05-01")
    page.get_by_label("Pairs started until", exact=True).fill("2026-01-01")
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_text("The end date is before the start date.", exact=True)).to_be_visible()
    expect(page.get_by_label("Pairs started from", exact=True)).to_have_value("2026-05-01")
    assert_accessible(page)
