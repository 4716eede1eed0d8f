"""Render ordinary Django templates to PDF with WeasyPrint, fetching nothing.

Only inline `data:` URLs load. No base URL and no `file:`: a template that ever printed a
path or a link by mistake cannot attach a local file (the database, a key) to a PDF, nor call
out to the network. Fonts come from fontconfig, not from URLs.
"""

from django.apps import apps
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

INLINE_ONLY = URLFetcher(allowed_protocols={"data"})


def render_pdf(template_name: str, context: dict) -> bytes:
    # The organisation's name, logo and colour for pdf_base.html; through the app registry, as
    # lib imports no app.
    branding = apps.get_model("branding", "Branding").current()
    html = render_to_string(
        template_name,
        {"page_size": settings.PDF_PAGE_SIZE, "branding": branding, **context},
    )
    return HTML(string=html, url_fetcher=INLINE_ONLY).write_pdf()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
