"""Each reminder's email, rendered when it is sent from what is true then.

Status only: a reminder says that something is due and links to the page, and never quotes
what anyone wrote (a step, an agenda, a reflection), so a forwarded email gives nothing away.
Times are shown in the recipient's time zone, and the words in their language.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import shown_name, zone_or_sites
from mentoring.lib.email import render_email
from mentoring.lib.languages import joined, language_or_sites
from mentoring.programs.models import Mentorship
from mentoring.reminders.due import rules_of
from mentoring.reminders.links import opt_out_url, preferences_url
from mentoring.reminders.models import Kind, Reminder
from mentoring.status.pairs import at_risk, risk_reasons


def _meeting_page(meeting, pair) -> str:
    return meeting.get_absolute_url()


def _action_plan(step, pair) -> str:
    return reverse("enabling:action_plan", args=[pair.pk])


def _agreement(signature, pair) -> str:
    return reverse("agreements:agreement", args=[pair.pk])


def _check_in(mentorship, pair) -> str:
    return reverse("enabling:check_in", args=[pair.pk])


def _reflection(meeting, pair) -> str:
    return reverse("meetings:reflection", args=[pair.pk, meeting.pk])


def _pulse(mentorship, pair) -> str:
    return reverse("health:pulse", args=[pair.pk])


# For each kind about a pair: the name its subject has in the templates, and its page.
PAIR_REMINDERS = {
    Kind.MEETING_TOMORROW: ("meeting", _meeting_page),
    Kind.STEP_DUE_SOON: ("step", _action_plan),
    Kind.STEP_OVERDUE: ("step", _action_plan),
    Kind.SIGNATURE_WAITING: ("signature", _agreement),
    Kind.CHECK_IN_DUE: ("mentorship", _check_in),
    Kind.REFLECTION_MISSING: ("meeting", _reflection),
    Kind.PULSE_DUE: ("mentorship", _pulse),
}


def _pair_context(reminder: Reminder, now: datetime.datetime) -> dict | None:
    for rule in rules_of(reminder.kind, now):
        subject = rule.subject_of(reminder)
        if subject is not None:
            pair = rule.pair_of(subject)
            name, page = PAIR_REMINDERS[reminder.kind]
            return {
                name: subject,
                "pair": pair,
                "partner": pair.partner_of(reminder.recipient),
                "url": settings.SITE_URL + page(subject, pair),
            }
    return None


def _digest_context(reminder: Reminder, now: datetime.datetime) -> dict | None:
    """Names, phase and why, for each pair at risk: what the dashboard shows, nothing written."""
    (rule,) = rules_of(reminder.kind, now)
    coordinator = rule.subject_of(reminder)
    if coordinator is None:
        return None
    program = coordinator.program
    pairs = at_risk(
        Mentorship.objects.filter(program=program),
        today=timezone.localdate(now),
        program=program,
    )
    rows = [
        {
            "mentee": shown_name(pair.mentee_name),
            "mentor": shown_name(pair.mentor_name),
            "phase": pair.get_phase_display(),
            "reasons": joined(risk_reasons(pair)),
        }
        for pair in pairs.order_by("mentee_name", "pk")
    ]
    if not rows:
        return None
    return {
        "program": program,
        "pairs": rows,
        "url": settings.SITE_URL
        + reverse("dashboard:program", args=[program.pk])
        + "?at_risk=yes",
    }


def build_message(reminder: Reminder, *, now: datetime.datetime) -> EmailMessage | None:
    """The email for a reminder, or None when what it is about is no longer due
    (or, for a digest, when no pair is at risk)."""
    recipient = reminder.recipient
    language = language_or_sites(recipient.language)
    with timezone.override(zone_or_sites(recipient.time_zone)), translation.override(language):
        if reminder.kind == Kind.AT_RISK_DIGEST:
            context = _digest_context(reminder, now)
        else:
            context = _pair_context(reminder, now)
        if context is None:
            return None
        context |= {
            "recipient": recipient,
            "kind": Kind(reminder.kind),
            "opt_out_url": opt_out_url(recipient, reminder.kind),
            "preferences_url": preferences_url(),
        }
        subject, body = render_email(f"reminders/email/{reminder.kind}", context)
    return EmailMessage(subject=subject, body=body, to=[recipient.email])
