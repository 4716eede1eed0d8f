"""The whole mentee journey by keyboard alone: Tab, Shift+Tab, Enter, Space, the arrow keys and
typing into the focused field. No locator is clicked or filled; locators only check where the
focus is. The mentor's part is done through the services, to keep the journey the mentee's.

`tab_to` finds each control by its accessible name as it moves the focus, so the journey also
proves that every control it uses has a name, and a focus that can be seen.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from mentoring.agreements.models import AgreementVersion
from mentoring.closure import services as closure_services
from mentoring.closure.models import FEELINGS, THANKS, Closure
from mentoring.meetings import services as meeting_services
from mentoring.meetings.models import Meeting
from mentoring.preparation.models import MentorRequest, PlanningTemplate
from mentoring.preparation.services import accept_mentor_request
from mentoring.programs.models import Mentorship, Participant, Phase
from tests.factories import (
    PASSWORD,
    MentorFactory,
    ParticipantFactory,
    ProgramFactory,
    UserFactory,
)
from tests.helpers import PASSWORD_LABEL, sign_version

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("long_navigations")]


ROLES = ("link", "button", "checkbox", "radio", "textbox", "combobox", "spinbutton")

# What the focused element shows: an outline or a ring (Bootstrap's focus shadow).
FOCUS_VISIBLE_JS = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return outline || style.boxShadow !== 'none';
}"""
FOCUSED_JS = """() => {
  const el = document.activeElement;
  return el ? `${el.tagName.toLowerCase()} "${(el.innerText || el.name || el.id || '').trim()
    .slice(0, 40)}"` : 'nothing';
}"""


def controls(page: Page, name, role=None) -> Locator:
    """Whatever on the page has this accessible name: a control of `role`, or any control."""
    if role:
        return page.get_by_role(role, name=name, exact=True)
    if isinstance(name, str):  # a required field's label ends with crispy's asterisk
        label = re.compile(rf"^\s*{re.escape(name)}\s*\*?\s*$")
    found = page.get_by_label(label if isinstance(name, str) else name)
    for each in ROLES[:2]:
        found = found.or_(page.get_by_role(each, name=name, exact=True))
    return found


def has_focus(target: Locator) -> bool:
    return target.evaluate_all("(els) => els.some((el) => el.contains(document.activeElement))")


def press_until(page: Page, key: str, reached, what: str, limit=60) -> None:
    """Press `key` until `reached()`, then check that the focus shows; a clear error if not."""
    passed = []
    for _ in range(limit):
        page.keyboard.press(key)
        if reached():
            assert page.evaluate(FOCUS_VISIBLE_JS), f"The focus on {what} cannot be seen"
            return
        passed.append(page.evaluate(FOCUSED_JS))
    raise AssertionError(
        f"{limit} presses of {key} on {page.url} never reached {what}; they passed:\n"
        + "\n".join(passed)
    )


def tab_to(page: Page, name, *, role=None, backwards=False, limit=60) -> None:
    """Press Tab (Shift+Tab `backwards`) until the focus is on the control named `name`."""
    target = controls(page, name, role)
    key = "Shift+Tab" if backwards else "Tab"
    press_until(page, key, lambda: has_focus(target), repr(name), limit)


def type_into(page: Page, name, text: str, **kwargs) -> None:
    tab_to(page, name, **kwargs)
    page.keyboard.type(text)


def press_on(page: Page, name, key="Enter", **kwargs) -> None:
    tab_to(page, name, **kwargs)
    page.keyboard.press(key)


def choose(page: Page, option: str, within: Locator | None = None) -> None:
    """A radio button: Tab into the first group offering `option` (in `within`, if given),
    arrow down to it, Space."""
    options = (within or page).get_by_label(option, exact=True)
    in_group = "(els) => els.some((el) => el.name === document.activeElement.name)"
    press_until(page, "Tab", lambda: options.evaluate_all(in_group), f"a group with {option!r}")
    press_until(page, "ArrowDown", lambda: has_focus(options), repr(option), limit=10)
    page.keyboard.press("Space")
    expect(page.locator(":focus")).to_be_checked()


def follow(page: Page, name) -> None:
    """A link, by Enter, and the page it opens."""
    with page.expect_navigation():
        press_on(page, name, role="link")


def submit(page: Page, name) -> None:
    with page.expect_navigation():
        press_on(page, name, role="button")


def status(page: Page, text) -> None:
    expect(page.get_by_role("status")).to_contain_text(text)


def pair_page(page: Page) -> None:
    """Home, then the pair's page, as the mentee finds it."""
    follow(page, "Home")
    follow(page, "Mentored by Marco Mentor")


def test_the_mentee_journey_by_keyboard_alone(page: Page, live_server, assert_accessible):
    program = ProgramFactory(name="Leadership Circle", coordinators=[UserFactory()])
    mentee = UserFactory(full_name="Mina Mentee")
    mentor = MentorFactory(full_name="Marco Mentor", expertise="Operations")
    ParticipantFactory(program=program, user=mentee, role=Participant.Role.MENTEE)
    ParticipantFactory(program=program, user=mentor, role=Participant.Role.MENTOR)

    # Sign in.
    page.goto(f"{live_server.url}/accounts/login/")
    type_into(page, "Email", mentee.email)
    type_into(page, PASSWORD_LABEL, PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    # Self-reflection, complete.
    follow(page, "Self-reflection")
    for label in [
        "What are you looking forward to in a mentor relationship?",
        "What are your strengths? What motivates you?",
        "What would a successful mentoring relationship look like?",
    ]:
        type_into(page, label, "A wise sounding board.")
    # The challenges question comes before the last one: Shift+Tab goes back to it.
    type_into(
        page,
        re.compile("What are your current challenges"),
        "Delegating.",
        backwards=True,
    )
    submit(page, "Save and mark complete")
    status(page, "Your self-reflection is complete")
    assert_accessible(page)

    # Find a mentor and ask; the mentor accepts.
    follow(page, "Home")
    follow(page, "Choose a mentor in Leadership Circle")
    follow(page, "Marco Mentor")
    follow(page, "Ask Marco Mentor to mentor you")
    type_into(
        page, "Why do you want to be mentored by them specifically?", "You turned it around."
    )
    type_into(page, "What are you hoping to achieve?", "Lead my own unit.")
    type_into(page, "How often would you like to meet?", "Every two weeks")
    submit(page, "Send my request")
    status(page, "Your request is on its way")
    accept_mentor_request(mentor_request=MentorRequest.objects.get())
    pair = Mentorship.objects.get()

    # The planning template, shared; then they have met.
    pair_page(page)
    follow(page, "Fill in my planning template")
    for number, name in enumerate(PlanningTemplate.ANSWERS, start=1):
        label = str(PlanningTemplate._meta.get_field(name).verbose_name)
        type_into(page, label, f"My plan, part {number}.")
    submit(page, "Save and share with Marco Mentor")
    status(page, "shared with Marco Mentor")
    pair_page(page)
    submit(page, "We have met: start negotiating our agreement")
    status(page, "You are now in the Negotiating phase")

    # Responsibilities, acknowledged with Space.
    follow(page, "Mentee responsibilities")
    for text in [
        "Be prepared and on time",
        "Be accountable for the mentorship process",
        "Do the necessary pre-work",
        "Follow-up and follow through on action items",
        "Track development and progress",
    ]:
        press_on(page, text, key="Space", role="checkbox")
    submit(page, "I commit to these")
    status(page, "Thank you: your commitments are recorded.")

    # The agreement: written, saved, signed; the mentor signs too.
    follow(page, "Go to the mentoring agreement")
    submit(page, "Start our agreement")
    for position in (1, 2, 3):
        type_into(page, f"Goal {position}", f"Goal number {position}")
    for label, text in [
        ("What is a realistic amount of time that can be committed to?", "Ninety minutes."),
        ("How will the agendas be set?", "Mina sends one."),
        ("How long will a meeting be?", "60"),
        ("Place or link", "Room 4B"),
        ("How will you respect confidentiality – both ways?", "It stays between us."),
        ("What does success look like?", "A manager role."),
        ("What are the expectations of the mentor?", "Honest feedback."),
        ("What are the expectations of the mentee?", "Prepared agendas."),
    ]:
        type_into(page, label, text)
    # A select takes the first letters of its option.
    type_into(page, "How often will you meet?", "Bi-weekly", backwards=True)
    type_into(page, "Where/how will you meet?", "In person")
    submit(page, "Save the whole draft")
    status(page, "Your changes to the draft are saved.")
    assert_accessible(page)
    type_into(page, "Type your name to sign", "Mina Mentee")
    submit(page, "Sign the agreement")
    status(page, "You have signed.")
    sign_version(AgreementVersion.objects.get(agreement__mentorship=pair), mentor)
    assert Mentorship.objects.get(pk=pair.pk).phase == Phase.ENABLING

    # A meeting, scheduled; it is held (the mentor marks it); the 3-2-1 reflection after it.
    pair_page(page)
    follow(page, "Our meetings, agendas, notes and 3-2-1 reflections")
    follow(page, "Schedule a meeting")
    day = timezone.localdate() + datetime.timedelta(days=7)
    # Chromium's date and time field moves on by itself from month to day to year; a year may
    # have six digits, so the right arrow moves on to the hour, then minute and AM by themselves.
    type_into(page, "Date and time", f"{day:%m%d%Y}")
    page.keyboard.press("ArrowRight")
    page.keyboard.type("1000A")
    submit(page, "Schedule the meeting")
    status(page, "scheduled")
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.starts_at).date() == day
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=70)
    )
    meeting_services.mark_held(meeting=Meeting.objects.get(pk=meeting.pk), user=mentor)
    page.reload()
    follow(page, "Write my 3-2-1 reflection")
    answers = [
        "Budgets.",
        "Ask first.",
        "Sleep on it.",
        "Book a review.",
        "Delegate.",
        "Curiosity.",
    ]
    tab_to(page, "Thing 1")
    for position, answer in enumerate(answers):
        if position:
            page.keyboard.press("Tab")
        page.keyboard.type(answer)
    submit(page, "Save my reflection")
    status(page, "Your reflection is saved")
    assert_accessible(page)

    # The mid-way check-in.
    pair_page(page)
    follow(page, "Mid-way check-in")
    for label in [
        "Are we meeting the appropriate frequency and for the right length of time?",
        "Are both you and I following up on action items coming out of each meeting?",
        "What might we do differently?",
        "Are we on track to meet the development goals?",
    ]:
        type_into(page, label, "Yes, mostly.")
    choose(page, "No")
    submit(page, "Save my answers")
    status(page, "Your check-in answers are saved.")

    # Closure: proposed; the mentor confirms, records outcomes and reflects.
    pair_page(page)
    follow(page, "When it is time to close the relationship")
    choose(page, "Goals achieved")
    submit(page, "Propose to close")
    status(page, "You proposed to close.")
    closure_services.confirm_closure(closure=Closure.objects.get(), user=mentor)
    goals = AgreementVersion.objects.get(agreement__mentorship=pair).goals.order_by("position")
    pair = Mentorship.objects.get(pk=pair.pk)
    for goal in goals:
        closure_services.record_outcome(
            mentorship=pair, goal=goal, user=mentor, outcome="achieved"
        )
    closure_services.save_closing_reflection(mentorship=pair, user=mentor, feelings="Proud.")

    # The mentee's outcomes, reflection and thanks; then complete, and the certificate.
    page.reload()
    for goal in goals:
        choose(page, "Achieved", within=page.get_by_role("article", name=f"Goal {goal.position}:"))
        submit(page, f"Save the outcome of goal {goal.position}")
        status(page, f"Goal {goal.position}: your outcome is saved.")
    type_into(page, str(FEELINGS), "Grateful.")
    submit(page, "Save my reflection")
    status(page, "Your reflection is saved.")
    type_into(page, str(THANKS), "Thank you, Marco, for every honest answer.")
    submit(page, "Send my thanks to Marco Mentor")
    status(page, "Your thank-you note is on its way to Marco Mentor.")
    press_on(page, "I understand this ends the mentorship for good", key="Space")
    submit(page, "Complete the closure")
    status(page, "Closure is complete")
    assert_accessible(page)
    with page.expect_download() as download:
        press_on(page, "Download your certificate of completion (PDF)", role="link")
    assert download.value.suggested_filename == "mentoring-certificate-mina-mentee.pdf"
    assert not Mentorship.objects.get(pk=pair.pk).is_open
