"""Negotiating's steps on the pair's page (mentoring/programs/steps.py): the mentee's
responsibilities, the draft, and each member's signature. Status only, so coordinators see
them too. Two queries: the current version with its signatures and acknowledgements, and its
goals (or, with no agreement yet, the acknowledgements alone)."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext

from mentoring.agreements.models import (
    RESPONSIBILITIES,
    Acknowledgement,
    AgreementVersion,
    Signature,
)
from mentoring.agreements.services import missing_for_signing
from mentoring.programs.models import Participant
from mentoring.programs.panels import PairViewer
from mentoring.programs.steps import Step


def _signed_by(person_id: int) -> Exists:
    return Exists(Signature.objects.valid().filter(version=OuterRef("pk"), signer=person_id))


def negotiating_steps(viewer: PairViewer) -> list[Step]:
    mentorship = viewer.mentorship
    acknowledged = (
        Acknowledgement.objects.filter(mentorship=mentorship)
        .order_by()
        .values("mentorship")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # In Negotiating there is a draft at most (both signatures put it in effect and move the
    # pair on); the version in effect stands in for it should the phase lag behind.
    version = (
        AgreementVersion.objects.for_mentorship(mentorship)
        .current()
        .annotate(
            mentee_signed=_signed_by(mentorship.mentee_id),
            mentor_signed=_signed_by(mentorship.mentor_id),
            acknowledged=Coalesce(Subquery(acknowledged, output_field=IntegerField()), 0),
        )
        .prefetch_related("goals")
        .order_by("status")  # "draft" before "in_effect"
        .first()
    )
    done = mentorship.acknowledgements.count() if version is None else version.acknowledged
    agreement_url = reverse("agreements:agreement", args=[mentorship.pk])
    missing = missing_for_signing(version) if version is not None else ["goals"]
    signed = {
        Participant.Role.MENTEE: (
            mentorship.mentee,
            version is not None and version.mentee_signed,
        ),
        Participant.Role.MENTOR: (
            mentorship.mentor,
            version is not None and version.mentor_signed,
        ),
    }
    return [
        Step(
            gettext("Mentee responsibilities acknowledged (%(done)s of %(total)s)")
            % {"done": done, "total": len(RESPONSIBILITIES)},
            done=done >= len(RESPONSIBILITIES),
            action=gettext("Acknowledge your mentee responsibilities"),
            url=reverse("agreements:responsibilities", args=[mentorship.pk]),
            who=Participant.Role.MENTEE,
        ),
        Step(
            gettext("Agreement draft written (goals and meeting cadence)"),
            done=not missing,
            action=gettext("Start your mentoring agreement")
            if version is None
            else gettext("Finish the agreement draft: it still needs %(missing)s")
            % {"missing": ", ".join(missing)},
            # The agreement page starts a draft; once there is one, it is written on the edit page.
            url=agreement_url
            if version is None
            else reverse("agreements:edit", args=[mentorship.pk]),
        ),
        *(
            Step(
                gettext("Signed by %(person)s (%(role)s)")
                % {"person": person, "role": str(role.label).lower()},
                done=has_signed,
                action=gettext("Sign the agreement"),
                url=agreement_url,
                who=role,
            )
            for role, (person, has_signed) in signed.items()
        ),
    ]
