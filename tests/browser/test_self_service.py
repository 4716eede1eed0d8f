"""Self-service, end to end in a real browser (issue 11): a coordinator creates a program and its
join link; two newcomers sign up through the link, one joins as a mentee and one as a mentor;
the mentee asks, the mentor accepts; they sign their agreement, log a meeting, close, and the
mentee downloads the certificate from "Past mentorships" on home.

Where another browser test already drives a phase's pages (writing the agreement:
test_negotiating.py), the journey sets that step up through the app's services, and says so.
axe checks the pages no other browser test visits: the program form, the join link page, the
join page signed out and signed in, and home with its past mentorships.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from mentoring.agreements import services as agreement_services
from mentoring.programs.models import Mentorship, Participant, Phase, Program
from tests.factories import PASSWORD, UserFactory
from tests.helpers import PASSWORD_LABEL, agreements_url, local_input, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

PROGRAM = "Night Shift Leaders"
NEW_PASSWORD = "quiet-harbour-lantern-42"
GOALS = ["Run the night huddle on my own", "Build a rota the whole team trusts"]


def main(page: Page):
    return page.get_by_role("main")


def confirmation_path(outbox, email: str) -> str:
    """The path of the confirmation link in allauth's email to `email`."""
    links = [
        match.group()
        for message in outbox
        if message.to == [email]
        and (match := re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body))
    ]
    assert len(links) == 1, f"Not one confirmation link to {email}: {links}"
    return urlsplit(links[0]).path


def sign_up_through(page: Page, live_server, outbox, join_url: str, email: str, check) -> None:
    """A newcomer opens the join link signed out, signs up from it and confirms the address;
    ends signed in, on the join page again. `check` is assert_accessible, for the first one."""
    page.goto(join_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Join {PROGRAM}")
    expect(main(page)).to_contain_text("To join, sign up for the Mentoring Toolkit")
    if check:
        check(page)
    main(page).get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    page.get_by_label("Email").fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(NEW_PASSWORD)
    page.get_by_label("Password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    page.goto(live_server.url + confirmation_path(outbox, email))
    expect(page.get_by_role("heading", name="Confirm Email Address")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()
    # Signed in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION), and back on the link they came by: the
    # sign-up link carries it as `next`.
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_have_count(1)
    expect(page).to_have_url(join_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Join {PROGRAM}")


def join_as(page: Page, name: str, role: str, expertise: str = "", capacity: str = "") -> None:
    """On the join page, signed in: the name, the role, and for a mentor what they offer."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label(role, exact=True).check()
    if expertise:
        page.get_by_label("Areas of expertise").fill(expertise)
        page.get_by_label("How many mentees I can take").fill(capacity)
    page.get_by_role("button", name=f"Join {PROGRAM}").click()
    expect(page.get_by_role("status")).to_have_text(
        f"Welcome to {PROGRAM}: you are now a {role.lower()} there."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {name}")


def open_pair(page: Page, live_server, pair: Mentorship) -> None:
    page.goto(f"{live_server.url}{pair.get_absolute_url()}")


def sign_agreement(page: Page, live_server, pair: Mentorship, name: str, status: str) -> None:
    page.goto(f"{live_server.url}{agreements_url('agreement', pair)}")
    expect(main(page)).to_contain_text(GOALS[0])
    page.get_by_label("Type your name to sign").fill(name)
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_role("status")).to_have_text(status)


def open_closure(page: Page, live_server, pair: Mentorship, link: str) -> None:
    open_pair(page, live_server, pair)
    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Closure")


def record_outcomes(page: Page) -> None:
    for position, goal_text in enumerate(GOALS, start=1):
        goal = page.get_by_role("article").filter(has_text=f"Goal {position}: {goal_text}")
        goal.get_by_label("Achieved", exact=True).check()
        goal.get_by_role("button", name=f"Save the outcome of goal {position}").click()
        expect(page.get_by_role("status")).to_have_text(f"Goal {position}: your outcome is saved.")


def test_a_program_from_creation_to_a_certificate(
    page: Page, live_server, mailoutbox, assert_accessible, tmp_path
):
    coordinator = UserFactory(full_name="Cora Coordinator")
    coordinator.user_permissions.add(
        Permission.objects.get(content_type__app_label="programs", codename="add_program")
    )
    mina_email, marco_email = "mina.newcomer@example.org", "marco.newcomer@example.org"

    # The coordinator creates the program from home.
    sign_in(page, live_server, coordinator.email, PASSWORD)
    page.get_by_role("link", name="New program").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New program")
    assert_accessible(page)
    today = timezone.localdate()
    page.get_by_label("Name").fill(PROGRAM)
    page.get_by_label("Description").fill("Charge nurses on nights, mentored by those before.")
    page.get_by_label("Start date").fill(str(today))
    page.get_by_label("End date").fill(str(today + datetime.timedelta(days=180)))
    page.get_by_role("button", name="Create the program").click()
    expect(page.get_by_role("status")).to_contain_text(f"{PROGRAM} is created")
    expect(page.get_by_role("heading", level=1)).to_have_text(PROGRAM)
    program = Program.objects.get(name=PROGRAM)
    assert list(program.coordinators.all()) == [coordinator]

    # Its join link: made, read from the read-only input, copied.
    page.get_by_role("link", name="Join link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Join link of {PROGRAM}")
    assert_accessible(page)
    page.get_by_role("button", name="Make a join link").click()
    expect(page.get_by_role("status")).to_have_text(
        "The join link is ready: copy it now and share it."
    )
    link_input = page.get_by_label("The join link (shown only now: copy it)")
    expect(link_input).to_have_attribute("readonly", "")
    join_url = link_input.input_value()
    assert re.fullmatch(rf"{re.escape(live_server.url)}/join/[^/]+/", join_url), join_url
    # axe before the click: right after it, the hovered button is mid-transition (Bootstrap
    # animates its colours), and axe would measure a colour that is never at rest.
    assert_accessible(page)
    page.get_by_role("button", name="Copy").click()
    # Headless, the clipboard may refuse: either way the page says what happened.
    expect(page.locator('[data-copy-status="join-url"]')).to_have_text(
        re.compile(r"Copied\.|Press Ctrl\+C")
    )
    sign_out(page)

    # Mina signs up through the link and joins as a mentee.
    sign_up_through(page, live_server, mailoutbox, join_url, mina_email, assert_accessible)
    expect(page.get_by_label("Your name")).to_be_visible()
    assert_accessible(page)
    join_as(page, "Mina Newcomer", "Mentee")
    sign_out(page)

    # Marco does the same as a mentor, saying what he offers.
    sign_up_through(page, live_server, mailoutbox, join_url, marco_email, None)
    join_as(page, "Marco Veteran", "Mentor", expertise="Night shifts, Rotas", capacity="2")
    mina, marco = User.objects.get(email=mina_email), User.objects.get(email=marco_email)
    assert set(Participant.objects.filter(program=program).values_list("user", "role")) == {
        (mina.pk, Participant.Role.MENTEE),
        (marco.pk, Participant.Role.MENTOR),
    }
    marco.refresh_from_db()
    assert marco.open_to_mentoring and marco.mentee_capacity == 2
    sign_out(page)

    # Mina finds Marco in the directory and asks him.
    sign_in(page, live_server, mina_email, NEW_PASSWORD)
    page.get_by_role("link", name=f"Choose a mentor in {PROGRAM}").click()
    expect(page.get_by_role("heading", name="1 mentor available")).to_be_visible()
    page.get_by_role("link", name="Marco Veteran").click()
    expect(main(page)).to_contain_text("Night shifts")
    page.get_by_role("link", name="Ask Marco Veteran to mentor you").click()
    page.get_by_label("Why do you want to be mentored by them specifically?").fill(
        "You built the rota everyone trusts."
    )
    page.get_by_label("What are you hoping to achieve?").fill("Lead nights with confidence.")
    page.get_by_label("How often would you like to meet?").fill("Every two weeks")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("status")).to_contain_text("Your request is on its way")
    sign_out(page)

    # Marco accepts; they have met, so he starts negotiating.
    sign_in(page, live_server, marco_email, NEW_PASSWORD)
    requests = page.get_by_role("region", name="Requests to mentor you")
    requests.get_by_role("button", name="Accept Mina Newcomer").click()
    expect(page.get_by_role("status")).to_contain_text("You are now mentoring Mina Newcomer")
    pair = Mentorship.objects.get(program=program)
    assert (pair.mentee, pair.mentor) == (mina, marco)
    page.get_by_role("button", name="We have met: start negotiating our agreement").click()
    expect(page.get_by_role("status")).to_have_text(
        "You are now in the Negotiating phase: time for the agreement."
    )

    # Writing the agreement is test_negotiating.py's journey: here the draft is written through
    # the services, and both sign it in the browser.
    pair.refresh_from_db()
    assert pair.phase == Phase.NEGOTIATING
    agreement = agreement_services.start_agreement(mentorship=pair, user=mina)
    draft = agreement.versions.get()
    agreement_services.save_draft(
        version=draft,
        user=mina,
        values={
            "meeting_frequency": "biweekly",
            "meeting_length_minutes": 45,
            "meeting_mode": "in_person",
            "meeting_place": "The 4th floor family room",
        },
        goals=GOALS,
        revision=draft.revision,
    )
    sign_agreement(
        page,
        live_server,
        pair,
        "Marco Veteran",
        "You have signed. Mina Newcomer has been asked to sign too.",
    )
    sign_out(page)
    sign_in(page, live_server, mina_email, NEW_PASSWORD)
    sign_agreement(
        page,
        live_server,
        pair,
        "Mina Newcomer",
        "You have both signed: version 1 of your agreement is in effect.",
    )
    pair.refresh_from_db()
    assert pair.phase == Phase.ENABLING

    # They met two days ago without scheduling it: Mina logs it as held. (The pair began
    # minutes ago; a logged meeting falls between its start and now, so it began a week ago.)
    Mentorship.objects.filter(pk=pair.pk).update(
        started_at=timezone.now() - datetime.timedelta(days=7)
    )
    open_pair(page, live_server, pair)
    page.get_by_role("link", name="Our meetings, agendas, notes and 3-2-1 reflections").click()
    page.get_by_role("link", name="Log a past meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a past meeting")
    expect(page.get_by_label("Length in minutes")).to_have_value("45")
    page.get_by_label("When did you meet?").fill(local_input(-2))
    page.get_by_role("button", name="Log the meeting as held").click()
    expect(page.get_by_role("status")).to_contain_text("is logged as held")
    assert pair.meetings.get().status == "held"

    # Mina proposes to close: the goals are achieved.
    open_closure(page, live_server, pair, "When it is time to close the relationship")
    page.get_by_label("Goals achieved").check()
    page.get_by_role("button", name="Propose to close").click()
    expect(page.get_by_role("status")).to_contain_text("You proposed to close.")
    sign_out(page)

    # Marco confirms, records the outcomes, and completes the closure.
    sign_in(page, live_server, marco_email, NEW_PASSWORD)
    open_closure(page, live_server, pair, "Answer or see the proposal to close")
    page.get_by_role("button", name="Confirm: it is time to close").click()
    expect(page.get_by_role("status")).to_contain_text("You both agreed to close")
    record_outcomes(page)
    sign_out(page)
    sign_in(page, live_server, mina_email, NEW_PASSWORD)
    open_closure(page, live_server, pair, "Closure: goals, reflection, thanks and celebration")
    record_outcomes(page)
    page.get_by_label("I understand this ends the mentorship for good").check()
    page.get_by_role("button", name="Complete the closure").click()
    expect(page.get_by_role("status")).to_contain_text("Closure is complete")
    pair.refresh_from_db()
    assert not pair.is_open
    sign_out(page)

    # Later, Mina finds the ended mentorship on home and downloads her certificate.
    sign_in(page, live_server, mina_email, NEW_PASSWORD)
    history = page.get_by_role("region", name="Past mentorships")
    expect(history.get_by_role("link", name="Mentored by Marco Veteran")).to_be_visible()
    expect(history).to_contain_text(PROGRAM)
    assert_accessible(page)
    with page.expect_download() as download_info:
        history.get_by_role(
            "link", name="Certificate of the mentorship with Marco Veteran (PDF)"
        ).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    path = tmp_path / "certificate.pdf"
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
