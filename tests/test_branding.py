import base64
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.branding import logos
from mentoring.branding.models import Branding
from mentoring.branding.palette import MUTED_SURFACE, WHITE, palette
from mentoring.lib.contrast import contrast_ratio
from tests.factories import UserFactory
from tests.helpers import pdf_text, sign_version

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
SVG = (
    b'<?xml version="1.0"?>\n'
    b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 10" width="40" height="10">'
    b'<rect width="40" height="10" fill="#0b5394"/></svg>'
)
TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.fixture
def staff(db):
    return UserFactory(full_name="Sid Staff", is_staff=True, is_superuser=True)


def admin_post(client, url, **data):
    fields = {"name": "", "primary_colour": "", "remove_logo": "", **data}
    return client.post(url, {name: value for name, value in fields.items() if value is not None})


def add_url():
    return reverse("admin:branding_branding_add")


def change_url():
    return reverse("admin:branding_branding_change", args=[1])


def upload(content, name="logo.png"):
    return SimpleUploadedFile(name, content, content_type="image/png")


def brand(**fields):
    fields = {"name": "Northern Health", **fields}
    if "logo" in fields:
        fields.setdefault("logo_type", logos.SVG if fields["logo"] == SVG else logos.PNG)
    return Branding.objects.create(**fields)


class TestDefaults:
    def test_without_a_row_the_name_comes_from_the_settings(self, db, settings):
        settings.ORG_NAME = "Island Health"
        branding = Branding.current()
        assert branding.name == "Island Health"
        assert not branding.has_logo
        assert branding.primary_colour == ""

    def test_the_default_name(self):
        assert settings.ORG_NAME == "Mentoring Toolkit"

    def test_pages_show_the_name_and_link_no_colours(self, client, db):
        page = client.get(reverse("account_login")).content.decode()
        assert '<a class="navbar-brand fw-semibold" href="/">Mentoring Toolkit</a>' in page
        assert "· Mentoring Toolkit</title>" in page
        assert reverse("branding:colours") not in page
        assert reverse("branding:logo") not in page

    @pytest.mark.parametrize("name", ["branding:logo", "branding:colours"])
    def test_the_logo_and_the_colours_are_404_until_set(self, client, db, name):
        assert client.get(reverse(name)).status_code == 404

    def test_it_is_read_once_then_from_the_cache(self, db, django_assert_num_queries):
        cache.clear()  # as a deployment's first page finds it (tests/conftest.py primes it)
        with django_assert_num_queries(1):
            Branding.current()
        with django_assert_num_queries(0):
            assert Branding.current().name == "Mentoring Toolkit"


class TestTheAdmin:
    def test_staff_set_the_name_colour_and_logo(self, client_for, staff):
        response = admin_post(
            client_for(staff),
            add_url(),
            name="Northern Health",
            primary_colour="#0b5394",
            logo_file=upload(PNG),
        )
        assert response.status_code == 302
        branding = Branding.current()
        assert (branding.name, branding.primary_colour) == ("Northern Health", "#0b5394")
        assert branding.logo_type == "image/png"
        assert branding.logo_bytes() == PNG

    def test_a_colour_is_kept_in_lower_case(self, client_for, staff):
        admin_post(client_for(staff), add_url(), name="N", primary_colour="#0B5394")
        assert Branding.current().primary_colour == "#0b5394"

    def test_there_is_one_row_never_added_twice_nor_deleted(self, client_for, staff):
        brand()
        client = client_for(staff)
        assert client.get(add_url()).status_code == 403
        assert client.get(reverse("admin:branding_branding_delete", args=[1])).status_code == 403
        assert client.get(change_url()).status_code == 200

    def test_saving_without_a_file_keeps_the_logo_and_removing_it_works(self, client_for, staff):
        brand(logo=PNG)
        client = client_for(staff)
        admin_post(client, change_url(), name="Northern Health")
        assert Branding.current().logo_bytes() == PNG
        admin_post(client, change_url(), name="Northern Health", remove_logo="on")
        assert not Branding.current().has_logo

    def test_an_svg_logo_is_taken(self, client_for, staff):
        response = admin_post(
            client_for(staff), add_url(), name="N", logo_file=upload(SVG, "logo.svg")
        )
        assert response.status_code == 302
        assert Branding.current().logo_type == "image/svg+xml"

    @pytest.mark.parametrize(
        ("colour", "message"),
        [
            ("#ffcc00", "White text on #ffcc00 has a contrast ratio of 1.51:1"),
            ("#777777", "contrast ratio of 4.48:1; it needs at least 4.5:1"),
            ("yellow", "six hex digits"),
        ],
    )
    def test_an_unreadable_colour_is_refused_with_its_ratio(
        self, client_for, staff, colour, message
    ):
        response = admin_post(client_for(staff), add_url(), name="N", primary_colour=colour)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Branding.objects.exists()

    @pytest.mark.parametrize(
        ("content", "name", "message"),
        [
            (b"GIF89a\x01\x00\x01\x00", "logo.gif", "Upload the logo as a PNG or SVG image."),
            (b"\xff\xd8\xff\xe0 a JPEG", "logo.png", "Upload the logo as a PNG or SVG image."),
            (b"<html><body>hi</body></html>", "logo.svg", "Upload the logo as a PNG or SVG"),
            (PNG + b"\0" * logos.MAX_BYTES, "logo.png", "it may be at most 200.0\xa0KB"),
            (
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                "logo.svg",
                "contains scripts or event handlers",
            ),
            (
                b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                "logo.svg",
                "contains scripts or event handlers",
            ),
        ],
    )
    def test_what_is_not_a_small_png_or_svg_is_refused(
        self, client_for, staff, content, name, message
    ):
        client = client_for(staff)
        response = admin_post(client, add_url(), name="N", logo_file=upload(content, name))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Branding.objects.exists()

    def test_an_svg_bomb_is_refused_unexpanded(self):
        bomb = (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'
        )
        with pytest.raises(ValidationError, match="PNG or SVG"):
            logos.logo_type(bomb)


class TestTheHeader:
    def test_the_header_and_title_carry_the_name(self, client, db):
        brand()
        page = client.get(reverse("account_login")).content.decode()
        assert '<a class="navbar-brand fw-semibold" href="/">Northern Health</a>' in page
        assert "· Northern Health</title>" in page

    def test_a_logo_stands_beside_the_name(self, client, db):
        branding = brand(logo=PNG)
        page = client.get(reverse("account_login")).content.decode()
        # The name is always written out; the logo beside it says nothing more (alt="").
        assert f'src="{branding.logo_url}" alt="" height="40">Northern Health</a>' in page

    def test_the_colours_stylesheet_follows_site_css_when_a_colour_is_set(self, client, db):
        brand(primary_colour="#0b5394")
        page = client.get(reverse("account_login")).content.decode()
        site_css = page.index("css/site.css")
        colours = page.index(f"{reverse('branding:colours')}?v=0b5394")
        assert site_css < colours

    def test_the_two_factor_set_up_page_loads_them_too(
        self, client_for, coordinator, program, settings
    ):
        settings.REQUIRE_TWO_FACTOR = True
        brand(primary_colour="#0b5394", logo=PNG)
        client = client_for(coordinator)
        assert client.get(reverse("home")).url == reverse("mfa_activate_totp")
        assert client.get(reverse("branding:colours")).status_code == 200
        assert client.get(reverse("branding:logo")).status_code == 200


class TestTheColoursStylesheet:
    def test_it_sets_the_colour_and_a_save_changes_it(self, client, db):
        branding = brand(primary_colour="#0b5394")
        first = client.get(reverse("branding:colours"))
        assert first["Content-Type"] == "text/css; charset=utf-8"
        css = first.content.decode()
        assert "--bs-primary: #0b5394;" in css
        assert "--bs-primary-rgb: 11, 83, 148;" in css
        assert "--bs-link-color: #0b5394;" in css
        assert re.search(r"\.btn-primary \{[^}]*--bs-btn-bg: #0b5394;", css)
        assert ".bg-primary {" in css

        branding.primary_colour = "#6a1b9a"
        branding.save()
        second = client.get(reverse("branding:colours")).content.decode()
        assert "--bs-primary: #6a1b9a;" in second
        assert "#0b5394" not in second

    def test_an_unchanged_stylesheet_is_a_304(self, client, db):
        brand(primary_colour="#0b5394")
        first = client.get(reverse("branding:colours"))
        assert "max-age=86400" in first["Cache-Control"]
        again = client.get(reverse("branding:colours"), headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304

    @pytest.mark.parametrize(
        "colour", ["#0b5394", "#767676", "#0d6efd", "#1c5d8c", "#8a5a00", "#b3261e", "#000000"]
    )
    def test_each_shade_reads_where_site_css_puts_text_on_it(self, colour):
        shades = palette(colour)
        for background in ("primary", "hover", "active"):
            assert contrast_ratio(WHITE, shades[background]) >= 4.5
        assert contrast_ratio(shades["emphasis"], shades["subtle"]) >= 4.5
        assert contrast_ratio(shades["text"], MUTED_SURFACE) >= 4.5
        assert contrast_ratio(shades["link_hover"], WHITE) >= 4.5

    def test_a_save_invalidates_the_cache_after_the_commit_too(self, db, committed):
        branding = brand(name="Before")
        assert Branding.current().name == "Before"
        with committed():
            branding.name = "After"
            branding.save()
        assert Branding.current().name == "After"


class TestTheLogo:
    def test_a_png_is_served_as_a_png(self, client, db):
        brand(logo=PNG)
        response = client.get(reverse("branding:logo"))
        assert response.content == PNG
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_an_svg_runs_no_script_even_when_opened_alone(self, client, db):
        brand(logo=SVG)
        response = client.get(reverse("branding:logo"))
        assert response.content == SVG
        assert response["Content-Type"] == "image/svg+xml"
        policy = response["Content-Security-Policy"]
        assert policy == "default-src 'none'; style-src 'unsafe-inline'"

    def test_the_browsers_copy_is_revalidated_by_etag(self, client, db):
        brand(logo=PNG)
        first = client.get(reverse("branding:logo"))
        again = client.get(reverse("branding:logo"), headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304
        assert again.content == b""

    def test_a_new_logo_has_a_new_url(self, db):
        branding = brand(logo=PNG)
        before = Branding.current().logo_url
        branding.logo, branding.logo_type = SVG, logos.SVG
        branding.save()
        assert Branding.current().logo_url != before


class TestEmails:
    def test_every_message_signs_off_with_the_organisation_name(self):
        messages = sorted(TEMPLATES.glob("*/email/*_message.txt"))
        assert messages
        for path in messages:
            text = path.read_text()
            assert "{{ branding.name }}" in text, path
            assert "Mentoring Toolkit" not in text, path
        for path in TEMPLATES.glob("*/email/*_subject.txt"):
            assert "Mentoring Toolkit" not in path.read_text(), path

    def test_the_worker_writes_the_name_without_a_request(self, draft, mentee, mentor, committed):
        brand(name="Northern Health")
        with committed():
            sign_version(draft, mentee)
        assert mail.outbox[-1].to == [mentor.email]
        assert mail.outbox[-1].body.rstrip().endswith("Northern Health")


class TestPdfs:
    def test_a_pdf_carries_the_name_logo_and_colour(self, client_for, pair, mentee):
        brand(name="Northern Health", primary_colour="#0b5394", logo=SVG)
        response = client_for(mentee).get(reverse("preparation:planning_pdf", args=[pair.pk]))
        assert response.status_code == 200
        assert "Northern Health" in pdf_text(response.content)

    def test_the_default_name_without_a_row(self, client_for, pair, mentee):
        response = client_for(mentee).get(reverse("preparation:planning_pdf", args=[pair.pk]))
        assert "Mentoring Toolkit" in pdf_text(response.content)
