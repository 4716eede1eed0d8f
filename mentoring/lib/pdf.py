"""Render ordinary Django templates to PDF with WeasyPrint, without touching the network."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

# Only local files (static assets, system fonts) and inline data: a PDF never fetches a URL.
LOCAL_ONLY = URLFetcher(allowed_protocols={"file", "data"})


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_to_string(template_name, {"page_size": settings.PDF_PAGE_SIZE, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=LOCAL_ONLY).write_pdf()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
