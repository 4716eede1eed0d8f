"""Data rights in a real browser: a mentee downloads a copy of their data, deletes their
account, and their mentor still opens the pair and downloads its certificate."""

import json
import zipfile

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from accounts.models import FORMER_PARTICIPANT
from tests.factories import (
    PASSWORD,
    MentorFactory,
    MentorshipFactory,
    ProgramFactory,
    SelfReflectionFactory,
    UserFactory,
    agreement_in_effect,
)
from tests.helpers import PASSWORD_LABEL, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_mentee_takes_a_copy_leaves_and_the_mentor_keeps_the_pair(
    page: Page, live_server, mailoutbox, assert_accessible
):
    program = ProgramFactory(name="Leadership Circle", coordinators=[UserFactory()])
    mentee = UserFactory(full_name="Mina Mentee")
    mentor = MentorFactory(full_name="Marco Mentor")
    pair = MentorshipFactory(program=program, mentor=mentor, mentee=mentee)
    agreement_in_effect(pair)
    SelfReflectionFactory(author=mentee, strengths="Mina's own strengths, for her alone.")

    sign_in(page, live_server, mentee.email, PASSWORD)
    page.goto(f"{live_server.url}/accounts/profile/")
    page.get_by_role("link", name="Your data").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    assert_accessible(page)
    page.get_by_role("button", name="Request a copy of my data").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").first.click()
    with zipfile.ZipFile(download.value.path()) as archive:
        data = json.loads(archive.read("data.json"))
        assert "Mina's own strengths, for her alone." in json.dumps(data)
        assert "Mina" in archive.read("index.html").decode()

    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete my account")
    assert_accessible(page)
    page.get_by_label("Your password").fill("not my password")
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    summary = page.get_by_role("alert", name="There is a problem")
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role("link", name="Your password: That is not your password.")
    ).to_be_visible()
    expect(page.get_by_text("That is not your password.", exact=True)).to_be_visible()
    expect(page.get_by_label("I understand")).to_be_checked()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    assert_accessible(page)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(mentee.email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_have_count(0)

    assert [message.to for message in mailoutbox][-1] == [mentor.email]
    sign_in(page, live_server, mentor.email, PASSWORD)
    page.goto(f"{live_server.url}{pair.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(FORMER_PARTICIPANT)
    expect(page.get_by_text("Left and deleted their account.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/mentorships/{pair.pk}/closure/")
    expect(page.get_by_text("when the mentee left.")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="certificate of completion").click()
    pdf = PdfReader(download.value.path())
    text = "".join(pdf_page.extract_text() for pdf_page in pdf.pages)
    assert FORMER_PARTICIPANT in text
    sign_out(page)
