"""The agreement's part of the pair's page (mentoring/programs/panels.py): its status, which
is what coordinators see of it, and no more. Two queries at most; the versions are those the
enabling panel reads too (`current_versions`)."""

from mentoring.agreements.models import RESPONSIBILITIES, AgreementVersion, agreement_is_open_for
from mentoring.programs.panels import PairViewer, Panel


def current_versions(viewer: PairViewer) -> dict[str, AgreementVersion]:
    """The pair's draft and version in effect by status, each with `first_in_effect_at`: one
    query. `viewer.once` it."""
    versions = AgreementVersion.objects.for_mentorship(viewer.mentorship).current()
    return {version.status: version for version in versions.with_first_in_effect_at()}


def agreement(viewer: PairViewer) -> Panel:
    mentorship, is_member = viewer.mentorship, viewer.is_member
    context = {
        "mentorship": mentorship,
        "is_member": is_member,
        "can_edit": viewer.can_edit,
        "phase_open": agreement_is_open_for(mentorship),
    }
    if not context["phase_open"]:
        # Before Negotiating the panel only says when the agreement opens.
        return Panel("agreements/includes/status.html", context)
    versions = viewer.once(current_versions)
    context |= {
        "draft": versions.get(AgreementVersion.Status.DRAFT),
        "in_effect": versions.get(AgreementVersion.Status.IN_EFFECT),
        "acknowledged": mentorship.acknowledgements.count() if is_member else None,
        "responsibilities": len(RESPONSIBILITIES),
        "coordinator_pdf": not is_member and mentorship.program.coordinators_see_agreement_pdf,
    }
    return Panel("agreements/includes/status.html", context)
