"""Provisioning in a real browser: the organisation's directory, over HTTP with its token as
Entra ID sends it, creates two people and a group; the program's coordinator names the group
on the program's Directory groups page and both become mentors; the directory deactivates one
who is in a pair, and their mentee finds the pair ended because the mentor left. axe checks
the pages; screenshots at 1280 and 390 px go to /tmp/shots/provisioning-*.png.
"""

from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from accounts.models import User
from mentoring.programs.models import Participant
from mentoring.provisioning.models import ProvisioningToken
from tests.factories import PASSWORD, MentorshipFactory, ProgramFactory, UserFactory
from tests.helpers import sign_in
from tests.scim import PATCH_OP, entra_user, group_body

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("warm_server")]

SCREENSHOTS = Path("/tmp/shots")
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOTS / f"provisioning-{name}-{width}.png", full_page=True)
    page.set_viewport_size(WIDTHS["desktop"])


class Directory:
    """Entra ID's provisioning service, calling the live server."""

    def __init__(self, live_server, secret):
        self.base = f"{live_server.url}/scim/v2"
        self.headers = {
            "Authorization": f"Bearer {secret}",
            "Content-Type": "application/scim+json",
        }

    def send(self, method, path, body):
        response = requests.request(
            method, self.base + path, json=body, headers=self.headers, timeout=10
        )
        assert response.status_code in (200, 201), response.text
        return response.json()


def test_a_directory_group_gives_mentors_and_a_deactivation_ends_a_pair(
    page: Page, live_server, assert_accessible
):
    coordinator = UserFactory(full_name="Cora Coordinator")
    program = ProgramFactory(name="Nursing Mentorship", coordinators=[coordinator])
    token = ProvisioningToken(name="Entra ID")
    directory = Directory(live_server, token.issue())
    token.save()

    ids = [
        directory.send("POST", "/Users", entra_user(user_name=email, displayName=name))["id"]
        for email, name in [("ana@vch.ca", "Ana Alvarez"), ("ben@vch.ca", "Ben Bose")]
    ]
    group = directory.send("POST", "/Groups", group_body("VCH Nurse Mentors"))
    members = [{"$ref": None, "value": each} for each in ids]
    directory.send(
        "PATCH",
        f"/Groups/{group['id']}",
        {
            "schemas": [PATCH_OP],
            "Operations": [{"op": "Add", "path": "members", "value": members}],
        },
    )

    sign_in(page, live_server, coordinator.email, PASSWORD)
    page.goto(f"{live_server.url}{program.get_absolute_url()}")
    page.get_by_role("link", name="Directory groups").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Directory groups of Nursing Mentorship"
    )
    expect(
        page.get_by_text("No directory group gives a role in this program yet.")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Directory group").fill("vch nurse mentors")
    page.get_by_label("Mentor", exact=True).check()
    page.get_by_role("button", name="Add the group").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "Members of vch nurse mentors are now mentors in the program."
    )
    row = page.get_by_role("row", name="vch nurse mentors")
    expect(row).to_contain_text("2")
    assert_accessible(page)
    screenshot(page, "directory-groups")
    mentors = Participant.objects.filter(program=program, role=Participant.Role.MENTOR)
    assert set(mentors.values_list("user__email", flat=True)) == {"ana@vch.ca", "ben@vch.ca"}

    # The same group again is refused beside the name, with what was typed kept.
    page.get_by_label("Directory group").fill("VCH NURSE MENTORS")
    page.get_by_label("Mentor", exact=True).check()
    page.get_by_role("button", name="Add the group").click()
    expect(
        page.get_by_text("This group already gives that role in this program.", exact=True)
    ).to_be_visible()
    expect(page.get_by_label("Directory group")).to_have_value("VCH NURSE MENTORS")
    assert_accessible(page)

    ana = User.objects.get(email="ana@vch.ca")
    mentee = UserFactory(full_name="Mina Mentee")
    pair = MentorshipFactory(program=program, mentor=ana, mentee=mentee)
    directory.send(
        "PATCH",
        f"/Users/{ids[0]}",
        {
            "schemas": [PATCH_OP],
            "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
        },
    )
    page.context.clear_cookies()
    sign_in(page, live_server, mentee.email, PASSWORD)
    page.goto(f"{live_server.url}/mentorships/{pair.pk}/closure/")
    expect(page.get_by_text("when the mentor left.")).to_be_visible()
    assert_accessible(page)
