"""The Closure panel on the pair's page: one query, and only status for coordinators."""

from django import template

register = template.Library()


@register.inclusion_tag("closure/includes/status.html", takes_context=True)
def closure_status(context, mentorship, is_member, can_edit):
    latest = mentorship.closures.standing().order_by("-proposed_at", "-pk").first()
    if latest and latest.is_pending and not mentorship.is_open:
        latest = None
    return {
        "mentorship": mentorship,
        "is_member": is_member,
        "can_edit": can_edit,
        "latest": latest,
        "user": context["user"],
    }
