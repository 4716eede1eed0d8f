"""The database stops answering while a mentee sends their self-reflection: the 503 page gives
back what they typed, and "Send again" saves it once the database is back."""

import pytest
from playwright.sync_api import Page, expect

from mentoring.preparation.models import SelfReflection
from tests.factories import PASSWORD, UserFactory
from tests.helpers import queries_fail, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("warm_server")]

STRENGTHS = "What are your strengths? What motivates you?"
TYPED = "Listening closely, and\nwriting things down the same day."
PHONE = {"width": 390, "height": 844}


def writes_fail():
    """Every INSERT or UPDATE fails, as when the database restarts under the live server (it
    runs in a thread of this process)."""
    return queries_fail(lambda sql: sql.lstrip().upper().startswith(("INSERT", "UPDATE")))


def test_what_was_typed_during_an_outage_is_given_back_and_sent_again(
    page: Page, live_server, assert_accessible
):
    mentee = UserFactory(full_name="Mina Mentee")
    sign_in(page, live_server, mentee.email, PASSWORD)
    page.goto(f"{live_server.url}/preparing/self-reflection/")
    page.get_by_label(STRENGTHS).fill(TYPED)

    with writes_fail():
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "The service is briefly unavailable"
        )
    given_back = page.get_by_label("Strengths")
    expect(given_back).to_have_value(TYPED)
    assert_accessible(page)
    page.screenshot(path="var/screenshots/outage-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path="var/screenshots/outage-phone.png", full_page=True)
    assert not SelfReflection.objects.filter(author=mentee).exclude(strengths="").exists()

    page.get_by_role("button", name="Send again").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(
        "The service is briefly unavailable"
    )
    assert SelfReflection.objects.get(author=mentee).strengths == TYPED.replace("\n", "\r\n")
