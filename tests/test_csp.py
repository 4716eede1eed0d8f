"""The Content-Security-Policy: the header every page carries, and templates that need nothing it
refuses (no inline styles or scripts), checked by reading them so a new one fails here first."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# A comment is never rendered, so what it mentions ("<style>") is no problem.
COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)
TAG = re.compile(r"<(?P<name>[a-zA-Z][\w:-]*)(?P<attrs>[^>]*)>")
ATTRIBUTE_PROBLEMS = [
    (re.compile(r"(^|\s)style\s*=", re.IGNORECASE), "a style attribute"),
    (re.compile(r"(^|\s)on[a-z]+\s*=", re.IGNORECASE), "an on... handler attribute"),
    # htmx runs hx-on through eval, which the policy (and our htmx-config) refuses.
    (re.compile(r"(^|\s)hx-on", re.IGNORECASE), "an hx-on handler"),
    (re.compile(r"javascript:", re.IGNORECASE), "a javascript: URL"),
]


def problems_in(text: str) -> list[tuple[int, str]]:
    """(line, what) for everything in a template that the policy would refuse in a browser."""
    text = COMMENT.sub(lambda match: "\n" * match.group().count("\n"), text)
    found = []
    for tag in TAG.finditer(text):
        line = text.count("\n", 0, tag.start()) + 1
        name, attrs = tag["name"].lower(), tag["attrs"]
        if name == "style":
            found.append((line, "a <style> block"))
        if name == "script" and not re.search(r"(^|\s)src\s*=", attrs, re.IGNORECASE):
            found.append((line, "an inline <script>"))
        found += [(line, what) for pattern, what in ATTRIBUTE_PROBLEMS if pattern.search(attrs)]
    return found


def served_templates() -> list[Path]:
    # PDF templates (agreement_pdf.html, lib/pdf_base.html, includes/pdf_steps.html, ...) are
    # only rendered by WeasyPrint, which no Content-Security-Policy reaches: their <style>
    # blocks stay.
    return sorted(path for path in TEMPLATES.rglob("*.html") if "pdf" not in path.name)


@pytest.mark.django_db
def test_it_enforces_exactly_the_policy(client):
    response = client.get("/guide/")

    assert response.status_code == 200
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert directives == EXPECTED_POLICY
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.mark.django_db
def test_it_tells_htmx_to_inject_no_styles_and_evaluate_nothing(client):
    response = client.get("/guide/")

    match = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", response.text)
    assert match, "base.html has no htmx-config"
    assert json.loads(match[1]) == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "allowScriptTags": False,
    }


def test_it_finds_templates_to_check():
    names = {path.relative_to(TEMPLATES).as_posix() for path in served_templates()}
    assert {"base.html", "agreements/edit.html", "includes/charts/bar_chart.html"} <= names
    assert "agreements/agreement_pdf.html" not in names


def test_no_served_template_has_what_the_policy_refuses():
    found = [
        f"{path.relative_to(TEMPLATES)}:{line}: {what}"
        for path in served_templates()
        for line, what in problems_in(path.read_text())
    ]
    assert not found, "Move these into static/css/site.css or a static JS file:\n" + "\n".join(
        found
    )


@pytest.mark.parametrize(
    "snippet, what",
    [
        ('<p class="x" style="white-space: pre-wrap">', "a style attribute"),
        ("<div\n  STYLE='color: red'>", "a style attribute"),
        ("<style>.x { color: red }</style>", "a <style> block"),
        ("<script>alert(1)</script>", "an inline <script>"),
        ('<script type="module">import "x";</script>', "an inline <script>"),
        ('<button onclick="go()">', "an on... handler attribute"),
        ('<body onload="go()">', "an on... handler attribute"),
        ('<button hx-on:click="go()">', "an hx-on handler"),
        ('<a href="javascript:go()">', "a javascript: URL"),
    ],
)
def test_the_scan_catches(snippet, what):
    assert what in [found for _, found in problems_in(snippet)]


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/vendor/htmx/htmx.min.js" defer></script>',
        '<p class="pre-wrap">Notes on style=, onclick= and javascript: in text</p>',
        '<button hx-post="/x" hx-swap="outerHTML" data-bs-toggle="collapse">',
        '<svg width="300" height="120" class="chart"><rect fill="#0d6efd"></rect></svg>',
        "{# htmx must not inject its <style> #}",
    ],
)
def test_the_scan_passes(snippet):
    assert problems_in(snippet) == []
