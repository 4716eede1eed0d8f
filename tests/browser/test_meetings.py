"""Meetings in a real browser: scheduled from the agreed cadence, an agenda with kick-starter
questions and discussion points, held, a 3-2-1 reflection each (the mentee's by keyboard
alone), one shared and read by the partner, and the meeting's calendar file.

The kick-starter bank comes from a data migration; an earlier transactional test's flush
empties it, so the `kick_starter_bank` fixture (tests/conftest.py) loads it again.
"""

import datetime
import re

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from mentoring.meetings.models import Meeting, Reflection
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

FIRST_QUESTION = "What inspires you?"
SECOND_QUESTION = "How are you staying motivated?"
MENTEE_REFLECTION = [
    "Budgets are stories about priorities.",
    "Ask before assuming.",
    "Sleep on big decisions.",
    "Book a budget review.",
    "Delegate the weekend rota.",
    "Lead with curiosity.",
]


def tab_to(page: Page, locator, limit: int = 60) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError("Tab never reached the element")


def open_meeting(page: Page, live_server, meeting: Meeting) -> None:
    page.goto(f"{live_server.url}{meeting.mentorship.get_absolute_url()}")
    page.get_by_role("link", name="Our meetings, agendas, notes and 3-2-1 reflections").click()
    # The only meeting in the list: its link is its date and time.
    page.get_by_role("link", name=re.compile(r"\d{4}, \d+:\d\d [ap]\.m\.")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meeting on")


def test_a_meeting_from_agenda_to_reflections(
    page: Page, live_server, assert_accessible, kick_starter_bank
):
    program = ProgramFactory(name="Leadership Circle", coordinators=[UserFactory()])
    mentee = UserFactory(full_name="Mina Mentee")
    mentor = MentorFactory(full_name="Marco Mentor")
    pair = MentorshipFactory(program=program, mentor=mentor, mentee=mentee)
    agreement_in_effect(pair)
    day = timezone.localdate() + datetime.timedelta(days=1)

    # The mentee schedules a meeting: length, mode and place come from the agreement.
    sign_in(page, live_server, mentee.email, PASSWORD)
    page.goto(f"{live_server.url}{pair.get_absolute_url()}")
    expect(page.get_by_role("region", name="Meetings")).to_contain_text("0 held, 0 planned")
    assert_accessible(page)
    page.get_by_role("link", name="Our meetings, agendas, notes and 3-2-1 reflections").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    assert_accessible(page)
    page.get_by_role("link", name="Schedule a meeting").click()
    expect(page.get_by_label("Length in minutes")).to_have_value("60")
    expect(page.get_by_label("Video call (e.g. Zoom)")).to_be_checked()
    expect(page.get_by_label("Place or link")).to_have_value("The team's usual video room")
    assert_accessible(page)
    page.get_by_label("Date and time").fill(f"{day}T10:00")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_role("status")).to_contain_text("is scheduled")
    expect(page.get_by_role("main")).to_contain_text("10:00 a.m.–11:00 a.m.")
    assert_accessible(page)
    meeting = Meeting.objects.get()

    # Two kick-starter questions from the bank, then discussion points.
    page.get_by_role("link", name="Add questions from the conversation kick-starters").click()
    expect(page.get_by_role("main")).to_contain_text(
        "All discussions should be centered on specific goals."
    )
    assert_accessible(page)
    page.get_by_role("navigation", name="Categories").get_by_role(
        "link", name="Personal Development"
    ).click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Personal Development")
    assert_accessible(page)
    for question in (FIRST_QUESTION, SECOND_QUESTION):
        row = page.get_by_role("listitem").filter(has_text=question)
        row.get_by_role("button", name="Add to agenda").click()
        expect(page.get_by_role("status")).to_contain_text(f"Added to the agenda: “{question}”")
    expect(page.get_by_text("On the agenda", exact=True)).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("link", name="Back to the meeting").click()
    agenda = page.get_by_role("region", name="Agenda")
    expect(agenda.get_by_role("listitem")).to_have_count(2)
    expect(agenda).to_contain_text(
        "prepare for each meeting by providing agendas and discussion points"
    )
    page.get_by_label("Discussion points").fill("How I prepare for the budget interview.")
    page.get_by_role("button", name="Save the discussion points").click()
    expect(page.get_by_role("status")).to_contain_text("Marco Mentor sees them")
    assert_accessible(page)
    sign_out(page)

    # The mentor reads the agenda before the meeting; it is not theirs to change.
    sign_in(page, live_server, mentor.email, PASSWORD)
    open_meeting(page, live_server, meeting)
    agenda = page.get_by_role("region", name="Agenda")
    expect(agenda.get_by_role("listitem").first).to_contain_text(FIRST_QUESTION)
    expect(agenda).to_contain_text("How I prepare for the budget interview.")
    expect(page.get_by_label("Discussion points")).to_have_count(0)
    assert_accessible(page)

    # The time comes; they meet, and the mentor marks the meeting held.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=70)
    )
    page.reload()
    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_role("status")).to_contain_text("The meeting is marked held")
    assert_accessible(page)
    page.get_by_role("link", name="Write my 3-2-1 reflection").click()
    page.get_by_label("Thing 1").fill("Preparation shows.")
    page.get_by_label("What is 1 thing that you will never forget?").fill("Her question on why.")
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.get_by_role("status")).to_contain_text("Your reflection is saved")
    assert_accessible(page)
    sign_out(page)

    # The mentee's 3-2-1 reflection, by keyboard alone, then shared with the mentor.
    sign_in(page, live_server, mentee.email, PASSWORD)
    open_meeting(page, live_server, meeting)
    page.get_by_role("link", name="Write my 3-2-1 reflection").click()
    expect(page.get_by_role("group", name="What are 3 things you learned today?")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_label("Thing 1"))
    for position, answer in enumerate(MENTEE_REFLECTION):
        if position:
            page.keyboard.press("Tab")
        page.keyboard.type(answer)
    tab_to(page, page.get_by_role("button", name="Save my reflection"), limit=3)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("private unless you share it")
    expect(page.get_by_label("Thing 3")).to_have_value("Sleep on big decisions.")
    reflection = Reflection.objects.get(author=mentee)
    assert [getattr(reflection, name) for name in Reflection.ANSWERS] == MENTEE_REFLECTION
    assert_accessible(page)
    page.get_by_role("button", name="Share it with Marco Mentor").click()
    expect(page.get_by_role("status")).to_contain_text("shared with Marco Mentor")
    assert_accessible(page)

    # The meeting in the mentee's calendar: UTC times, the pair's names, the place.
    page.get_by_role("link", name="Back to the meeting").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Mentoring meeting: Mina Mentee & Marco Mentor"
    assert str(event["LOCATION"]) == "The team's usual video room"
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    sign_out(page)

    # The mentor reads the reflection the mentee shared.
    sign_in(page, live_server, mentor.email, PASSWORD)
    open_meeting(page, live_server, meeting)
    shared = page.get_by_role("region", name="3-2-1 reflections")
    expect(shared).to_contain_text("Mina Mentee’s reflection, shared with you")
    expect(shared).to_contain_text("Lead with curiosity.")
    assert_accessible(page)
