"""The design system: its palette's contrast read from the CSS itself, the staff's styleguide,
the accessibility statement, and the navigation's person menu."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from mentoring.design import palette
from mentoring.lib.contrast import contrast_ratio, rgb
from tests.factories import UserFactory

SITE_CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


def css_tokens() -> dict[str, str]:
    """The `--name: value;` declarations of site.css's first `:root` block (the tokens), read
    here on their own rather than through the module under test."""
    text = re.sub(r"/\*.*?\*/", "", SITE_CSS.read_text(), flags=re.DOTALL)
    block = re.search(r":root\s*\{(.*?)\}", text, re.DOTALL).group(1)
    return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", block))


def all_declarations() -> dict[str, str]:
    text = re.sub(r"/\*.*?\*/", "", SITE_CSS.read_text(), flags=re.DOTALL)
    found = {}
    for block in re.findall(r":root\s*\{(.*?)\}", text, re.DOTALL):
        found.update(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", block))
    return found


class TestPalette:
    @pytest.mark.parametrize("pair", palette.TEXT_PAIRS, ids=lambda pair: pair.use)
    def test_every_text_pair_passes_aa(self, pair):
        tokens = css_tokens()
        ratio = contrast_ratio(tokens[pair.foreground], tokens[pair.background])
        assert ratio >= 4.5, f"{pair.foreground} on {pair.background}: {ratio:.2f}:1"

    @pytest.mark.parametrize("pair", palette.NON_TEXT_PAIRS, ids=lambda pair: pair.use)
    def test_control_borders_and_focus_pass_three_to_one(self, pair):
        tokens = css_tokens()
        ratio = contrast_ratio(tokens[pair.foreground], tokens[pair.background])
        assert ratio >= 3, f"{pair.foreground} on {pair.background}: {ratio:.2f}:1"

    def test_the_module_reads_the_same_tokens(self):
        hex_tokens = {name: value for name, value in css_tokens().items() if value[0] == "#"}
        assert palette.tokens() == hex_tokens
        assert len(hex_tokens) >= 25

    @pytest.mark.parametrize(
        ("numbers", "token"),
        [
            ("--bs-primary-rgb", "--mt-primary"),
            ("--bs-secondary-rgb", "--mt-secondary"),
            ("--bs-success-rgb", "--mt-success"),
            ("--bs-warning-rgb", "--mt-warning"),
            ("--bs-danger-rgb", "--mt-danger"),
            ("--bs-info-rgb", "--mt-info"),
            ("--bs-light-rgb", "--mt-surface-muted"),
            ("--bs-dark-rgb", "--mt-ink"),
            ("--bs-body-color-rgb", "--mt-ink"),
            ("--bs-secondary-color-rgb", "--mt-ink-muted"),
            ("--bs-link-color-rgb", "--mt-primary"),
            ("--bs-link-hover-color-rgb", "--mt-primary-hover"),
        ],
    )
    def test_bootstraps_rgb_numbers_match_their_token(self, numbers, token):
        # Bootstrap's badges and backgrounds read these numbers, not the hex tokens.
        declared = all_declarations()
        channels = tuple(int(part) for part in declared[numbers].split(","))
        assert channels == rgb(css_tokens()[token])

    def test_the_crawls_section_closes_the_file(self):
        assert SITE_CSS.read_text().rstrip().count("/* Fixes found by the crawl */") == 1


@pytest.mark.django_db
class TestStyleguide:
    def test_staff_only(self, client, client_for, mentee):
        url = reverse("design:styleguide")
        assert client.get(url).status_code == 302
        assert client_for(mentee).get(url).status_code == 403

    def test_it_shows_each_component_and_each_pairs_ratio(self, client_for):
        staff = UserFactory(is_staff=True)
        page = client_for(staff).get(reverse("design:styleguide")).text
        for part in [
            "Palette",
            "Type scale",
            "Buttons",
            "Forms, refused",
            "Badges and alerts",
            "Phase progress",
            "Next step",
            "Empty state",
            "Question and answer",
        ]:
            assert part in page
        for row in palette.measured(palette.TEXT_PAIRS, palette.TEXT_MINIMUM):
            assert row.shown in page
        assert "This field is required." in page  # the refused form
        assert "Fails" not in page
        assert 'class="phase-progress"' in page
        # The answer block keeps what was typed as it was: line break and indent.
        assert '"qa-answer">Lead the budget round on my own.\n  – with a plan by March.<' in page


@pytest.mark.django_db
class TestAccessibilityStatement:
    def test_everyone_reads_it_and_the_footer_links_it(self, client):
        url = reverse("design:accessibility")
        page = client.get(url).text
        for words in [
            "WCAG 2.2",
            "level AA",
            "EN 301 549",
            "Scope",
            "Conformance status",
            "partially conformant",
            "Known limitations",
            "How we test",
            "axe-core",
            "320 CSS pixels",
            "keyboard-only",
            "Feedback and contact",
            'datetime="2026-12-01"',
        ]:
            assert words in page
        assert f'href="{url}"' in client.get(reverse("home")).text


@pytest.mark.django_db
class TestPersonMenu:
    def test_it_holds_the_account_pages_under_the_persons_name(self, client_for, mentee):
        page = client_for(mentee).get(reverse("home")).text
        nav = page[page.index('aria-label="Main"') : page.index("</nav>")]
        menu = nav[nav.index('id="person-menu"') :]
        assert f">{mentee.display_name}</button>" in menu
        for url, words in [
            (reverse("accounts:profile"), "Profile"),
            (reverse("mfa_index"), "Sign-in &amp; security"),
            (reverse("privacy:your_data"), "Your data"),
        ]:
            assert f'href="{url}">{words}</a>' in menu
        assert f'<form method="post" action="{reverse("account_logout")}">' in menu
        assert "Two-factor" not in nav

    def test_sign_in_and_security_leads_to_password_and_email(self, client_for, mentee):
        page = client_for(mentee).get(reverse("mfa_index")).text
        assert "Two-Factor Authentication" in page
        assert reverse("account_change_password") in page
        assert reverse("account_email") in page

    def test_signed_out_there_is_no_menu(self, client):
        page = client.get(reverse("home")).text
        assert 'id="person-menu"' not in page
        assert reverse("account_login") in page
