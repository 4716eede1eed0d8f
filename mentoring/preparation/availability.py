"""Preparing's part of saving a profile (accounts/availability.py): a mentor's capacity may
not fall below the mentees they have now, and pausing new requests declines, kindly, those
waiting for their answer (`services.apply_mentor_availability`). Registered from
`PreparationConfig.ready()`, since accounts may not import the phases."""

from accounts.models import User
from mentoring.preparation import services


def profile_availability_saved(user: User) -> str | None:
    """Apply the saved availability; what to tell the mentor, if anything."""
    applied = services.apply_mentor_availability(mentor=user)
    if not applied.paused:
        return None
    back_on = applied.back_on
    until = f"until {back_on:%B} {back_on.day}, {back_on.year}" if back_on else "until you resume"
    said = f"New requests are paused {until}. Your mentees now are not affected."
    if applied.declined:
        plural = "" if applied.declined == 1 else "s"
        said += (
            f" We declined the {applied.declined} request{plural} waiting for your answer, "
            "kindly, and told the mentee" + ("" if applied.declined == 1 else "s") + "."
        )
    return said
