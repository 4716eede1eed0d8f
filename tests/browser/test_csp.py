"""The Content-Security-Policy in a real browser: the watcher in conftest.py notices what the
policy refuses, and Django's admin, which we do not write, works under it."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, ProgramFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_reports_what_the_policy_refuses(page: Page, live_server, csp_violations):
    page.goto(f"{live_server.url}/guide/")
    # What a template with a style attribute or an inline script would do, made after load.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.evaluate(
        "document.head.append(Object.assign(document.createElement('script'),"
        " {textContent: 'document.title = \"ran\"'}))"
    )
    expect(page).not_to_have_title("ran")
    page.wait_for_function("true")  # one round trip, so the console messages have arrived
    assert any("style-src" in report for report in csp_violations), csp_violations
    assert any("script-src" in report for report in csp_violations), csp_violations
    # Seen and expected: the watcher's own check at teardown must not fail this test.
    csp_violations.clear()


def test_the_admin_works_under_the_policy(page: Page, live_server):
    admin = UserFactory(full_name="Ada Admin", is_staff=True, is_superuser=True)
    program = ProgramFactory(coordinators=[admin])
    sign_in(page, live_server, admin.email, PASSWORD)

    page.goto(f"{live_server.url}/admin/programs/program/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Select program to change")
    # The changelist's script runs: its "select all" box ticks every row's box.
    page.locator("#action-toggle").check()
    expect(page.locator("input.action-select").first).to_be_checked()

    # Accounts are erased, never deleted, so their list has no actions to select for.
    page.goto(f"{live_server.url}/admin/accounts/user/")
    page.get_by_role("link", name=admin.email).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change user")

    page.goto(f"{live_server.url}/admin/programs/program/{program.pk}/change/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change program")
    # The coordinators' two-list chooser is built by script: it ran.
    expect(page.locator("#id_coordinators_from")).to_be_attached()
    # Anything refused on these pages fails the test at teardown (conftest.py).
