"""Journeys through the toolkit in a real browser, with axe on every page along the way.

Locators are by label and role on purpose: if a field loses its label or a button its name,
the journey breaks as it would for someone using a screen reader.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from mentoring.programs.models import Mentorship, Phase
from tests.factories import (
    PASSWORD,
    MentorFactory,
    MentorshipFactory,
    ProgramFactory,
    UserFactory,
)
from tests.helpers import PASSWORD_LABEL, open_person_menu, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "quiet-harbour-lantern-42"


def confirmation_path(body: str) -> str:
    """The path of the confirmation link in allauth's email, whatever host it was built with."""
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body)
    assert match, f"No confirmation link in:\n{body}"
    return urlsplit(match.group()).path


def test_sign_up_verify_and_fill_in_profile(
    page: Page, live_server, mailoutbox, assert_accessible
):
    email = "new.person@example.com"

    # Anonymous welcome and the guide.
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mentoring, from the first")
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Read the guide").click()
    expect(page.get_by_role("heading", name="A guide to mentoring")).to_be_visible()
    expect(page.get_by_role("table", name="What mentoring is, and what it is not")).to_be_visible()
    assert_accessible(page)

    # Sign up.
    page.goto(f"{live_server.url}/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(NEW_PASSWORD)
    page.get_by_label("Password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    # Verify the email address.
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    assert_accessible(page)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [email]
    page.goto(live_server.url + confirmation_path(message.body))
    expect(page.get_by_role("heading", name="Confirm Email Address")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(email)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()

    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION: signed in, on the home page.
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome")
    expect(page.get_by_role("link", name="complete your profile")).to_be_visible()
    assert_accessible(page)

    # Sign out and back in through the form.
    sign_out(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{live_server.url}/")

    # Fill in the profile.
    open_person_menu(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Nora Newcomer")
    page.get_by_label("Job title").fill("Clinical Nurse Educator")
    page.get_by_label("Department or site").fill("Lions Gate Hospital")
    page.get_by_label("Short bio").fill("Twelve years on the wards, now teaching.")
    page.get_by_label("Areas of expertise").fill("Teaching , Patient safety,, Scheduling")
    page.get_by_label("Open to mentoring").check()
    page.get_by_label("How many mentees I can take").fill("2")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("status")).to_have_text("Your profile is saved.")
    expect(page.get_by_label("Name")).to_have_value("Nora Newcomer")
    expect(page.get_by_label("Job title")).to_have_value("Clinical Nurse Educator")
    expect(page.get_by_label("Department or site")).to_have_value("Lions Gate Hospital")
    expect(page.get_by_label("Short bio")).to_have_value(
        "Twelve years on the wards, now teaching."
    )
    expect(page.get_by_label("Areas of expertise")).to_have_value(
        "Teaching, Patient safety, Scheduling"
    )
    expect(page.get_by_label("Open to mentoring")).to_be_checked()
    expect(page.get_by_label("How many mentees I can take")).to_have_value("2")
    assert_accessible(page)

    # A bad value: the error sits beside (and describes) the field, the typed text stays.
    page.get_by_label("Job title").fill("Senior Clinical Nurse Educator")
    capacity = page.get_by_label("How many mentees I can take")
    capacity.fill("11")
    page.get_by_role("button", name="Save profile").click()

    capacity = page.get_by_label("How many mentees I can take")
    expect(capacity).to_have_value("11")
    expect(capacity).to_have_attribute("aria-invalid", "true")
    expect(capacity).to_have_accessible_description(
        re.compile("You can take at most 10 mentees at once.")
    )
    expect(page.locator("#div_id_mentee_capacity")).to_contain_text(
        "You can take at most 10 mentees at once."
    )
    expect(page.get_by_label("Job title")).to_have_value("Senior Clinical Nurse Educator")
    expect(page.get_by_role("status")).to_have_count(0)
    assert_accessible(page)

    # Home greets them by name.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Nora Newcomer")
    expect(page.get_by_role("link", name="complete your profile")).to_have_count(0)
    assert_accessible(page)


def test_existing_pair_moves_to_negotiating(page: Page, live_server, assert_accessible):
    coordinator = UserFactory(full_name="Casey Coordinator")
    program = ProgramFactory(name="Leadership Circle", coordinators=[coordinator])
    mentor = MentorFactory(full_name="Marco Mentor")
    mentee = UserFactory(full_name="Mina Mentee")
    pair = MentorshipFactory(program=program, mentor=mentor, mentee=mentee)

    # The mentee: home page with the pair and its four phases.
    sign_in(page, live_server, mentee.email, PASSWORD)
    expect(page.get_by_role("heading", name="My mentorship")).to_be_visible()
    progress = page.get_by_role("list", name="Phase 1 of 4: Preparing")
    expect(progress.get_by_role("listitem")).to_have_count(4)
    expect(progress.locator('[aria-current="step"]')).to_have_text("1. Preparing")
    assert_accessible(page)

    page.get_by_role("link", name="Mentored by Marco Mentor").click()
    expect(page).to_have_url(f"{live_server.url}/mentorships/{pair.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mina Mentee mentored by Marco Mentor"
    )
    assert_accessible(page)

    page.get_by_role("button", name="We have met: start negotiating our agreement").click()
    expect(page.get_by_role("status")).to_have_text(
        "You are now in the Negotiating phase: time for the agreement."
    )
    progress = page.get_by_role("list", name="Phase 2 of 4: Negotiating")
    expect(progress.locator('[aria-current="step"]')).to_have_text("2. Negotiating")
    expect(progress.get_by_role("listitem").first).to_have_text("1. Preparing (done)")
    expect(page.get_by_role("button", name=re.compile("start negotiating"))).to_have_count(0)
    assert_accessible(page)
    pair.refresh_from_db()
    assert pair.phase == Phase.NEGOTIATING

    # The coordinator: the program table, then the program's pairs.
    sign_out(page)
    sign_in(page, live_server, coordinator.email, PASSWORD)
    table = page.get_by_role("table", name="Open pairs per phase in each program")
    headers = table.get_by_role("columnheader").all_inner_texts()
    assert headers[:5] == ["Program", "Preparing", "Negotiating", "Enabling", "Closure"]
    row = table.get_by_role("row", name=re.compile("Leadership Circle"))
    # Cells after the row header, in phase order: the pair is in Negotiating now.
    expect(row.get_by_role("cell").nth(0)).to_have_text("0")
    expect(row.get_by_role("cell").nth(1)).to_have_text("1")
    expect(row.get_by_role("cell").nth(2)).to_have_text("0")
    expect(row.get_by_role("cell").nth(3)).to_have_text("0")
    assert_accessible(page)

    row.get_by_role("link", name="Leadership Circle", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leadership Circle")
    pairs = page.get_by_role("table", name=re.compile("Pairs in Leadership Circle"))
    pair_row = pairs.get_by_role("row", name=re.compile("Mina Mentee"))
    expect(pair_row.get_by_role("cell")).to_contain_text(
        ["Mina Mentee", "Marco Mentor", "Negotiating"]
    )
    assert_accessible(page)

    pair_row.get_by_role("link", name="Mina Mentee").click()
    expect(page.get_by_text("As a coordinator you see this pair's status only.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("start negotiating"))).to_have_count(0)
    assert_accessible(page)
    assert Mentorship.objects.get(pk=pair.pk).phase == Phase.NEGOTIATING


def test_two_factor_pages(page: Page, live_server, assert_accessible):
    user = UserFactory(full_name="Tess Twofactor")
    sign_in(page, live_server, user.email, PASSWORD)

    open_person_menu(page)
    page.get_by_role("link", name="Sign-in & security").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    expect(page.get_by_text("An authenticator app is not active.")).to_be_visible()
    assert_accessible(page)

    # allauth asks for the password again before changing MFA, even right after signing in.
    page.get_by_role("link", name="Activate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Access")
    assert_accessible(page)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/totp/activate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate Authenticator App")
    expect(page.get_by_label("Authenticator secret")).to_be_disabled()
    expect(page.get_by_role("img")).to_be_visible()
    expect(page.get_by_role("button", name="Activate")).to_be_visible()
    assert_accessible(page)
