"""The fit check in a real browser: after the first held meeting the mentee answers "Not a fit"
with a reason only she sees, is shown a way out, and her coordinator sees the flag alone; then
she takes the way out and is back to choosing a mentor."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

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

WHY = "We keep talking past each other about what matters."
PHONE = {"width": 390, "height": 844}


def test_a_mentee_answers_not_a_fit_and_her_coordinator_sees_only_that(
    page: Page, live_server, assert_accessible
):
    coordinator = UserFactory(full_name="Cora Coordinator")
    pair = MentorshipFactory(program=ProgramFactory(coordinators=[coordinator]))
    agreement_in_effect(pair)
    MeetingFactory(mentorship=pair, held=True)

    sign_in(page, live_server, pair.mentee.email, PASSWORD)
    page.goto(f"{live_server.url}{pair.get_absolute_url()}")
    page.get_by_role("link", name="Answer the fit check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fit check")
    assert_accessible(page)
    page.get_by_label("Not a fit").check()
    page.get_by_label("Why? (optional)").fill(WHY)
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_text("Your answer is saved. Only you can see it.")).to_be_visible()
    expect(page.get_by_label("Why? (optional)")).to_have_value(WHY)
    expect(page.get_by_role("heading", name="When it is not a fit")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="var/screenshots/fit-check-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    page.screenshot(path="var/screenshots/fit-check-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    sign_out(page)
    sign_in(page, live_server, coordinator.email, PASSWORD)
    page.goto(f"{live_server.url}{reverse('dashboard:program', args=[pair.program_id])}")
    expect(page.get_by_text("Fit check: not a fit")).to_be_visible()
    page.goto(f"{live_server.url}{pair.get_absolute_url()}")
    expect(page.get_by_text("someone in this pair answered “Not a fit”")).to_be_visible()
    expect(page.get_by_text(WHY)).to_have_count(0)
    assert_accessible(page)

    # The way out: the mentee ends the pair herself and is back to choosing a mentor.
    sign_out(page)
    sign_in(page, live_server, pair.mentee.email, PASSWORD)
    page.goto(f"{live_server.url}{reverse('health:fit_check', args=[pair.pk])}")
    page.get_by_role("button", name="End the mentorship").click()
    expect(
        page.get_by_text("Tick the box to say you want to end the mentorship now.", exact=True)
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes, end our mentorship now").check()
    page.get_by_role("button", name="End the mentorship").click()
    expect(page.get_by_text("Your mentorship has ended.")).to_be_visible()
    assert page.url.endswith(reverse("preparation:mentor_directory", args=[pair.program_id]))
    assert_accessible(page)
