"""Render ordinary Django templates to PDF with WeasyPrint, fetching nothing.

Only inline `data:` URLs load. No base URL and no `file:`: a template that ever printed a
path or a link by mistake cannot attach a local file (the database, a key) to a PDF, nor call
out to the network. Fonts come from fontconfig, not from URLs.

A PDF view wears `@pdf_view`: when WeasyPrint fails, the person gets a page in the site's
layout saying so instead of Django's bare 500, and the view stops before it records a
download that never happened.
"""

import functools
import logging
import traceback

from django.apps import apps
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from weasyprint import HTML
from weasyprint.urls import URLFetcher

INLINE_ONLY = URLFetcher(allowed_protocols={"data"})

logger = logging.getLogger(__name__)


class PdfRenderingFailed(Exception):
    """WeasyPrint could not make the PDF of this template (a font, a layout bug, memory)."""

    def __init__(self, template_name: str):
        super().__init__(f"WeasyPrint could not render {template_name}")
        self.template_name = template_name


def render_pdf(template_name: str, context: dict) -> bytes:
    # The organisation's name, logo and colour for pdf_base.html; through the app registry, as
    # lib imports no app.
    branding = apps.get_model("branding", "Branding").current()
    # Outside the try: a database gone away while the template reads its rows is an outage,
    # answered as one, not a rendering bug.
    html = render_to_string(
        template_name,
        {"page_size": settings.PDF_PAGE_SIZE, "branding": branding, **context},
    )
    try:
        return HTML(string=html, url_fetcher=INLINE_ONLY).write_pdf()
    except Exception as error:
        # The kind of document, the error's type and where it was raised: never its message,
        # which may quote the text being laid out.
        frames = "".join(traceback.format_list(traceback.extract_tb(error.__traceback__)))
        logger.error(
            "PDF %s could not be rendered: %s\n%s", template_name, type(error).__name__, frames
        )
        raise PdfRenderingFailed(template_name) from error


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf_view(view):
    """Answer a PdfRenderingFailed from `view` with templates/lib/pdf_failed.html.

    Status 500: a rendering bug does not go away by waiting, so no 503 and no Retry-After.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PdfRenderingFailed:
            context = {"retry_url": request.get_full_path(), "back_url": _came_from(request)}
            return render(request, "lib/pdf_failed.html", context, status=500)

    return wrapper


def _came_from(request) -> str | None:
    # SECURE_REFERRER_POLICY is same-origin, so a link from our own page carries its address;
    # anything else (typed, bookmarked, another site) has no page to go back to.
    referer = request.headers.get("referer", "")
    allowed = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if allowed and referer != request.build_absolute_uri() else None
