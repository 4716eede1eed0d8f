"""The agreement's part of the pair's page (mentoring/programs/panels.py): its status, which
is what coordinators see of it, and no more. Two queries at most."""

from mentoring.agreements.models import RESPONSIBILITIES, AgreementVersion, agreement_is_open_for
from mentoring.programs.panels import PairViewer, Panel


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
    versions = {
        version.status: version
        for version in AgreementVersion.objects.for_mentorship(mentorship).current()
    }
    context |= {
        "draft": versions.get(AgreementVersion.Status.DRAFT),
        "in_effect": versions.get(AgreementVersion.Status.IN_EFFECT),
        "acknowledged": mentorship.acknowledgements.count() if is_member else None,
        "responsibilities": len(RESPONSIBILITIES),
        "coordinator_pdf": not is_member and mentorship.program.coordinators_see_agreement_pdf,
    }
    return Panel("agreements/includes/status.html", context)
