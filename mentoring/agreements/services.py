"""Workflows of the Negotiating phase: acknowledging, writing, signing and amending."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from mentoring.agreements.models import (
    GOAL_LENGTH,
    MAX_GOALS,
    RESPONSIBILITIES,
    Acknowledgement,
    Agreement,
    AgreementVersion,
    Goal,
    Signature,
    agreement_is_open_for,
)
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.lib.email import send_templated_email
from mentoring.programs.models import Mentorship, Participant, Phase

TOO_MANY_GOALS = _("An agreement has at most three goals: keep to the three that matter most.")


class AgreementError(Exception):
    """An action that cannot happen as asked; the message says why, in plain words."""


class StaleVersion(AgreementError):
    """The version changed since the page that sent the action was loaded."""


class EditConflict(Exception):
    """Someone saved the draft since the form was opened; nothing was saved."""

    def __init__(self, version: AgreementVersion):
        super().__init__(gettext("The draft changed since you opened it."))
        self.version = version


@dataclass(frozen=True)
class DraftSaved:
    changed: bool
    voided_signatures: bool


@dataclass(frozen=True)
class Signed:
    signature: Signature
    # Both have now signed, so the version is the agreement in effect.
    in_effect: bool


def _require_open(mentorship: Mentorship) -> None:
    if not mentorship.is_open:
        raise AgreementError(
            gettext("This mentorship has ended; its agreement can no longer change.")
        )
    if not agreement_is_open_for(mentorship):
        raise AgreementError(
            gettext("Start negotiating first: the agreement opens in that phase.")
        )


@transaction.atomic
def acknowledge_responsibilities(*, mentorship: Mentorship, user: User, items: list[str]) -> int:
    """Record the mentee's acknowledgement of some of their five responsibilities.

    Acknowledging twice (a double submit) keeps the first acknowledgement. Returns how many
    responsibilities were newly acknowledged.
    """
    _require_open(mentorship)
    if mentorship.role_of(user) != Participant.Role.MENTEE:
        raise AgreementError(gettext("Only the mentee acknowledges the mentee responsibilities."))
    known = dict(RESPONSIBILITIES)
    unknown = [item for item in items if item not in known]
    if unknown:
        raise AgreementError(gettext("That is not one of the mentee responsibilities."))
    done = set(mentorship.acknowledgements.values_list("item", flat=True))
    now = timezone.now()
    new = [
        Acknowledgement(
            mentorship=mentorship, item=item, acknowledged_by=user, acknowledged_at=now
        )
        for item in dict.fromkeys(items)
        if item not in done
    ]
    Acknowledgement.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def start_agreement(*, mentorship: Mentorship, user: User) -> Agreement:
    """The pair's agreement with its first, empty draft; the existing one if already started."""
    _require_open(mentorship)
    agreement, created = Agreement.objects.get_or_create(mentorship=mentorship)
    if created:
        AgreementVersion.objects.create(
            agreement=agreement, number=1, created_by=user, updated_by=user
        )
    return agreement


def _validate_values(
    *, version: AgreementVersion, mentorship: Mentorship, values: dict, goals: list[str]
) -> None:
    errors = {}
    if len(goals) > MAX_GOALS:
        errors["goal_1"] = TOO_MANY_GOALS
    elif any(len(goal) > GOAL_LENGTH for goal in goals):
        errors["goal_1"] = gettext("A goal is at most %(limit)s characters: keep it simple.") % {
            "limit": GOAL_LENGTH
        }
    end = values.get("planned_end_on")
    if end and end != version.planned_end_on:
        started = timezone.localdate(mentorship.started_at)
        if end <= started:
            errors["planned_end_on"] = gettext(
                "The planned end must be after the mentorship started (%(date)s)."
            ) % {"date": date_format(started, gettext("F j, Y"))}
        elif end <= timezone.localdate():
            errors["planned_end_on"] = gettext("The planned end must be a date after today.")
    if errors:
        raise ValidationError(errors)


def save_draft(
    *,
    version: AgreementVersion,
    user: User,
    values: dict[str, Any],
    goals: list[str] | None,
    revision: int,
) -> DraftSaved:
    """Save a member's changes to the draft, if nobody saved since they opened it.

    `values` may hold some of the answers only (one section of the page); goals None leaves
    the goals as they are.

    The UPDATE only matches the revision the form was opened at, so of two saves racing from
    the same revision exactly one wins; the other raises EditConflict with the saved text.
    A change voids the draft's signatures (kept, marked void) and tells the other party.
    """
    mentorship = version.agreement.mentorship
    _require_open(mentorship)
    unknown = set(values) - set(AgreementVersion.TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Not agreement fields: {sorted(unknown)}")
    if goals is not None:
        goals = [goal.strip() for goal in goals if goal.strip()]
    _validate_values(version=version, mentorship=mentorship, values=values, goals=goals or [])
    if not version.is_draft:
        raise AgreementError(
            gettext("This version is signed and in effect. Amend the agreement to change it.")
        )
    if version.revision != revision:
        raise EditConflict(reload_version(version))

    changes = {name: value for name, value in values.items() if getattr(version, name) != value}
    goals_changed = goals is not None and [goal.text for goal in version.goals.all()] != goals
    if not changes and not goals_changed:
        return DraftSaved(changed=False, voided_signatures=False)

    now = timezone.now()
    with transaction.atomic():
        saved = AgreementVersion.objects.filter(
            pk=version.pk, status=AgreementVersion.Status.DRAFT, revision=revision
        ).update(**changes, revision=revision + 1, updated_at=now, updated_by=user)
        if not saved:
            raise EditConflict(reload_version(version))
        if goals_changed:
            _replace_goals(version, goals)
        voided = Signature.objects.filter(version=version).valid().update(voided_at=now)
        if voided:
            record(
                Action.AGREEMENT_VOIDED,
                actor=user,
                mentorship=mentorship,
                detail=f"v{version.number} edited: {voided} signatures",
            )
            partner = mentorship.partner_of(user)
            send_templated_email(
                "agreements/email/signatures_voided",
                {"editor": user, "partner": partner, "version": version, "mentorship": mentorship},
                to=[partner],
            )
    return DraftSaved(changed=True, voided_signatures=bool(voided))


def _replace_goals(version: AgreementVersion, goals: list[str]) -> None:
    """Rewrite the draft's goals in place, so a goal keeps its row while its words change."""
    existing = {goal.position: goal for goal in version.goals.all()}
    for position, text in enumerate(goals, start=1):
        goal = existing.pop(position, None)
        if goal is None:
            Goal.objects.create(version=version, position=position, text=text)
        elif goal.text != text:
            goal.text = text
            goal.save(update_fields=["text"])
    Goal.objects.filter(pk__in=[goal.pk for goal in existing.values()]).delete()


def reload_version(version: AgreementVersion) -> AgreementVersion:
    """The version as saved now, with its goals and who saved it last."""
    return (
        AgreementVersion.objects.select_related("updated_by")
        .prefetch_related("goals")
        .get(pk=version.pk)
    )


def missing_for_signing(version: AgreementVersion) -> list[str]:
    """What the version still needs before it can be signed: a goal and the meeting cadence."""
    missing = []
    if not version.goals.all():
        missing.append(gettext("at least one goal"))
    for name in ["meeting_frequency", "meeting_length_minutes", "meeting_mode"]:
        if getattr(version, name) in (None, ""):
            question = AgreementVersion._meta.get_field(name).verbose_name
            missing.append(gettext("“%(question)s”") % {"question": question})
    return missing


def names_match(typed: str, user: User) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(user.full_name.split()).casefold()


@transaction.atomic
def sign(*, version: AgreementVersion, user: User, typed_name: str, revision: int) -> Signed:
    """Sign the draft as it was at `revision`; when both have signed, it comes into effect.

    The version row is locked, so signatures and saves on the same draft happen one at a time:
    two people signing at once both count, and nobody signs text that just changed.
    """
    mentorship = version.agreement.mentorship
    _require_open(mentorship)
    if not mentorship.has_member(user):
        raise AgreementError(gettext("Only the mentor and the mentee sign their agreement."))
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise StaleVersion(
            gettext(
                "Version %(number)s is no longer a draft: it is %(status)s. Nothing was signed."
            )
            % {"number": version.number, "status": str(version.get_status_display()).lower()}
        )
    if version.revision != revision:
        raise StaleVersion(
            gettext(
                "The agreement changed since you opened this page. Nothing was signed: "
                "read the current text, then sign it."
            )
        )
    if Signature.objects.valid().filter(version=version, signer=user).exists():
        raise AgreementError(gettext("You have already signed this version."))
    missing = missing_for_signing(version)
    if missing:
        raise AgreementError(
            gettext("Before signing, the agreement needs %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    if not user.full_name.strip():
        raise ValidationError(
            {
                "typed_name": gettext(
                    "Add your name to your profile first: you sign with that name."
                )
            }
        )
    if not names_match(typed_name, user):
        raise ValidationError(
            {
                "typed_name": gettext("Type your name as it is on your profile: %(name)s.")
                % {"name": user.full_name}
            }
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                version=version,
                signer=user,
                typed_name=" ".join(typed_name.split()),
                revision=revision,
                signed_at=now,
            )
    except IntegrityError:
        raise AgreementError(gettext("You have already signed this version.")) from None
    record(Action.AGREEMENT_SIGNED, actor=user, mentorship=mentorship, detail=f"v{version.number}")

    signers = set(Signature.objects.valid().filter(version=version).values_list("signer_id"))
    both_signed = signers == {(mentorship.mentor_id,), (mentorship.mentee_id,)}
    if both_signed:
        _put_in_effect(version, mentorship, now)
    else:
        partner = mentorship.partner_of(user)
        send_templated_email(
            "agreements/email/partner_signed",
            {"signer": user, "partner": partner, "version": version, "mentorship": mentorship},
            to=[partner],
        )
    return Signed(signature=signature, in_effect=both_signed)


def _put_in_effect(version: AgreementVersion, mentorship: Mentorship, now) -> None:
    superseded = AgreementVersion.objects.filter(agreement_id=version.agreement_id).in_effect()
    for number in superseded.values_list("number", flat=True):
        record(
            Action.AGREEMENT_VOIDED,
            mentorship=mentorship,
            detail=f"v{number} superseded by v{version.number}",
        )
    superseded.update(status=AgreementVersion.Status.SUPERSEDED)
    version.status = AgreementVersion.Status.IN_EFFECT
    version.in_effect_at = now
    version.save(update_fields=["status", "in_effect_at"])
    if mentorship.phase == Phase.NEGOTIATING:
        mentorship.start_enabling()


@transaction.atomic
def amend(*, agreement: Agreement, user: User) -> AgreementVersion:
    """A new draft copied from the version in effect, which stays in effect until it is signed."""
    _require_open(agreement.mentorship)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    versions = agreement.versions.all()
    draft = versions.filter(status=AgreementVersion.Status.DRAFT).first()
    if draft:
        raise AgreementError(
            gettext("Version %(number)s is already being drafted: edit that one.")
            % {"number": draft.number}
        )
    current = versions.in_effect().prefetch_related("goals").first()
    if current is None:
        raise AgreementError(gettext("Only an agreement in effect can be amended."))
    number = versions.aggregate(last=Max("number"))["last"] + 1
    amendment = AgreementVersion.objects.create(
        agreement=agreement,
        number=number,
        created_by=user,
        updated_by=user,
        **{name: getattr(current, name) for name in AgreementVersion.TEXT_FIELDS},
    )
    Goal.objects.bulk_create(
        Goal(version=amendment, position=goal.position, text=goal.text)
        for goal in current.goals.all()
    )
    return amendment
