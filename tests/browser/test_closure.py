"""The Closure phase in a real browser: propose, confirm, outcomes, reflections, thanks, offer
to mentor, complete, and the certificate downloaded.

Fields are found by their labels, the toolkit's words. The thank-you is written by keyboard
alone: Tab into the note, type, Tab to the button, Enter.
"""

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from mentoring.closure.models import FEELINGS, THANKS, ClosingReflection, GoalOutcome
from mentoring.programs.models import Mentorship, Phase
from tests.factories import (
    PASSWORD,
    MentorFactory,
    MentorshipFactory,
    ProgramFactory,
    UserFactory,
    agreement_in_effect,
)
from tests.helpers import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def open_closure(page: Page, live_server, pair: Mentorship, link: str) -> None:
    page.goto(f"{live_server.url}{pair.get_absolute_url()}")
    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Closure")


def record_outcomes(page: Page, outcome: str) -> None:
    for position in (1, 2, 3):
        goal = page.get_by_role("article").filter(has_text=f"Goal {position}: Goal {position}")
        goal.get_by_label(outcome, exact=True).check()
        goal.get_by_role("button", name=f"Save the outcome of goal {position}").click()
        expect(page.get_by_role("status")).to_have_text(f"Goal {position}: your outcome is saved.")


def test_the_pair_closes_well_and_the_mentee_downloads_the_certificate(
    page: Page, live_server, mailoutbox, assert_accessible
):
    program = ProgramFactory(name="Leadership Circle", coordinators=[UserFactory()])
    mentee = UserFactory(full_name="Mina Mentee", mentee_capacity=0)
    mentor = MentorFactory(full_name="Marco Mentor")
    pair = MentorshipFactory(program=program, mentor=mentor, mentee=mentee)
    agreement_in_effect(pair)

    # The mentee proposes to close: the goals are achieved.
    sign_in(page, live_server, mentee.email, PASSWORD)
    open_closure(page, live_server, pair, "When it is time to close the relationship")
    expect(page.get_by_role("complementary")).to_contain_text(
        "Be sensitive to when the relationship should end"
    )
    assert_accessible(page)
    page.get_by_label("Goals achieved").check()
    page.get_by_role("button", name="Propose to close").click()
    expect(page.get_by_role("status")).to_contain_text("You proposed to close.")
    assert_accessible(page)
    sign_out(page)

    # The mentor confirms, records how each goal ended, and reflects.
    sign_in(page, live_server, mentor.email, PASSWORD)
    open_closure(page, live_server, pair, "Answer or see the proposal to close")
    expect(page.get_by_role("region", name="A proposal to close")).to_contain_text(
        "Mina Mentee proposes to close"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Confirm: it is time to close").click()
    expect(page.get_by_role("status")).to_contain_text("You both agreed to close")
    assert_accessible(page)
    record_outcomes(page, "Achieved")
    page.get_by_label(str(FEELINGS)).fill("Proud of Mina, and I learned to listen more.")
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.get_by_role("status")).to_have_text(
        "Your reflection is saved. Only you can read it."
    )
    assert_accessible(page)
    sign_out(page)

    # The mentee records outcomes, reflects, and thanks the mentor by keyboard alone.
    sign_in(page, live_server, mentee.email, PASSWORD)
    open_closure(page, live_server, pair, "Closure: goals, reflection, thanks and celebration")
    expect(page.get_by_role("article").first).to_contain_text("Marco Mentor: Achieved")
    record_outcomes(page, "Achieved")
    page.get_by_label(str(FEELINGS)).fill("Grateful. I lead with more confidence now.")
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.get_by_role("status")).to_contain_text("Your reflection is saved.")
    assert_accessible(page)

    page.get_by_role("button", name="Save my reflection").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_label(str(THANKS))).to_be_focused()
    page.keyboard.type("Thank you, Marco, for every hour and every honest answer.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send my thanks to Marco Mentor")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        "Your thank-you note is on its way to Marco Mentor."
    )
    expect(page.get_by_role("region", name="Thank-you note")).to_contain_text(
        "every honest answer"
    )
    assert_accessible(page)
    assert [mail.to for mail in mailoutbox if "thank-you" in mail.subject.lower()] == [
        [mentor.email]
    ]

    # Offer to mentor others: one click, then the profile asks for expertise and capacity.
    page.get_by_role("button", name="Offer to mentor others").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.get_by_role("status")).to_contain_text(
        "Fill in your areas of expertise and how many mentees you can take"
    )
    assert_accessible(page)
    mentee.refresh_from_db()
    assert mentee.open_to_mentoring and mentee.mentee_capacity == 1

    # Complete the closure, celebrate, and download the certificate.
    open_closure(page, live_server, pair, "Closure: goals, reflection, thanks and celebration")
    page.get_by_label("I understand this ends the mentorship for good").check()
    page.get_by_role("button", name="Complete the closure").click()
    expect(page.get_by_role("status")).to_contain_text("Closure is complete")
    expect(page.get_by_role("button", name="Complete the closure")).to_have_count(0)
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your certificate of completion (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "mentoring-certificate-mina-mentee.pdf"
    reader = PdfReader(io.BytesIO(download.path().read_bytes()))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Mina Mentee" in text and "Marco Mentor" in text and "Leadership Circle" in text
    assert "Goal 1 of the pair" in text

    pair.refresh_from_db()
    assert pair.phase == Phase.CLOSURE and not pair.is_open
    assert GoalOutcome.objects.filter(mentorship=pair).count() == 6
    assert ClosingReflection.objects.filter(mentorship=pair).count() == 2
