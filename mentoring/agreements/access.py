"""Who may see and change a pair's responsibilities and agreement: the one place views ask.

The agreement is the pair's own text: its mentor and mentee read it, and change it while the
mentorship is open. Coordinators see its status on the pair's page and, where their program
allows it, download the PDF of a signed version; every agreement page is a 404 for them.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from mentoring.agreements.models import AgreementVersion
from mentoring.programs.access import get_mentorship_for_member, get_mentorship_for_user


def get_version_for_member(user, pk, number) -> tuple[AgreementVersion, bool]:
    """One version of the pair's agreement, and whether the user may change the mentorship."""
    mentorship, can_edit = get_mentorship_for_member(user, pk)
    version = get_object_or_404(
        AgreementVersion.objects.for_mentorship(mentorship).select_related(
            "agreement", "updated_by"
        ),
        number=number,
    )
    version.agreement.mentorship = mentorship
    return version, can_edit


def get_version_for_pdf(user, pk, number) -> AgreementVersion:
    """A version whose PDF the user may download.

    Members: any version. Coordinators of the pair's program: a signed version (in effect or
    superseded), and only if the program keeps signed agreements on file.
    """
    mentorship, _ = get_mentorship_for_user(user, pk)
    versions = AgreementVersion.objects.for_mentorship(mentorship)
    if not mentorship.has_member(user):
        if not mentorship.program.coordinators_see_agreement_pdf:
            raise Http404("This program keeps agreements between the pair.")
        versions = versions.signed()
    version = get_object_or_404(versions.select_related("agreement"), number=number)
    version.agreement.mentorship = mentorship
    return version
