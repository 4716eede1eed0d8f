"""Every page, PDF, CSV and calendar file in French says nothing in English (issue 16).

Each URL of the access matrix (tests/access_matrix.py) that a persona reads, and the sign-in
pages, is fetched in French as that persona, in the world of tests/world.py. Its visible text,
and the text of attributes people hear (`aria-label`, `title`, `alt`, `placeholder`, a button's
`value`), must hold none of the English words below. What people wrote is theirs and stays as
they wrote it: the world's writing is taken out first (`WRITTEN`), and that list is the only
allow-list. A string someone forgot to mark for translation, or a message without its French,
fails here with the page and the persona that showed it.
"""

import ast
import io
import re
from html.parser import HTMLParser
from itertools import groupby
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import User
from tests import factories, helpers
from tests import world as world_module
from tests.access_matrix import ROWS
from tests.world import PERSONAS, fetch

pytestmark = pytest.mark.django_db

# Common English words that French never uses; a sentence in English has some of them. (Not
# "us": time zones keep their IANA names, US/Eastern, in French too.)
ENGLISH_WORDS = """
    the and you your yours to of is are for with this that what how when has have will be it its
    from by was were can who which there their they them we our my an at if do does been not all
    any each into about after before than then yet here should would could must please save
    cancel delete edit back next submit download sign status email meeting meetings goal goals
    agreement step steps open closed none see view add remove send help week weeks day days month
    months yes no new show hide other more less still already
"""
ENGLISH = set(ENGLISH_WORDS.split())


def written_in(module) -> list[str]:
    """What a test module writes for people ("Start with why.", f"Goal {n} of the pair"), as
    patterns: every string of two words or more in its source."""
    patterns = []
    for node in ast.walk(ast.parse(Path(module.__file__).read_text())):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            parts = [node.value]
        elif isinstance(node, ast.JoinedStr):
            parts = [
                part.value if isinstance(part, ast.Constant) else None for part in node.values
            ]
        else:
            continue
        text = "".join(part or "" for part in parts)
        if len(text) >= 4 and (" " in text.strip() or text.endswith(".")):
            patterns.append("".join(".+?" if part is None else re.escape(part) for part in parts))
    return patterns


# What people wrote in the world (tests/world.py, tests/factories.py, tests/helpers.py), proper
# names (the world's organisation, time zones), the product's name, the columns the CSV import
# reads (in English whatever the language) and links: English expected on a French page.
WRITTEN = [
    r"Mentoring Toolkit",
    r"Northern Health",
    r"\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|US)/[\w/+-]+"
    r"(?: (?:of|[A-Z][\w/+-]*))*",
    r"email,? ?name,? ?role,? ?department",
    r"https?://\S+",
    *written_in(factories),
    *written_in(world_module),
    *written_in(helpers),
]
WRITTEN_TEXT = re.compile("|".join(WRITTEN))

# The lines of a calendar file that people read; the rest are the format's own words.
CALENDAR_TEXT = ("SUMMARY", "DESCRIPTION", "LOCATION")

# Elements whose text is for machines, or quotes it (a CSV column's name in <code>).
MACHINE_TEXT = ("script", "style", "code")
LISTENED_TO = {"aria-label", "title", "alt", "placeholder"}


class VisibleText(HTMLParser):
    """The text a reader sees or hears, one piece per text node or attribute."""

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.pieces = []

    def handle_starttag(self, tag, attrs):
        if tag in MACHINE_TEXT:
            self.hidden += 1
        attrs = dict(attrs)
        self.pieces += [attrs[name] for name in LISTENED_TO if attrs.get(name)]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.pieces.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in MACHINE_TEXT:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.pieces.append(" ".join(data.split()))


def pieces_of(response) -> list[str]:
    kind = response.get("Content-Type", "")
    if kind.startswith("text/html"):
        parser = VisibleText()
        parser.feed(response.body.decode())
        return parser.pieces
    if kind.startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(response.body))
        return [line for page in reader.pages for line in page.extract_text().splitlines()]
    if kind.startswith("text/calendar"):
        unfolded = response.body.decode().replace("\r\n ", "").splitlines()
        return [line for line in unfolded if line.startswith(CALENDAR_TEXT)]
    if kind.startswith(("text/csv", "text/plain")):
        return response.body.decode().splitlines()
    return []  # a zip of someone's data, an image: nothing of ours to read


def english_in(response) -> list[str]:
    """The pieces of a response that look English, once what people wrote is taken out."""
    found = []
    for piece in pieces_of(response):
        words = re.findall(r"[^\W\d_]+", WRITTEN_TEXT.sub(" ", piece).lower())
        if ENGLISH.intersection(words):
            found.append(piece)
    return found


def in_french(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr-ca"
    return client


@pytest.fixture
def french_world(world):
    """The world, where everyone reads French: on their profile (what emails and a calendar
    feed follow) and in their browser's cookie."""
    User.objects.update(language="fr-ca")
    for client in world.clients.values():
        in_french(client)
    return world


def namespace_of(name: str) -> str:
    return name.partition(":")[0] if ":" in name else ""


NAMESPACES = {
    namespace: list(names)
    for namespace, names in groupby(sorted(ROWS, key=namespace_of), key=namespace_of)
}


@pytest.mark.parametrize("namespace", sorted(NAMESPACES))
def test_every_page_a_persona_reads_is_in_french(namespace, french_world):
    world = french_world
    found = []
    for name in NAMESPACES[namespace]:
        row = ROWS[name]
        url = reverse(name, kwargs=row.kwargs(world))
        for persona in PERSONAS:
            if row.get[persona] != 200:
                continue
            response = fetch(world.clients[persona], "get", url)
            found += [f"{name} as {persona}: {piece}" for piece in english_in(response)]
    assert not found, "English on French pages:\n  " + "\n  ".join(found)


SIGN_IN_PAGES = {
    "anonymous": ["account_login", "account_signup", "account_reset_password"],
    "mentee": ["account_email", "account_change_password", "mfa_index"],
}


def test_the_sign_in_pages_are_in_french(french_world):
    world = french_world
    found = []
    for persona, names in SIGN_IN_PAGES.items():
        for name in names:
            response = fetch(world.clients[persona], "get", reverse(name))
            assert response.status_code == 200, name
            found += [f"{name} as {persona}: {piece}" for piece in english_in(response)]
    assert not found, "English on French pages:\n  " + "\n  ".join(found)


def test_the_check_finds_english():
    """The check can fail: an English sentence is found, French and what people wrote are not."""
    response = type("Response", (), {})()
    response.get = lambda header, default="": "text/html"
    response.body = (
        b"<p>Enregistrer</p><p>Save your changes</p><p>[private note, and the rest]</p>"
        b'<button aria-label="Close the menu">x</button>'
    )
    assert english_in(response) == ["Save your changes", "Close the menu"]
