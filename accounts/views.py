from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts.availability import AVAILABILITY_FIELDS, availability_saved
from accounts.forms import ProfileForm


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        changed_availability = set(form.changed_data) & set(AVAILABILITY_FIELDS)
        try:
            with transaction.atomic():
                user = form.save()
                # What a new capacity or a pause means for pairs and requests (accounts/
                # availability.py): refused beside its field, and then nothing is saved.
                said = availability_saved(user) if changed_availability else []
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Your profile is saved."))
            for text in said:
                messages.info(request, text)
            response = redirect("accounts:profile")
            if "language" in form.changed_data:
                remember_language(response, user.language)
            return response
    return render(request, "accounts/profile.html", {"form": form})


def remember_language(response, language: str | None) -> None:
    """The language cookie, as Django's `set_language` writes it, so that pages keep the
    profile's language after signing out; none when the profile follows the browser."""
    if not language:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, path=settings.LANGUAGE_COOKIE_PATH)
        return
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def switch_language(request):
    """Django's `set_language` (the cookie, a safe `next`), and for someone signed in their
    profile too, so that every device and their emails follow."""
    language = request.POST.get("language")
    if language not in dict(settings.LANGUAGES):
        # Django's view would take any language it has a catalogue for (German, say).
        return redirect("home")
    response = set_language(request)
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response
