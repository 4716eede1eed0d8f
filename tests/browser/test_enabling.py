"""The Enabling phase in a real browser: the action plan with steps added in place, a step
ticked done by its owner, an overdue step changed in place, and the mid-way check-in that asks
the coordinator for help.

Fields are found by their labels, the toolkit's words. Adding the mentee's first step is done
by keyboard alone: Tab to the field, type, Tab to the date and the button, press Enter.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from mentoring.enabling.models import ActionStep, CheckInAnswer
from tests.factories import (
    PASSWORD,
    ActionStepFactory,
    MentorFactory,
    MentorshipFactory,
    PlanSectionFactory,
    ProgramFactory,
    UserFactory,
    agreement_in_effect,
)
from tests.helpers import sign_in, sign_out

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("warm_server")]


CHECK_IN = {
    "Are we meeting the appropriate frequency and for the right length of time?": "Yes.",
    "Are both you and I following up on action items coming out of each meeting?": "Mostly.",
    "What might we do differently?": "Meet in person once a month.",
    "Are we on track to meet the development goals?": "For goals 1 and 2.",
}


@pytest.fixture
def accessible(assert_accessible):
    """axe on the page once the pointer has left it and transitions have ended: axe reads
    colours as they are, and a button half-way through its hover fade reads as low contrast."""

    def check(page: Page) -> None:
        page.mouse.move(0, 0)
        page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
        assert_accessible(page)

    return check


def tab_to(page: Page, locator, limit: int = 80) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError("Tab never reached the element")


def answer_check_in(page: Page, *, extra: str, needs_help: bool) -> None:
    for label, text in CHECK_IN.items():
        page.get_by_label(label).fill(f"{text} {extra}")
    page.get_by_label("No", exact=True).check()
    if needs_help:
        page.get_by_label("We need help from the coordinator").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("status")).to_contain_text("Your check-in answers are saved.")


def test_the_pair_plans_ticks_and_checks_in(page: Page, live_server, accessible):
    coordinator = UserFactory(full_name="Casey Coordinator")
    program = ProgramFactory(name="Leadership Circle", coordinators=[coordinator])
    mentee = UserFactory(full_name="Mina Mentee")
    mentor = MentorFactory(full_name="Marco Mentor")
    pair = MentorshipFactory(program=program, mentor=mentor, mentee=mentee)
    agreement_in_effect(pair)
    late = ActionStepFactory(
        section=PlanSectionFactory(mentorship=pair, position=2),
        what="Book a meeting with finance",
        target_on=timezone.localdate() - datetime.timedelta(days=2),
    )

    # The mentee opens the action plan from the pair's page.
    sign_in(page, live_server, mentee.email, PASSWORD)
    page.goto(f"{live_server.url}{pair.get_absolute_url()}")
    accessible(page)
    page.get_by_role("link", name="Action plan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action Plan")
    expect(page.locator(f"#step-{late.pk}")).to_contain_text("Overdue")
    accessible(page)

    # Goal 1's written parts.
    goal = page.get_by_role("region", name="Goal 1: Goal 1 of the pair")
    goal.get_by_label("Goal alignment").fill("Budgets are the gap before a manager role.")
    goal.get_by_label("Support network and/or resources needed/available").fill("Finance team")
    goal.get_by_label("Potential barriers").fill("Year-end is busy.")
    goal.get_by_label("Success measures").fill("I present the unit budget.")
    goal.get_by_role("button", name="Save goal 1").click()
    expect(page.get_by_role("status").first).to_have_text("Your changes to goal 1 are saved.")
    goal = page.get_by_role("region", name="Goal 1: Goal 1 of the pair")
    expect(goal.get_by_label("Potential barriers")).to_have_value("Year-end is busy.")
    # Goal alignment sits above the steps, outside its form element, tied to it by `form=`.
    expect(goal.get_by_label("Goal alignment")).to_have_value(
        "Budgets are the gap before a manager role."
    )

    # Two steps added in place: the page is not reloaded (the marker survives).
    page.evaluate("window.stillTheSamePage = true")
    target = (timezone.localdate() + datetime.timedelta(days=20)).strftime("%m%d%Y")

    # By keyboard alone: the mentee's step for goal 1.
    what = goal.get_by_label("Mentee's action step for goal 1")
    tab_to(page, what)
    page.keyboard.type("Read last year's budget")
    page.keyboard.press("Tab")
    page.keyboard.type(target)
    tab_to(page, goal.get_by_role("button", name="Add step for the mentee, goal 1"), limit=5)
    page.keyboard.press("Enter")
    mentee_steps = goal.get_by_role("list", name="Mentee's action steps and target dates")
    expect(
        mentee_steps.get_by_role("listitem").filter(has_text="Read last year's budget")
    ).to_be_visible()
    expect(goal.get_by_label("Mentee's action step for goal 1")).to_be_focused()
    expect(goal.get_by_label("Mentee's action step for goal 1")).to_have_value("")

    # With the mouse: a step for the mentor.
    goal.get_by_label("Mentor's action step for goal 1").fill("Introduce Mina to the CFO")
    goal.get_by_label("Target date of the mentor's step for goal 1").fill(
        (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    )
    goal.get_by_role("button", name="Add step for the mentor, goal 1").click()
    mentor_steps = goal.get_by_role("list", name="Mentor's action steps and target dates")
    expect(
        mentor_steps.get_by_role("listitem").filter(has_text="Introduce Mina to the CFO")
    ).to_be_visible()
    expect(page.locator("#plan-status")).to_have_text(
        "Action step added: Introduce Mina to the CFO"
    )
    assert page.evaluate("window.stillTheSamePage") is True
    # The mentee ticks only their own steps.
    expect(mentor_steps.get_by_role("button", name="Mark done")).to_have_count(0)
    expect(mentee_steps.get_by_role("button", name="Mark done")).to_have_count(1)
    accessible(page)
    assert ActionStep.objects.filter(section__position=1).count() == 2
    sign_out(page)

    # The mentor ticks their step done, in place.
    sign_in(page, live_server, mentor.email, PASSWORD)
    page.goto(f"{live_server.url}/mentorships/{pair.pk}/action-plan/")
    page.evaluate("window.stillTheSamePage = true")
    goal = page.get_by_role("region", name="Goal 1: Goal 1 of the pair")
    mentor_steps = goal.get_by_role("list", name="Mentor's action steps and target dates")
    mentor_steps.get_by_role("button", name="Mark done: Introduce Mina to the CFO").click()
    expect(mentor_steps.get_by_role("listitem").first).to_contain_text("Done")
    untick = mentor_steps.get_by_role("button", name="Mark not done: Introduce Mina to the CFO")
    expect(untick).to_be_focused()
    assert page.evaluate("window.stillTheSamePage") is True
    accessible(page)
    assert ActionStep.objects.get(what="Introduce Mina to the CFO").done_by == mentor

    # The mentor moves the overdue step on, in place: either member may change a step.
    row = page.locator(f"#step-{late.pk}")
    row.get_by_role("link", name="Edit: Book a meeting with finance").click()
    what = row.get_by_label("Action step you are changing")
    expect(what).to_be_focused()
    accessible(page)
    what.fill("Book a meeting with the finance director")
    row.get_by_label("Target date of the step you are changing").fill(
        (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    )
    row.get_by_role("button", name="Save the action step").click()
    expect(row).to_contain_text("Book a meeting with the finance director")
    expect(row).not_to_contain_text("Overdue")
    expect(page.locator("#plan-status")).to_have_text(
        "Action step saved: Book a meeting with the finance director"
    )
    expect(
        row.get_by_role("link", name="Edit: Book a meeting with the finance director")
    ).to_be_focused()
    assert page.evaluate("window.stillTheSamePage") is True
    late.refresh_from_db()
    assert late.what == "Book a meeting with the finance director"

    # The mentor answers the check-in and asks for the coordinator's help.
    page.goto(f"{live_server.url}{pair.get_absolute_url()}")
    page.get_by_role("link", name="Mid-way check-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mid-way check-in")
    accessible(page)
    answer_check_in(page, extra="MENTOR-NOTE", needs_help=True)
    expect(page.get_by_text("Mina Mentee has not answered yet.")).to_be_visible()
    accessible(page)
    sign_out(page)

    # The mentee answers; both now see each other's answers.
    sign_in(page, live_server, mentee.email, PASSWORD)
    page.goto(f"{live_server.url}/mentorships/{pair.pk}/check-in/")
    expect(page.get_by_text("MENTOR-NOTE")).to_have_count(0)
    answer_check_in(page, extra="MENTEE-NOTE", needs_help=False)
    expect(page.get_by_text("Meet in person once a month. MENTOR-NOTE")).to_be_visible()
    accessible(page)
    assert CheckInAnswer.objects.count() == 2
    sign_out(page)

    # The coordinator sees the flag and the status, never the answers.
    sign_in(page, live_server, coordinator.email, PASSWORD)
    page.goto(f"{live_server.url}{pair.get_absolute_url()}")
    panel = page.get_by_role("region", name="Action plan and mid-way check-in")
    expect(panel).to_contain_text("Both answered")
    expect(panel).to_contain_text("Help requested")
    expect(page.get_by_text("MENTOR-NOTE")).to_have_count(0)
    expect(page.get_by_text("Read last year's budget")).to_have_count(0)
    accessible(page)
