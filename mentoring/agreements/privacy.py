"""What erasing a person, or a pair's writing past its retention, means for agreements."""

from accounts.models import FORMER_PARTICIPANT, User
from mentoring.agreements.models import AgreementVersion, Goal, Signature
from mentoring.lib.erasure import blank_writing


def erase_person(user: User) -> dict[str, int]:
    """The agreement is the pair's and stays; the name typed to sign it does not."""
    return {
        "signatures": Signature.objects.filter(signer=user).update(typed_name=FORMER_PARTICIPANT)
    }


def erase_pair_writing(mentorships) -> dict[str, int]:
    return {
        "agreement versions": blank_writing(
            AgreementVersion.objects.filter(agreement__mentorship__in=mentorships)
        ),
        "goals": blank_writing(
            Goal.objects.filter(version__agreement__mentorship__in=mentorships)
        ),
        "signatures": blank_writing(
            Signature.objects.filter(version__agreement__mentorship__in=mentorships)
        ),
    }
