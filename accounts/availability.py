"""What follows when a mentor changes their availability on their profile.

A person says on their profile whether they mentor, how many mentees they take and whether
new requests are paused (`User`). What that means for pairs and requests (a capacity below the
mentees they have now, the requests waiting for their answer) is the phases' business, and
accounts imports nothing of them. So, as the phases hand programs their panels, preparation
registers its rule here from its `AppConfig.ready()`; the profile view calls `availability_saved`
inside the transaction that saves the profile.

A hook raises a ValidationError naming the profile's fields (its messages go beside them and
nothing is saved), or returns what to tell the person, or None.
"""

from collections.abc import Callable

from accounts.models import User

# The profile's fields a hook is about: the view asks the hooks only when one of them changed.
AVAILABILITY_FIELDS = ("mentee_capacity", "requests_paused", "requests_back_on")

AvailabilityHook = Callable[[User], str | None]

_hooks: list[AvailabilityHook] = []


def register_availability_hook(hook: AvailabilityHook) -> None:
    if hook in _hooks:
        raise ValueError(f"{hook!r} is registered twice.")
    _hooks.append(hook)


def availability_saved(user: User) -> list[str]:
    """Run every hook on the saved user; what they say to the person, in order."""
    return [said for hook in _hooks if (said := hook(user))]
