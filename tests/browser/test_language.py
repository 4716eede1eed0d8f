"""Languages in a real browser: the switch on the sign-in page, to French and back, with the
page's `lang` following (axe checks it is valid) and the choice kept across pages; a
French-speaking mentee's preparation, in French, checked by axe."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from mentoring.programs.models import Participant
from tests.factories import PASSWORD, ParticipantFactory, ProgramFactory, UserFactory
from tests.helpers import PASSWORD_LABEL

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("warm_server")]


def test_the_switch_turns_the_pages_french_and_back(page: Page, live_server, assert_accessible):
    page.goto(f"{live_server.url}{reverse('account_login')}")
    expect(page.locator("html")).to_have_attribute("lang", "en-ca")
    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr-ca")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    assert_accessible(page)
    page.goto(f"{live_server.url}{reverse('guide')}")
    expect(page.locator("html")).to_have_attribute("lang", "fr-ca")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en-ca")
    assert page.url.endswith(reverse("guide"))


def test_a_french_speaking_mentee_prepares_in_french(
    page: Page, live_server, assert_accessible, kick_starter_bank
):
    """Someone whose profile says French gets French pages as soon as they are signed in, the
    toolkit's questions as the fields' French labels, and the kick-starter bank in French."""
    program = ProgramFactory(name="Cercle de leadership", coordinators=[UserFactory()])
    mentee = UserFactory(full_name="Mina Mentee", language="fr-ca")
    ParticipantFactory(program=program, user=mentee, role=Participant.Role.MENTEE)

    page.goto(f"{live_server.url}{reverse('account_login')}")  # a first visit: English
    page.get_by_label("Email").fill(mentee.email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr-ca")
    card = page.get_by_role("article").filter(
        has_text="Trouver un mentor dans Cercle de leadership"
    )
    assert_accessible(page)

    card.get_by_role("link", name="Autoréflexion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Autoréflexion")
    page.get_by_label("Quelles sont vos forces\u00a0? Qu’est-ce qui vous motive\u00a0?").fill(
        "La patience."
    )
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status")).to_have_text(
        "Votre brouillon est enregistré. Personne d’autre que vous ne peut le voir."
    )
    assert_accessible(page)

    page.goto(f"{live_server.url}{reverse('meetings:kick_starters')}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Questions pour lancer la discussion"
    )
    expect(page.get_by_role("main")).to_contain_text("Parcours professionnel")
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en-ca")
    expect(page.get_by_role("heading", level=1)).to_have_text("Conversation kick-starters")
