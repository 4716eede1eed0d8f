"""What a member of a pair should do next, in the toolkit's words."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.programs.models import Mentorship, Participant, Phase

NEXT_STEPS = {
    (Phase.PREPARING, Participant.Role.MENTEE): _(
        "Reflect on what you want from mentoring, then fill in the planning template "
        "and bring it to your first meeting."
    ),
    (Phase.PREPARING, Participant.Role.MENTOR): _(
        "Meet your mentee to talk about your backgrounds and what they hope to achieve."
    ),
    (Phase.NEGOTIATING, Participant.Role.MENTEE): _(
        "Complete the mentoring agreement together: up to three goals, cadence and ground rules, "
        "then both sign it."
    ),
    (Phase.NEGOTIATING, Participant.Role.MENTOR): _(
        "Complete the mentoring agreement together with your mentee, then both sign it."
    ),
    (Phase.ENABLING, Participant.Role.MENTEE): _(
        "Work through your action plan, send an agenda before each meeting and write a "
        "3-2-1 reflection after it."
    ),
    (Phase.ENABLING, Participant.Role.MENTOR): _(
        "Meet regularly, follow up on action items, and write a 3-2-1 reflection after "
        "each meeting."
    ),
    (Phase.CLOSURE, Participant.Role.MENTEE): _(
        "Record how your goals ended, thank your mentor, and celebrate."
    ),
    (Phase.CLOSURE, Participant.Role.MENTOR): _(
        "Record how the goals ended, reflect on the experience, and celebrate."
    ),
}


def next_step(mentorship: Mentorship, user) -> str:
    """What the person should do next in this mentorship, in the toolkit's words."""
    if not mentorship.is_open:
        return gettext("This mentorship has ended. Its record stays here, read-only.")
    # A coordinator has no role in the pair, and the pair's page shows them no next step.
    role = mentorship.role_of(user) or Participant.Role.MENTEE
    return str(NEXT_STEPS[mentorship.phase, role])
