from django import template
from django.utils.safestring import mark_safe

from mentoring.agreements.models import (
    RESPONSIBILITIES,
    AgreementVersion,
    Status,
    agreement_is_open_for,
)

register = template.Library()


@register.inclusion_tag("agreements/includes/status.html")
def agreement_status(mentorship, is_member, can_edit):
    """The agreement's status for the pair's page: what coordinators see of it, and no more."""
    versions = {
        version.status: version
        for version in AgreementVersion.objects.filter(agreement__mentorship=mentorship).current()
    }
    acknowledged = mentorship.acknowledgements.count() if is_member else None
    return {
        "mentorship": mentorship,
        "is_member": is_member,
        "can_edit": can_edit,
        "phase_open": agreement_is_open_for(mentorship),
        "draft": versions.get(Status.DRAFT),
        "in_effect": versions.get(Status.IN_EFFECT),
        "acknowledged": acknowledged,
        "responsibilities": len(RESPONSIBILITIES),
        "coordinator_pdf": not is_member and mentorship.program.coordinators_see_agreement_pdf,
    }


@register.filter
def css_string(value) -> str:
    """Text for inside a CSS string (the PDF's running footer): every symbol hex-escaped.

    HTML escaping does not apply inside <style>, and JavaScript escapes mean nothing to CSS.
    """
    return mark_safe(
        "".join(
            char if char.isalnum() or char == " " else f"\\{ord(char):x} " for char in str(value)
        )
    )
