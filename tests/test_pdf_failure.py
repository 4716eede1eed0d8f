"""A PDF WeasyPrint cannot make: a page in the site's layout saying so, a way back, no download
recorded, and a log that names the document but never quotes it."""

import pytest
import weasyprint
from django.db import OperationalError
from django.urls import reverse

from mentoring.audit.models import AccessEvent, Action
from mentoring.lib import pdf
from mentoring.lib.pdf import PdfRenderingFailed, render_pdf
from tests.factories import PlanningTemplateFactory
from tests.helpers import closure_url, enabling_url

# Planted where WeasyPrint's error could quote it; no log line may hold it.
PLANTED = "zq7-planted-words"

PDFS = {
    "planning_template": lambda pair: reverse("preparation:planning_pdf", args=[pair.pk]),
    "agreement": lambda pair: reverse("agreements:version_pdf", args=[pair.pk, 1]),
    "action_plan": lambda pair: enabling_url("action_plan_pdf", pair),
    "certificate": lambda pair: closure_url("certificate", pair),
    "portfolio": lambda pair: closure_url("portfolio", pair),
}


@pytest.fixture
def broken_weasyprint(monkeypatch):
    def write_pdf(self, *args, **kwargs):
        raise RuntimeError(f"no glyph for {PLANTED}")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", write_pdf)


@pytest.fixture
def closed_with_planning(closed):
    PlanningTemplateFactory(mentorship=closed)
    return closed


@pytest.mark.parametrize("kind", PDFS)
def test_every_pdf_that_fails_gets_the_page_in_the_layout_and_no_download(
    kind, client_for, closed_with_planning, mentee, broken_weasyprint, caplog
):
    url = PDFS[kind](closed_with_planning)
    came_from = f"http://testserver{reverse('home')}"
    response = client_for(mentee).get(url, headers={"referer": came_from})
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert {"lib/pdf_failed.html", "base.html"} <= {t.name for t in response.templates}
    assert "We could not make this PDF" in response.text
    assert "Your writing is saved" in response.text
    assert f'href="{url}">Try again' in response.text
    assert f'href="{came_from}">Back to the page you came from' in response.text
    assert not AccessEvent.objects.filter(action=Action.PDF_DOWNLOADED).exists()
    assert "could not be rendered: RuntimeError" in caplog.text
    assert "_pdf.html" in caplog.text
    assert PLANTED not in caplog.text


def test_trying_again_once_it_renders_downloads_it(
    client_for, closed_with_planning, mentee, monkeypatch
):
    url = PDFS["certificate"](closed_with_planning)
    client = client_for(mentee)
    with monkeypatch.context() as patched:
        patched.setattr(weasyprint.HTML, "write_pdf", lambda self: 1 / 0)
        assert client.get(url).status_code == 500
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    (download,) = AccessEvent.objects.filter(action=Action.PDF_DOWNLOADED)
    assert download.detail == "certificate"


@pytest.mark.parametrize(
    "referer",
    ["", "https://elsewhere.example/phish", "http://testserver{url}"],
    ids=["none", "another-site", "the-pdf-itself"],
)
def test_without_a_page_of_ours_to_go_back_to_it_offers_home(
    referer, client_for, closed_with_planning, mentee, broken_weasyprint
):
    url = PDFS["portfolio"](closed_with_planning)
    headers = {"referer": referer.format(url=url)} if referer else {}
    response = client_for(mentee).get(url, headers=headers)
    assert response.status_code == 500
    assert "Back to the page you came from" not in response.text
    assert f'href="{reverse("home")}">Go to your home page' in response.text
    assert "elsewhere.example" not in response.text


def test_a_coordinators_failed_agreement_pdf_records_nothing(
    client_for, enabling, coordinator, broken_weasyprint
):
    enabling.program.coordinators_see_agreement_pdf = True
    enabling.program.save()
    response = client_for(coordinator).get(PDFS["agreement"](enabling))
    assert response.status_code == 500
    assert "We could not make this PDF" in response.text
    assert not AccessEvent.objects.filter(action=Action.PDF_DOWNLOADED).exists()


@pytest.mark.django_db
class TestRenderPdf:
    def test_any_weasyprint_error_becomes_one_exception_naming_the_template(
        self, broken_weasyprint
    ):
        with pytest.raises(PdfRenderingFailed) as failed:
            render_pdf("lib/pdf_base.html", {})
        assert failed.value.template_name == "lib/pdf_base.html"
        assert isinstance(failed.value.__cause__, RuntimeError)

    def test_a_database_gone_while_reading_the_rows_is_not_a_rendering_failure(self, monkeypatch):
        def outage(*args, **kwargs):
            raise OperationalError("server closed the connection unexpectedly")

        monkeypatch.setattr(pdf, "render_to_string", outage)
        with pytest.raises(OperationalError):
            render_pdf("lib/pdf_base.html", {})
