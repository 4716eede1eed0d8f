"""The Negotiating phase in a browser: responsibilities, the agreement, both signatures, the PDF.

Locators are by label and role, so a field that loses its label breaks the journey.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from mentoring.agreements.models import AgreementVersion
from mentoring.programs.models import Mentorship, Phase
from tests.factories import PASSWORD, MentorFactory, MentorshipFactory, ProgramFactory, UserFactory
from tests.helpers import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

GOALS = [
    "Lead the ward's next quality improvement project",
    "Build a network of five leaders outside my site",
    "Prepare for a manager interview by June",
]


def download_pdf(page: Page, link_name: str, tmp_path, who: str) -> bytes:
    with page.expect_download() as download_info:
        page.get_by_role("link", name=link_name).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    path = tmp_path / f"{who}.pdf"
    download.save_as(path)
    content = path.read_bytes()
    assert content.startswith(b"%PDF")
    return content


def test_the_pair_write_sign_and_download_their_agreement(
    page: Page, live_server, assert_accessible, tmp_path
):
    program = ProgramFactory(name="Leadership Circle")
    mentor = MentorFactory(full_name="Marco Mentor")
    mentee = UserFactory(full_name="Mina Mentee")
    pair = MentorshipFactory(program=program, mentor=mentor, mentee=mentee, phase="negotiating")
    main = page.get_by_role("main")

    # The mentee acknowledges the five responsibilities.
    sign_in(page, live_server, mentee.email, PASSWORD)
    page.get_by_role("link", name="Mentored by Marco Mentor").click()
    expect(page.get_by_role("heading", name="Mentoring agreement")).to_be_visible()
    expect(main).to_contain_text("Not started yet.")
    assert_accessible(page)
    page.get_by_role("link", name="Mentee responsibilities", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentee responsibilities")
    assert_accessible(page)
    for text in [
        "Be prepared and on time",
        "Be accountable for the mentorship process",
        "Do the necessary pre-work",
        "Follow-up and follow through on action items",
        "Track development and progress",
    ]:
        page.get_by_label(text).check()
    page.get_by_role("button", name="I commit to these").click()
    expect(page.get_by_role("status")).to_have_text("Thank you: your commitments are recorded.")
    acknowledged = page.get_by_role("list", name="Acknowledged responsibilities")
    expect(acknowledged.get_by_role("listitem")).to_have_count(5)
    expect(page.get_by_role("checkbox")).to_have_count(0)
    assert_accessible(page)

    # Starts the agreement and fills it, three goals and the cadence.
    page.get_by_role("link", name="Go to the mentoring agreement").click()
    # The agreement's page, loaded, before axe reads it.
    expect(page.get_by_role("button", name="Start our agreement")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start our agreement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Edit the agreement: version 1 (draft)"
    )
    assert_accessible(page)
    for position, goal in enumerate(GOALS, start=1):
        page.get_by_label(f"Goal {position}", exact=True).fill(goal)
    page.get_by_label("What is a realistic amount of time that can be committed to?").fill(
        "Ninety minutes a month, plus preparation."
    )
    page.get_by_label("How will the agendas be set?").fill("Mina sends one two days before.")
    page.get_by_label("How often will you meet?").select_option(label="Bi-weekly")
    page.get_by_label("How long will a meeting be?").fill("60")
    page.get_by_label("Where/how will you meet?").select_option(label="In person")
    page.get_by_label("Place or link").fill("Room 4B, Vancouver General")
    page.get_by_label("How will you respect confidentiality – both ways?").fill(
        "What we say stays between us, both ways."
    )
    page.get_by_label("What does success look like?").fill("A manager role within a year.")
    page.get_by_label("What are the expectations of the mentor?").fill("Honest feedback.")
    page.get_by_label("What are the expectations of the mentee?").fill("Prepared agendas.")
    page.get_by_role("button", name="Save the whole draft").click()
    expect(page.get_by_role("status")).to_have_text("Your changes to the draft are saved.")
    for goal in GOALS:
        expect(main).to_contain_text(goal)
    assert_accessible(page)

    # A wrong name is explained beside the field; then she signs.
    page.get_by_label("Type your name to sign").fill("Mina M.")
    page.get_by_role("button", name="Sign the agreement").click()
    name = page.get_by_label("Type your name to sign")
    expect(name).to_have_value("Mina M.")
    expect(name).to_have_accessible_description(
        re.compile("Type your name as it is on your profile: Mina Mentee.")
    )
    assert_accessible(page)
    name.fill("mina mentee")
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_role("status")).to_have_text(
        "You have signed. Marco Mentor has been asked to sign too."
    )
    expect(main).to_contain_text("You have signed this version.")
    assert_accessible(page)
    sign_out(page)

    # The mentor reviews and signs: the agreement is in effect, the pair is in Enabling.
    sign_in(page, live_server, mentor.email, PASSWORD)
    page.goto(f"{live_server.url}/mentorships/{pair.pk}/")
    expect(main).to_contain_text("Draft (version 1), not yet signed by both.")
    page.get_by_role("link", name="Read, edit and sign the agreement").click()
    expect(main).to_contain_text("Mentee: Mina Mentee — signed on")
    expect(main).to_contain_text(GOALS[2])
    expect(main).to_contain_text("Room 4B, Vancouver General")
    assert_accessible(page)
    page.get_by_label("Type your name to sign").fill("Marco Mentor")
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_role("status")).to_have_text(
        "You have both signed: version 1 of your agreement is in effect."
    )
    expect(page.get_by_role("heading", name="In effect: version 1")).to_be_visible()
    assert_accessible(page)
    mentor_pdf = download_pdf(page, "Download version 1 (PDF)", tmp_path, "mentor")

    page.get_by_role("link", name="Every version and what changed").click()
    expect(
        page.get_by_role("table", name=re.compile("Versions of the mentoring agreement"))
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Version 1").click()
    expect(main).to_contain_text("This is the first version.")
    assert_accessible(page)

    page.goto(f"{live_server.url}/mentorships/{pair.pk}/")
    progress = page.get_by_role("list", name="Phase 3 of 4: Enabling")
    expect(progress.locator('[aria-current="step"]')).to_have_text("3. Enabling")
    expect(main).to_contain_text("Signed by both on")
    assert_accessible(page)
    sign_out(page)

    # The mentee downloads the signed agreement too.
    sign_in(page, live_server, mentee.email, PASSWORD)
    page.goto(f"{live_server.url}/mentorships/{pair.pk}/agreement/")
    assert_accessible(page)
    mentee_pdf = download_pdf(page, "Download version 1 (PDF)", tmp_path, "mentee")
    assert mentee_pdf[:4] == mentor_pdf[:4] == b"%PDF"

    assert Mentorship.objects.get(pk=pair.pk).phase == Phase.ENABLING
    version = AgreementVersion.objects.get(agreement__mentorship=pair)
    assert version.status == AgreementVersion.Status.IN_EFFECT
    assert [goal.text for goal in version.goals.all()] == GOALS
