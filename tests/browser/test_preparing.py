"""The Preparing phase in a real browser: reflect, choose, ask, accept, plan and share.

Fields are found by their labels, which are the toolkit's questions: a question that loses its
label breaks the journey, as it would for someone using a screen reader.
"""

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from mentoring.preparation.models import PlanningTemplate, SelfReflection
from mentoring.programs.models import Mentorship, Participant, Phase
from tests.factories import (
    PASSWORD,
    MentorFactory,
    ParticipantFactory,
    ProgramFactory,
    UserFactory,
)
from tests.helpers import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

REFLECTION = {
    "What are you looking forward to in a mentor relationship?": "A wise sounding board.",
    "What are your strengths? What motivates you?": "Patience; patients.",
    "What are your current challenges? What stresses you? "
    "What do you see as areas for improvement?": "Delegating.",
    "What would a successful mentoring relationship look like?": "I run a unit by next year.",
}


def fill(page: Page, answers: dict[str, str]) -> None:
    for label, answer in answers.items():
        page.get_by_label(label, exact=True).fill(answer)


def test_mentee_prepares_and_mentor_accepts(
    page: Page, live_server, mailoutbox, assert_accessible
):
    program = ProgramFactory(name="Leadership Circle", coordinators=[UserFactory()])
    mentee = UserFactory(full_name="Mina Mentee")
    mentor = MentorFactory(full_name="Marco Mentor", expertise="Operations, Budgets")
    other = MentorFactory(full_name="Priya Patel", expertise="Quality improvement")
    ParticipantFactory(program=program, user=mentee, role=Participant.Role.MENTEE)
    for person in (mentor, other):
        ParticipantFactory(program=program, user=person, role=Participant.Role.MENTOR)

    # The mentee's home page: the Preparing card.
    sign_in(page, live_server, mentee.email, PASSWORD)
    card = page.get_by_role("article").filter(has_text="Finding a mentor in Leadership Circle")
    expect(card).to_contain_text("Self-reflection: not started")
    assert_accessible(page)

    # Self-reflection: a draft, then complete, with the toolkit's guidance beside it.
    card.get_by_role("link", name="Self-reflection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-reflection")
    expect(page.get_by_role("complementary")).to_contain_text(
        "Before you initiate contact with a potential mentor"
    )
    assert_accessible(page)
    page.get_by_label("What are your strengths? What motivates you?").fill("Patience.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_have_text("Your draft is saved. Only you can see it.")
    fill(page, REFLECTION)
    page.get_by_role("button", name="Save and mark complete").click()
    expect(page.get_by_role("status")).to_contain_text("Your self-reflection is complete")
    expect(page.get_by_label("What are your strengths? What motivates you?")).to_have_value(
        "Patience; patients."
    )
    assert_accessible(page)
    assert SelfReflection.objects.get(author=mentee).is_complete

    # The directory: search by expertise, open a mentor, write private notes.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    page.get_by_role("link", name="Choose a mentor in Leadership Circle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choosing the right mentor")
    expect(page.get_by_role("heading", name="2 mentors available")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Search by name or expertise").fill("operations")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 mentor available")).to_be_visible()
    expect(page.get_by_role("link", name="Priya Patel")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Marco Mentor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Marco Mentor")
    assert_accessible(page)
    page.get_by_label("Do they model values-based leadership?").fill("Always explains why.")
    page.get_by_label("Do you already have a connection with them?").fill("We met at rounds.")
    page.get_by_role("button", name="Save my notes").click()
    expect(page.get_by_role("status")).to_have_text(
        "Your notes on Marco Mentor are saved. Only you can see them."
    )
    expect(page.get_by_label("Do you already have a connection with them?")).to_have_value(
        "We met at rounds."
    )
    assert_accessible(page)

    # Asking, with the six tips beside the form.
    page.get_by_role("link", name="Ask Marco Mentor to mentor you").click()
    tips = page.get_by_role("complementary").get_by_role("listitem")
    expect(tips).to_have_count(6)
    expect(tips.first).to_have_text("Always ask someone to be your mentor in person")
    assert_accessible(page)
    page.get_by_label("Why do you want to be mentored by them specifically?").fill(
        "You turned the night shift around."
    )
    page.get_by_label("What are you hoping to achieve?").fill("Lead my own unit.")
    page.get_by_label("How often would you like to meet?").fill("Every two weeks")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("status")).to_contain_text("Your request is on its way")
    expect(page.get_by_role("main")).to_contain_text("Waiting for an answer")
    assert_accessible(page)
    assert [message.to for message in mailoutbox] == [[mentor.email]]
    sign_out(page)

    # The mentor: the request on the home page, accepted with a note.
    sign_in(page, live_server, mentor.email, PASSWORD)
    requests = page.get_by_role("region", name="Requests to mentor you")
    expect(requests.get_by_role("heading", name="Mina Mentee")).to_be_visible()
    assert_accessible(page)
    requests.get_by_label("A note for Mina Mentee (optional)").fill("Glad to. Coffee Tuesday?")
    requests.get_by_role("button", name="Accept Mina Mentee").click()
    expect(page.get_by_role("status")).to_contain_text("You are now mentoring Mina Mentee")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mina Mentee mentored by Marco Mentor"
    )
    expect(page.get_by_role("region", name="Planning template")).to_contain_text(
        "has not shared a planning template with you yet"
    )
    assert_accessible(page)
    pair = Mentorship.objects.get()
    assert (pair.mentee, pair.mentor, pair.phase) == (mentee, mentor, Phase.PREPARING)
    assert mailoutbox[-1].to == [mentee.email]
    sign_out(page)

    # The mentee fills the planning template, shares it and downloads the PDF.
    sign_in(page, live_server, mentee.email, PASSWORD)
    expect(page.get_by_role("article").filter(has_text="Finding a mentor")).to_have_count(0)
    page.get_by_role("link", name="Mentored by Marco Mentor").click()
    page.get_by_role("link", name="Fill in my planning template").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentee/Mentor Planning")
    expect(page.get_by_role("complementary")).to_contain_text(PlanningTemplate.INTRO)
    assert_accessible(page)
    plan = {
        str(PlanningTemplate._meta.get_field(name).verbose_name): f"My plan, part {number}."
        for number, name in enumerate(PlanningTemplate.ANSWERS, start=1)
    }
    fill(page, plan)
    page.get_by_role("button", name="Save and share with Marco Mentor").click()
    expect(page.get_by_role("status")).to_have_text(
        "Your planning template is saved and shared with Marco Mentor."
    )
    expect(page.get_by_role("main")).to_contain_text("last updated")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as PDF").click()
    download = download_info.value
    assert download.suggested_filename == "planning-template-mina-mentee.pdf"
    reader = PdfReader(io.BytesIO(download.path().read_bytes()))
    text = " ".join(" ".join(sheet.extract_text() for sheet in reader.pages).split())
    for answer in plan.values():
        assert answer in text
    assert "Page 1 of" in text
    sign_out(page)

    # The mentor reads the shared template, read-only.
    sign_in(page, live_server, mentor.email, PASSWORD)
    page.get_by_role("link", name="Mina Mentee").first.click()
    page.get_by_role("region", name="Planning template").get_by_role(
        "link", name="Read it"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentee/Mentor Planning")
    expect(page.get_by_role("main")).to_contain_text("My plan, part 12.")
    expect(page.get_by_role("textbox")).to_have_count(0)
    assert_accessible(page)
