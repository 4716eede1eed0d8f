"""Forms that never lose work, in a browser: the error summary takes the focus, counters show
the limit before it is reached, a long paste is kept and refused, leaving with unsaved changes
asks first, and the agreement saves one section at a time."""

import re

import pytest
from playwright.sync_api import Page, expect

from mentoring.agreements.models import AgreementVersion
from tests.factories import (
    PASSWORD,
    AgreementFactory,
    AgreementVersionFactory,
    GoalFactory,
    MentorFactory,
    MentorshipFactory,
    UserFactory,
    agreement_in_effect,
)
from tests.helpers import PASSWORD_LABEL, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("warm_server")]

STRENGTHS = "What are your strengths?"
TOO_LONG = "Ensure this value has at most 3000 characters (it has 10000)."


@pytest.fixture
def accessible(assert_accessible):
    """axe once the pointer has left the page (assert_accessible waits for the transitions)."""

    def check(page: Page) -> None:
        page.mouse.move(0, 0)
        assert_accessible(page)

    return check


@pytest.fixture
def pair():
    return MentorshipFactory(
        mentee=UserFactory(full_name="Mina Mentee"), mentor=MentorFactory(full_name="Marco Mentor")
    )


@pytest.fixture
def planning(page: Page, live_server, pair):
    """The mentee on their planning template."""
    sign_in(page, live_server, pair.mentee.email, PASSWORD)
    page.goto(f"{live_server.url}/mentorships/{pair.pk}/planning/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentee/Mentor Planning")
    return page


def summary(page: Page):
    return page.get_by_role("alert").filter(has_text="There is a problem")


class Dialogs:
    """The beforeunload dialogs the page raised; each is dismissed, so the page stays."""

    def __init__(self, page: Page):
        self.seen = []
        page.on("dialog", self.on_dialog)

    def on_dialog(self, dialog):
        self.seen.append(dialog.type)
        dialog.dismiss()


def leave_by_link(page: Page, name="Home"):
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).first.click()


def test_a_long_paste_is_kept_and_refused_with_the_summary_focused(planning: Page, accessible):
    page = planning
    field = page.get_by_label(STRENGTHS)
    field.fill("x" * 10_000)
    expect(field).to_have_value("x" * 10_000)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(summary(page)).to_be_focused()
    link = summary(page).get_by_role("link", name=re.compile(re.escape(TOO_LONG)))
    expect(link).to_have_attribute("href", "#id_strengths")
    expect(page.locator("#id_strengths_error")).to_have_text(TOO_LONG)
    expect(page.get_by_label(STRENGTHS)).to_have_value("x" * 10_000)
    accessible(page)

    link.click()
    expect(page.get_by_label(STRENGTHS)).to_be_focused()


def test_the_counter_shows_the_limit_before_it_is_reached(planning: Page):
    page = planning
    counter = page.locator("#id_strengths-count")
    expect(counter).to_have_text("0 of 3,000 characters")
    expect(counter).to_have_attribute("aria-live", "polite")
    page.get_by_label(STRENGTHS).press_sequentially("Calm")
    expect(counter).to_have_text("4 of 3,000 characters")
    page.get_by_label(STRENGTHS).fill("y" * 3_005)
    expect(counter).to_have_text("5 characters too many")
    # A line break is sent as two characters, and counted so.
    page.get_by_label(STRENGTHS).fill("a\nb")
    expect(counter).to_have_text("4 of 3,000 characters")
    described = page.get_by_label(STRENGTHS).get_attribute("aria-describedby")
    assert "id_strengths-count" in described


def test_leaving_with_unsaved_changes_asks_and_a_save_does_not(planning: Page):
    page = planning
    dialogs = Dialogs(page)
    page.get_by_label(STRENGTHS).press_sequentially("Listening")
    leave_by_link(page)
    page.wait_for_timeout(300)
    assert dialogs.seen == ["beforeunload"]
    expect(page.get_by_label(STRENGTHS)).to_have_value("Listening")

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("saved")
    dialogs.seen.clear()
    page.goto(page.url)
    expect(page.get_by_label(STRENGTHS)).to_have_value("Listening")
    leave_by_link(page)
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Mentee/Mentor Planning")
    assert dialogs.seen == []


def test_a_refused_sign_in_shows_the_summary(page: Page, live_server, pair, accessible):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(pair.mentee.email)
    page.get_by_label(PASSWORD_LABEL).fill("not the password")
    page.get_by_role("button", name="Sign In").click()
    expect(summary(page)).to_be_focused()
    expect(summary(page)).to_contain_text("not correct")
    accessible(page)


def test_a_refused_action_step_shows_the_summary_and_a_saved_one_is_clean(
    page: Page, live_server, pair, accessible
):
    agreement_in_effect(pair)
    sign_in(page, live_server, pair.mentee.email, PASSWORD)
    page.goto(f"{live_server.url}/mentorships/{pair.pk}/action-plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Action Plan")
    dialogs = Dialogs(page)
    form = page.locator("#add-step-1-mentee")
    form.get_by_role("button", name="Add step").click()
    expect(form.get_by_role("alert")).to_be_focused()
    expect(form.get_by_role("alert")).to_contain_text("There is a problem")
    accessible(page)

    form = page.locator("#add-step-1-mentee")
    form.get_by_label(re.compile("Mentee's action step")).fill("Read the budget")
    form.get_by_label(re.compile("Target date")).fill("2099-01-31")
    form.get_by_role("button", name="Add step").click()
    expect(page.locator("#steps-1-mentee")).to_contain_text("Read the budget")
    leave_by_link(page)
    expect(page).not_to_have_url(re.compile("/action-plan/"))
    assert dialogs.seen == []


@pytest.fixture
def drafting(page: Page, live_server, pair):
    """The mentee on the edit page of a filled-in draft."""
    pair.start_negotiating()
    version = AgreementVersionFactory(agreement=AgreementFactory(mentorship=pair), filled=True)
    GoalFactory(version=version, position=1, text="The first goal")
    sign_in(page, live_server, pair.mentee.email, PASSWORD)
    page.goto(f"{live_server.url}/mentorships/{pair.pk}/agreement/edit/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit the agreement")
    return page, version


def test_the_agreement_saves_one_section_and_keeps_the_others(drafting, accessible):
    page, version = drafting
    dialogs = Dialogs(page)
    success = page.get_by_label("What does success look like?")
    boundaries = page.get_by_label("What boundaries do you want set?")
    boundaries.fill("We keep to the hour.")
    success.fill("Typed in section 6, not saved yet.")
    page.get_by_role("button", name=re.compile(r"Save this section 5\.")).click()

    expect(page.get_by_role("status").first).to_contain_text("Section 5 is saved.")
    version.refresh_from_db()
    assert version.boundaries == "We keep to the hour."
    assert version.success != "Typed in section 6, not saved yet."
    expect(page.get_by_label("What does success look like?")).to_have_value(
        "Typed in section 6, not saved yet."
    )
    accessible(page)
    # Section 6 is still unsaved, so leaving asks.
    leave_by_link(page)
    page.wait_for_timeout(300)
    assert dialogs.seen == ["beforeunload"]


def test_a_refused_section_shows_the_summary(drafting, accessible):
    page, version = drafting
    page.get_by_label("What does success look like?").fill("z" * 10_000)
    page.get_by_role("button", name=re.compile(r"Save this section 6\.")).click()
    expect(summary(page)).to_be_focused()
    expect(summary(page).get_by_role("link")).to_have_attribute("href", "#id_success")
    expect(page.get_by_label("What does success look like?")).to_have_value("z" * 10_000)
    accessible(page)
    assert AgreementVersion.objects.get(pk=version.pk).revision == version.revision
