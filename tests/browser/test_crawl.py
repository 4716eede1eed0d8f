"""A crawl of every page each persona can reach from home, in a real browser.

On each page: axe finds nothing, nothing overflows sideways at 320 px, and the CSP watcher
(conftest.py) hears no refusal. Then the error states of the important forms, refused on
purpose. Findings are collected and reported once, page by page, so one run shows them all.

The key pages are saved as full-page screenshots at 1280 and 390 px under var/screenshots/
(git-ignored), for a reviewer to look at.
"""

import collections
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from mentoring.programs.models import Mentorship
from tests.factories import (
    MeetingFactory,
    MentorFactory,
    MentorshipFactory,
    ParticipantFactory,
    ProgramFactory,
    agreement_in_effect,
)
from tests.helpers import request_help
from tests.world import signed_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("long_navigations")]


SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
DESKTOP, PHONE, NARROWEST = 1280, 390, 320
HEIGHT = 800
PAGE_LIMIT = 60  # per persona: the crawl is bounded whatever the links

# Files, not pages: axe and widths mean nothing there (their own tests read them).
DOWNLOADS = {
    "preparation:planning_pdf",
    "agreements:version_pdf",
    "enabling:action_plan_pdf",
    "meetings:meeting_ics",
    "meetings:feed",
    "closure:certificate",
    "closure:portfolio",
    "dashboard:export",
    "enrolment:invite_example",
    "privacy:download_export",
    "audit:log_csv",
    "reports:program_health_csv",
    "reports:program_health_pdf",
    "reports:all_programs_health_csv",
    "mfa_download_recovery_codes",
}
# Signing out ends the crawl's session; its confirmation page is allauth's own.
SKIPPED = DOWNLOADS | {"account_logout"}
# Pages the same for everyone signed in: the mentee's crawl checks them, the others pass by.
SAME_FOR_ALL = {
    "guide",
    "design:accessibility",
    "account_change_password",
    "account_email",
    "account_reauthenticate",
    "account_reset_password",
    "meetings:kick_starters",
}
# One page per URL name, but the pages that change most with the pair's phase once per phase
# (open or closed), and a meeting to come and one held.
BY_PHASE = {
    "programs:mentorship",
    "agreements:agreement",
    "meetings:meetings",
    "closure:closure",
}
VARIANTS = collections.defaultdict(lambda: 1, {"meetings:meeting": 2})
# What the screenshots show: the key pages, once each per persona that reaches them.
SCREENSHOT_NAMES = {
    "home",
    "guide",
    "accounts:profile",
    "privacy:your_data",
    "programs:mentorship",
    "agreements:edit",
    "meetings:meetings",
    "dashboard:program",
}

# The elements sticking out past the right edge, outermost first: where to look for a fix.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const one = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].slice(0, 3).join('.') : '');
  const named = (el) => el.id || el.classList.length;
  const describe = (el) => {
    const around = el.parentElement && el.parentElement.closest('[id], [class]');
    return (named(el) || !around ? '' : one(around) + ' > ') + one(el);
  };
  const wide = [...document.body.querySelectorAll('*')].filter(
    (el) => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length);
  const outermost = wide.filter((el) => !wide.includes(el.parentElement));
  return [`scrollWidth ${document.documentElement.scrollWidth} > ${width}`,
    ...outermost.slice(0, 5).map((el) => `${describe(el)} (right edge at `
      + `${Math.round(el.getBoundingClientRect().right)})`)];
}"""

# axe's rules whose answer depends on the layout, run again at 320 px.
NARROW_RULES = [
    "scrollable-region-focusable",
    "button-name",
    "link-name",
    "aria-hidden-focus",
    "nested-interactive",
]

LINKS_JS = "() => [...document.querySelectorAll('a[href]')].map((a) => a.href)"


@pytest.fixture
def crawl_world(world):
    """The shared world (tests/world.py), and what it lacks for a crawl: a pair at risk asking
    for help, in a program named to come first on the coordinator's home (programs are listed
    by name), so the dashboard the crawl opens shows it; and a program where the mentee is not
    paired yet, with a mentor to ask."""
    coordinator, mentee = world.personas["coordinator"], world.personas["mentee"]
    at_risk = MentorshipFactory(
        program=ProgramFactory(name="Acute care", coordinators=[coordinator]),
        mentor=world.personas["mentor"],
        mentee=mentee,
    )
    agreement_in_effect(at_risk)
    request_help(at_risk, mentee)
    # Its meetings too, so whichever Enabling pair the crawl opens leads to a meeting.
    MeetingFactory(mentorship=at_risk)
    MeetingFactory(mentorship=at_risk, held=True)
    world.at_risk = Mentorship.objects.get(pk=at_risk.pk)
    world.seeking = ProgramFactory(name="Still looking", coordinators=[coordinator])
    ParticipantFactory(program=world.seeking, user=mentee)
    world.free_mentor = MentorFactory(full_name="Frida Freementor")
    ParticipantFactory(program=world.seeking, user=world.free_mentor, role="mentor")
    return world


def sign_in_as(page: Page, live_server, user) -> None:
    """The persona's session (two-factor step passed, tests/world.py) in the browser's cookies."""
    if user is None:
        return
    session = signed_in(user).cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


class Findings:
    """What is wrong, page by page, reported in one readable list at the end."""

    def __init__(self):
        self.lines = []

    def add(self, where: str, what: str, details=()) -> None:
        self.lines.append(f"{where}: {what}")
        self.lines.extend(f"    {detail}" for detail in details)

    def report(self) -> str:
        return "\n".join(self.lines)


def settle(page: Page) -> None:
    """The pointer away and transitions ended: axe reads colours as they are."""
    page.mouse.move(0, 0)
    page.evaluate("Promise.all(document.getAnimations().map((a) => a.finished))")


def check_page(page: Page, axe, findings: Findings, where: str) -> None:
    """axe at desktop width, then the overflow check at 320 px, then back to desktop."""
    run_axe(page, axe, findings, where)
    page.set_viewport_size({"width": NARROWEST, "height": HEIGHT})
    overflow = page.evaluate(OVERFLOW_JS)
    if overflow:
        findings.add(where, "overflows sideways at 320 px", overflow)
    # What only the narrow layout has: the collapsed menu's button, tables scrolling in place.
    run_axe(page, axe, findings, f"{where} at 320 px", NARROW_RULES)
    page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})


def run_axe(page: Page, axe, findings: Findings, where: str, rules=None) -> None:
    """axe, injected once per page (its script is large) and run with `rules` or all."""
    settle(page)
    if not page.evaluate("() => 'axe' in window"):
        page.evaluate(axe.axe_script)
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    for violation in page.evaluate("(options) => axe.run(document, options)", options)[
        "violations"
    ]:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        findings.add(where, f"axe {violation['id']} ({violation['impact']})", targets[:5])


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": HEIGHT})
        settle(page)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})


def url_name(url: str, origin: str, persona: str) -> tuple[str, dict] | None:
    """The URL name of a same-origin page the crawl should open, or None to leave it."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin or parts.path.startswith(
        ("/admin/", "/static/")
    ):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    name = match.view_name
    if name in SKIPPED or (name in SAME_FOR_ALL and persona not in ("mentee", "anonymous")):
        return None
    return name, match.kwargs


def variant(name: str, kwargs: dict) -> tuple:
    """What makes two pages of one URL name worth checking both."""
    if name in BY_PHASE:
        pair = Mentorship.objects.get(pk=kwargs["pk"])
        return name, pair.phase, pair.is_open
    return (name,)


def crawl(page: Page, live_server, axe, persona: str, findings: Findings) -> list[str]:
    """Breadth first from home; returns the URL names of the pages checked."""
    origin = live_server.url
    queue, seen, visited = collections.deque([origin + "/"]), {origin + "/"}, []
    per_name, screenshots = collections.Counter(), set()
    while queue and len(visited) < PAGE_LIMIT:
        url = queue.popleft()
        resolved = url_name(url, origin, persona)
        if resolved is None:
            continue
        name, key = resolved[0], variant(*resolved)
        if per_name[key] >= VARIANTS[name]:
            continue
        per_name[key] += 1
        where = f"{persona} {url.removeprefix(origin)}"
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a download that no name above announced
            findings.add(where, f"not a page: {str(error).splitlines()[0]}")
            continue
        if response.status != 200:
            findings.add(where, f"status {response.status} (linked from a page of the crawl)")
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        visited.append(name)
        check_page(page, axe, findings, where)
        if name in SCREENSHOT_NAMES and name not in screenshots:
            screenshots.add(name)
            screenshot(page, f"{persona}-{name.replace(':', '-')}")
        for link in page.evaluate(LINKS_JS):
            link = urldefrag(link).url
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return visited


# The least each persona's crawl must reach: if a link disappears, the crawl says so.
MUST_REACH = {
    "anonymous": {"home", "guide", "account_login"},
    "mentee": {
        "home",
        "accounts:profile",
        "programs:mentorship",
        "preparation:self_reflection",
        "agreements:agreement",
        "agreements:edit",
        "meetings:meeting",
        "meetings:reflection",
        "meetings:meetings",
        "enabling:action_plan",
        "enabling:check_in",
        "closure:closure",
        "privacy:your_data",
    },
    "mentor": {"home", "programs:mentorship", "meetings:meetings", "preparation:request"},
    "coordinator": {
        "home",
        "programs:program",
        "dashboard:program",
        "enrolment:participants",
        "enrolment:join_link",
    },
    "staff": {"home", "audit:log", "programs:new_program"},
}


@pytest.mark.parametrize("persona", list(MUST_REACH))
def test_every_page_a_persona_reaches(page: Page, live_server, axe, crawl_world, persona):
    page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})
    sign_in_as(page, live_server, crawl_world.personas[persona])
    findings = Findings()
    visited = crawl(page, live_server, axe, persona, findings)
    print(f"\n{persona}: {len(visited)} pages: {', '.join(sorted(set(visited)))}")
    missing = MUST_REACH[persona] - set(visited)
    if missing:
        findings.add(persona, f"the crawl never reached {', '.join(sorted(missing))}")
    assert not findings.lines, f"{persona}'s crawl found:\n{findings.report()}"


# Every field of the form emptied (or set to what `values` says, as typed, past any maxlength),
# with the browser's own checks off: what the server must refuse.
EMPTY_FORM_JS = """(button, values) => {
  const form = button.form;
  form.noValidate = true;
  for (const field of form.elements) {
    if (['hidden', 'submit', 'button'].includes(field.type)) continue;
    if (field.type === 'checkbox' || field.type === 'radio') field.checked = false;
    else if (field.tagName !== 'SELECT') field.value = '';
  }
  for (const [name, value] of Object.entries(values)) form.elements[name].value = value;
}"""
# What a refused form shows: the error summary, a field marked invalid, or a message.
REFUSED = "[aria-invalid='true'], .invalid-feedback, .alert-danger, [role='alert']"
TOO_LONG = "A very long paste. " * 1000
REFUSED_SCREENSHOTS = {"Save profile": "profile", "Save the whole draft": "agreement-edit"}


def refused_forms(world):
    """(persona, page, button, values): the important forms, sent empty or invalid."""
    enab, neg, held = world.enabling.pk, world.negotiating.pk, world.held.pk
    return [
        ("mentee", reverse("accounts:profile"), "Save profile", {"mentee_capacity": "11"}),
        ("mentee", reverse("preparation:self_reflection"), "Save and mark complete", {}),
        (
            "mentee",
            reverse("preparation:ask_mentor", args=[world.seeking.pk, world.free_mentor.pk]),
            "Send my request",
            {},
        ),
        ("mentee", reverse("meetings:schedule", args=[enab]), "Schedule the meeting", {}),
        ("mentee", reverse("meetings:reflection", args=[enab, held]), "Save my reflection", {}),
        ("mentee", reverse("enabling:check_in", args=[world.at_risk.pk]), "Save my answers", {}),
        ("mentee", reverse("closure:closure", args=[world.at_risk.pk]), "Propose to close", {}),
        # Last: a refused draft marks the page as holding unsaved work.
        ("mentee", reverse("agreements:edit", args=[neg]), "Save the whole draft", "TOO_LONG"),
        (
            "coordinator",
            reverse("programs:edit_program", args=[world.program.pk]),
            "Save the program",
            {},
        ),
    ]


def test_refused_forms_are_accessible_at_every_width(page: Page, live_server, axe, crawl_world):
    # Leaving a page with unsaved work asks first (static/js/forms.js): the crawl says leave.
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})
    findings, signed_in_as = Findings(), None
    for persona, path, button_name, values in refused_forms(crawl_world):
        if persona != signed_in_as:
            page.context.clear_cookies()
            sign_in_as(page, live_server, crawl_world.personas[persona])
            signed_in_as = persona
        page.goto(live_server.url + path)
        button = page.get_by_role("button", name=button_name, exact=True)
        if values == "TOO_LONG":  # the first answer, pasted far past its limit
            values = {button.evaluate("b => b.form.querySelector('textarea').name"): TOO_LONG}
        button.evaluate(EMPTY_FORM_JS, values)
        with page.expect_navigation():
            button.click()
        where = f"{persona} {path} refused ({button_name})"
        if not page.locator(REFUSED).count():
            findings.add(where, "shows no error: was it refused?")
        check_page(page, axe, findings, where)
        if button_name in REFUSED_SCREENSHOTS:
            screenshot(page, f"{persona}-refused-{REFUSED_SCREENSHOTS[button_name]}")
    assert not findings.lines, f"The refused forms:\n{findings.report()}"
