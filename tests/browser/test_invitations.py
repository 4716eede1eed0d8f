"""Someone invited to a program, in a real browser: the invitation at home, its page, an answer.

axe checks every page along the way.
"""

import pytest
from playwright.sync_api import Page, expect

from mentoring.enrolment.models import ProgramInvitation
from mentoring.programs.models import Participant
from tests.factories import PASSWORD, ProgramFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_invited_person_accepts_one_invitation_and_declines_another(
    page: Page, live_server, assert_accessible
):
    coordinator = UserFactory(full_name="Cora Coordinator")
    sam = UserFactory(full_name="Sam Already", email="sam@example.org")
    circle = ProgramFactory(name="Leadership Circle")
    rounds = ProgramFactory(name="Night Rounds")
    for program in (circle, rounds):
        ProgramInvitation.objects.create(
            program=program, user=sam, role=Participant.Role.MENTEE, invited_by=coordinator
        )

    sign_in(page, live_server, sam.email, PASSWORD)
    panel = page.get_by_role("region", name="Invitations to programs")
    expect(panel).to_contain_text("Leadership Circle, as a mentee")
    expect(panel).to_contain_text("Invited by Cora Coordinator")
    assert_accessible(page)
    panel.get_by_role("button", name="Accept the invitation to Leadership Circle").click()
    expect(page.get_by_role("status")).to_have_text(
        "Welcome to Leadership Circle: you are now a mentee there."
    )
    assert_accessible(page)

    page.goto(f"{live_server.url}/invitations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitations to programs")
    assert_accessible(page)
    page.get_by_role("button", name="Decline the invitation to Night Rounds").click()
    expect(page.get_by_role("status")).to_have_text("You declined the invitation to Night Rounds.")
    assert list(Participant.objects.filter(user=sam).values_list("program__name", flat=True)) == [
        "Leadership Circle"
    ]
    assert not ProgramInvitation.objects.exists()
