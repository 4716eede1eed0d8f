"""A coordinator at work in a real browser: invite by CSV, pair, find the pairs at risk, export.

axe checks every page along the way. Fields and buttons are found by their labels and names, so
a control that loses its name breaks the journey, as it would for someone using a screen reader.
"""

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from mentoring.enrolment.models import ProgramInvitation
from mentoring.enrolment.services import accept_invitation
from mentoring.programs.models import Mentorship, Participant
from tests.factories import (
    PASSWORD,
    ActionStepFactory,
    MeetingFactory,
    MentorFactory,
    MentorshipFactory,
    PlanSectionFactory,
    ProgramFactory,
    UserFactory,
    agreement_in_effect,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "email,name,role,department"
# Mina and Marco already have accounts (from an earlier program); Noah and Nell are new.
PEOPLE = [
    "mina@example.org,Mina Mentee,mentee,Emergency",
    "noah@example.org,Noah Newcomer,mentee,Pharmacy",
    "marco@example.org,Marco Mentor,mentor,Surgery",
    "nell@example.org,Nell Novak,mentor,Pharmacy",
]


def csv_upload(*lines: str) -> dict:
    """A file for Playwright's set_input_files, as a spreadsheet saves it."""
    return {
        "name": "people.csv",
        "mimeType": "text/csv",
        "buffer": "\r\n".join([HEADER, *lines, ""]).encode(),
    }


def test_coordinator_invites_pairs_and_exports_the_pairs_at_risk(
    page: Page, live_server, mailoutbox, assert_accessible
):
    coordinator = UserFactory(full_name="Cora Coordinator")
    program = ProgramFactory(name="Leadership Circle", coordinators=[coordinator])
    mina = UserFactory(
        full_name="Mina Mentee",
        email="mina@example.org",
        department="Emergency",
        growth_areas="Budgets, Leading change",
    )
    marco = MentorFactory(
        full_name="Marco Mentor",
        email="marco@example.org",
        department="Surgery",
        expertise="Budgets, Operations",
    )

    # From the home page to the program and its invite page.
    sign_in(page, live_server, coordinator.email, PASSWORD)
    programs = page.get_by_role("region", name="Programs I coordinate")
    programs.get_by_role("link", name="Leadership Circle", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leadership Circle")
    assert_accessible(page)
    page.get_by_role("link", name="Invite people from a CSV file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite people to Leadership Circle")
    assert_accessible(page)

    # A file with a bad email address on line 3: the problem is named by line, next to the field
    # (and read out with it), and nobody is imported.
    file_field = page.get_by_label("CSV file of people to invite")
    bad = [PEOPLE[0], PEOPLE[1].replace("noah@example.org", "noah.example.org"), *PEOPLE[2:]]
    file_field.set_input_files(csv_upload(*bad))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("alert").filter(has_text="Nothing was imported")).to_be_visible()
    expect(page.get_by_role("alert", name="There is a problem")).to_be_focused()
    problem = "Line 3: “noah.example.org” is not a valid email address."
    expect(file_field).to_have_accessible_description(re.compile(re.escape(problem)))
    assert_accessible(page)
    assert not Participant.objects.filter(program=program).exists()
    assert not User.objects.filter(email__in=["noah@example.org", "nell@example.org"]).exists()
    assert mailoutbox == []

    # The fixed file: everyone invited alike, whether they had an account or not; new people's
    # email also has a link to set their password.
    file_field.set_input_files(csv_upload(*PEOPLE))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("status")).to_have_text(
        "4 people invited to Leadership Circle. "
        "They join the program when they accept the invitation we email them."
    )
    assert_accessible(page)
    assert not Participant.objects.filter(program=program).exists()
    invited = ProgramInvitation.objects.filter(program=program)
    assert sorted(invited.values_list("user__email", "role")) == [
        ("marco@example.org", "mentor"),
        ("mina@example.org", "mentee"),
        ("nell@example.org", "mentor"),
        ("noah@example.org", "mentee"),
    ]
    assert User.objects.get(email="noah@example.org").department == "Pharmacy"
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        line.split(",")[0] for line in PEOPLE
    )
    with_password_link = [
        message.to[0] for message in mailoutbox if "/accounts/password/reset/key/" in message.body
    ]
    assert sorted(with_password_link) == ["nell@example.org", "noah@example.org"]
    # Everyone accepts (tests/test_program_invitations.py follows a person doing so).
    for invitation in invited:
        accept_invitation(invitation=invitation)

    # Pairing Mina: Marco shares a growth area and works elsewhere, and the page says so.
    page.get_by_role("link", name="Leadership Circle").click()
    page.get_by_role("link", name="Pair a mentee with a mentor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pair a mentee with a mentor")
    assert_accessible(page)
    page.get_by_label("Suggest mentors for").select_option(label="Mina Mentee")
    page.get_by_role("button", name="Suggest mentors").click()
    suggestions = page.get_by_role("region", name="Suggested mentors for Mina Mentee")
    expect(suggestions.get_by_role("listitem").first).to_contain_text(
        "Shares: Budgets; works in Surgery, a different department."
    )
    assert_accessible(page)
    suggestions.get_by_role("button", name="Pair Mina Mentee with Marco Mentor").click()
    expect(page.get_by_role("status")).to_have_text("Mina Mentee and Marco Mentor are now a pair.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mina Mentee mentored by Marco Mentor"
    )
    assert_accessible(page)
    assert Mentorship.objects.filter(program=program, mentee=mina, mentor=marco).exists()

    # Elsewhere in the program: a pair started a month ago with nothing signed, a pair with an
    # overdue action step, and a pair on track.
    today = timezone.localdate()
    MentorshipFactory(
        program=program,
        mentee=UserFactory(full_name="Una Unsigned"),
        started_at=timezone.now() - datetime.timedelta(days=30),
    )
    late = MentorshipFactory(program=program, mentee=UserFactory(full_name="Olga Overdue"))
    agreement_in_effect(late)
    ActionStepFactory(
        section=PlanSectionFactory(mentorship=late),
        target_on=today - datetime.timedelta(days=3),
    )
    on_track = MentorshipFactory(program=program, mentee=UserFactory(full_name="Tom Ontrack"))
    agreement_in_effect(on_track)
    MeetingFactory(mentorship=on_track)

    # The dashboard, filtered to the pairs at risk, each with its reasons.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    programs.get_by_role("link", name="Leadership Circle", exact=True).click()
    page.get_by_role("link", name="Open the program dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard: Leadership Circle")
    expect(page.get_by_role("status")).to_have_text("4 pairs match.")
    assert_accessible(page)
    page.get_by_label("At risk", exact=True).select_option(label="At risk only")
    page.get_by_role("button", name="Show pairs").click()
    expect(page.get_by_role("status")).to_have_text("2 pairs match.")
    expect(page.get_by_label("At risk", exact=True)).to_have_value("yes")
    rows = page.get_by_role("table").get_by_role("row").filter(has=page.get_by_role("cell"))
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Olga Overdue")
    expect(rows.nth(0)).to_contain_text("1 overdue action step")
    expect(rows.nth(1)).to_contain_text("Una Unsigned")
    expect(rows.nth(1)).to_contain_text("No signed agreement three weeks after the pair started")
    assert_accessible(page)

    # The export holds exactly the rows shown.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV of these 2 pairs").click()
    download = download_info.value
    assert download.suggested_filename == f"leadership-circle-dashboard-{today:%Y-%m-%d}.csv"
    exported = list(
        csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig")))
    )
    assert [row["Mentee"] for row in exported] == ["Olga Overdue", "Una Unsigned"]
    assert [row["At risk"] for row in exported] == ["Yes", "Yes"]
    assert exported[0]["Why at risk"] == "1 overdue action step"
    assert exported[1]["Why at risk"].startswith(
        "No signed agreement three weeks after the pair started"
    )
