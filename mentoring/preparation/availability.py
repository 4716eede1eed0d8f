"""Preparing's part of saving a profile (accounts/availability.py): a mentor's capacity may
not fall below the mentees they have now, and pausing new requests declines, kindly, those
waiting for their answer (`services.apply_mentor_availability`). Registered from
`PreparationConfig.ready()`, since accounts may not import the phases."""

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from accounts.models import User
from mentoring.preparation import services


def profile_availability_saved(user: User) -> str | None:
    """Apply the saved availability; what to tell the mentor, if anything."""
    applied = services.apply_mentor_availability(mentor=user)
    if not applied.paused:
        return None
    if back_on := applied.back_on:
        said = gettext(
            "New requests are paused until %(date)s. Your mentees now are not affected."
        ) % {"date": date_format(back_on, gettext("F j, Y"))}
    else:
        said = gettext(
            "New requests are paused until you resume. Your mentees now are not affected."
        )
    if applied.declined:
        said += " " + ngettext(
            "We declined the %(count)s request waiting for your answer, kindly, and told the "
            "mentee.",
            "We declined the %(count)s requests waiting for your answer, kindly, and told the "
            "mentees.",
            applied.declined,
        ) % {"count": applied.declined}
    return said
