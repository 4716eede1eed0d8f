"""The logo and the colours stylesheet: public, as the sign-in page shows them to anyone."""

import hashlib

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from mentoring.branding import palette
from mentoring.branding.models import Branding

# Pages link both with their version in the URL (Branding.logo_url, colours_url), so a change
# shows at once; browsers keep a copy for a day and then ask again with the ETag.
MAX_AGE = 24 * 60 * 60
# An SVG opened on its own is a document that could run scripts and load things: this policy
# runs and loads nothing (its own <style> may still draw it). As an <img> it never runs them.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def _cached(request, etag: str, content_type: str, content):
    """A 304 when the browser's copy has this ETag, else the content; cacheable either way."""
    etag = quote_etag(etag)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(
            content() if callable(content) else content, content_type=content_type
        )
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_safe
def logo(request):
    branding = Branding.current()
    if not branding.has_logo:
        raise Http404("No logo is set.")
    # The bytes are read only when the browser has no copy of this version.
    response = _cached(request, branding.logo_digest, branding.logo_type, branding.logo_bytes)
    if branding.logo_type == Branding.LogoType.SVG:
        response["Content-Security-Policy"] = SVG_POLICY
    return response


@require_safe
def colours(request):
    branding = Branding.current()
    if not branding.primary_colour:
        raise Http404("No primary colour is set.")
    css = render_to_string("branding/colours.css", palette.palette(branding.primary_colour))
    # Tagged by what it says, so a change in palette.py reaches browsers too.
    etag = hashlib.sha256(css.encode()).hexdigest()[:32]
    return _cached(request, etag, "text/css; charset=utf-8", css)
