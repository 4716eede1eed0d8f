"""Each pair the person is a member of, open or ended, and what of it they may read.

Every part asks the owning app's rule: `PlanningTemplate.objects.shared()` for the mentor,
`PairCheckIn` for the check-in, `Reflection.objects.shared()` (meetings.py), the closure's own
`standing()` decisions; what only its author reads (a closing reflection) is the person's own.
A pair costs a fixed number of queries, whatever it holds.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.agreements.models import (
    RESPONSIBILITIES,
    Acknowledgement,
    AgreementVersion,
    Signature,
)
from mentoring.agreements.sections import SECTIONS, goal_label
from mentoring.closure.models import ClosingReflection, GoalOutcome, ThankYouNote
from mentoring.enabling.models import CheckInAnswer, PairCheckIn, PlanSection
from mentoring.health.models import PULSE_STATEMENTS, ClosingFeedback, FitCheck, PulseSurvey
from mentoring.preparation.models import PlanningTemplate
from mentoring.privacy.export.meetings import CHUNK, meetings
from mentoring.privacy.export.records import Record, answers
from mentoring.programs.models import Mentorship, Participant

Role = Participant.Role
# An action step's label, by its owner: without, then with, the day it was done.
STEP_LABELS = {
    Role.MENTEE: (
        _("Mentee's action step, by %(target)s"),
        _("Mentee's action step, by %(target)s, done %(done)s"),
    ),
    Role.MENTOR: (
        _("Mentor's action step, by %(target)s"),
        _("Mentor's action step, by %(target)s, done %(done)s"),
    ),
}


def planning_template(writer, user, mentorship):
    templates = PlanningTemplate.objects.filter(mentorship=mentorship)
    if mentorship.role_of(user) != Participant.Role.MENTEE:
        templates = templates.shared()  # the mentor reads it once the mentee shares it
    with writer.group("planning_template", gettext("Planning template")):
        for template in templates:
            writer.record(
                Record(
                    title=gettext("Planning template of %(name)s")
                    % {"name": mentorship.mentee.display_name},
                    facts={
                        "id": template.pk,
                        "shared_at": template.shared_at,
                        "updated_at": template.updated_at,
                    },
                    fields=answers(template, PlanningTemplate.ANSWERS),
                )
            )


def responsibilities(writer, mentorship):
    labels = dict(RESPONSIBILITIES)
    rows = Acknowledgement.objects.filter(mentorship=mentorship).select_related("acknowledged_by")
    with writer.group("responsibilities", gettext("Mentee responsibilities acknowledged")):
        for row in rows.order_by("acknowledged_at", "pk"):
            writer.record(
                Record(
                    title=str(labels.get(row.item, row.item)),
                    facts={
                        "id": row.pk,
                        "item": row.item,
                        "acknowledged_by": row.acknowledged_by.display_name,
                        "acknowledged_at": row.acknowledged_at,
                    },
                )
            )


def agreement(writer, user, mentorship):
    # Valid signatures, and the person's own voided ones: they typed those names too.
    signatures = (Signature.objects.valid() | Signature.objects.filter(signer=user)).order_by(
        "signed_at", "pk"
    )
    versions = (
        AgreementVersion.objects.for_mentorship(mentorship)
        .prefetch_related(
            "goals", Prefetch("signatures", queryset=signatures.select_related("signer"))
        )
        .order_by("number")
    )
    part_of = {name: heading for heading, names in SECTIONS for name in names}
    with writer.group("agreement", gettext("Mentoring agreement")):
        for version in versions:
            fields = [
                (f"goal_{goal.position}", str(goal_label(goal.position)), goal.text)
                for goal in version.goals.all()
            ]
            for name in AgreementVersion.TEXT_FIELDS:
                label = str(AgreementVersion._meta.get_field(name).verbose_name)
                label = gettext("%(part)s: %(question)s") % {
                    "part": part_of[name],
                    "question": label,
                }
                fields.append((name, label, version.display_value(name)))
            fields += [
                (f"signature_{signature.pk}", _signed(signature), signature.typed_name)
                for signature in version.signatures.all()
            ]
            writer.record(
                Record(
                    title=gettext("Version %(number)s (%(status)s)")
                    % {"number": version.number, "status": version.get_status_display()},
                    facts={
                        "id": version.pk,
                        "number": version.number,
                        "status": version.get_status_display(),
                        "created_at": version.created_at,
                        "updated_at": version.updated_at,
                        "in_effect_at": version.in_effect_at,
                    },
                    fields=fields,
                )
            )


def _signed(signature: Signature) -> str:
    values = {"name": signature.signer.display_name, "day": f"{signature.signed_at:%Y-%m-%d}"}
    if signature.voided_at is None:
        return gettext("Signed by %(name)s on %(day)s") % values
    values["voided"] = f"{signature.voided_at:%Y-%m-%d}"
    return gettext("Signed by %(name)s on %(day)s (voided %(voided)s)") % values


def _step_label(step) -> str:
    without, with_done = STEP_LABELS[step.owner]
    values = {"target": f"{step.target_on:%Y-%m-%d}"}
    if step.done_at is None:
        return str(without) % values
    return str(with_done) % (values | {"done": f"{step.done_at:%Y-%m-%d}"})


def action_plan(writer, mentorship):
    sections = PlanSection.objects.filter(mentorship=mentorship).prefetch_related("steps")
    with writer.group("action_plan", gettext("Action plan")):
        for section in sections.order_by("position"):
            fields = answers(section, PlanSection.TEXT_FIELDS)
            for step in section.steps.all():
                fields.append((f"step_{step.pk}", _step_label(step), step.what))
            writer.record(
                Record(
                    title=gettext("Action plan for goal %(number)s")
                    % {"number": section.position},
                    facts={
                        "id": section.pk,
                        "goal": section.position,
                        "updated_at": section.updated_at,
                    },
                    fields=fields,
                )
            )


def check_in(writer, user, mentorship):
    answers_of = PairCheckIn.of(mentorship)
    readable = [answers_of.own(user), answers_of.partners(user)]
    with writer.group("check_in", gettext("Mid-way check-in")):
        for answer in filter(None, readable):
            partner = mentorship.partner_of(user).display_name
            if answer.author_id == user.pk:
                title = gettext("Your answers")
            else:
                title = gettext("%(name)s's answers") % {"name": partner}
            writer.record(
                Record(
                    title=title,
                    facts={"id": answer.pk, "answered_at": answer.answered_at},
                    fields=answers(answer, CheckInAnswer.ANSWERS),
                )
            )


def fit_check(writer, user, mentorship):
    """The person's own answer only: a fit check is never shown to the partner."""
    with writer.group("fit_check", gettext("Fit check after the first meeting")):
        for answer in FitCheck.objects.filter(mentorship=mentorship, author=user):
            writer.record(
                Record(
                    title=gettext("Your answer: %(answer)s")
                    % {"answer": answer.get_answer_display()},
                    facts={"id": answer.pk, "answered_at": answer.answered_at},
                    fields=answers(answer, ["why"]),
                )
            )


def pulse_and_feedback(writer, user, mentorship):
    """The person's own pulse surveys and closing feedback, never their partner's."""
    with writer.group("pulse_surveys", gettext("Pulse surveys")):
        for pulse in PulseSurvey.objects.filter(mentorship=mentorship, author=user):
            writer.record(
                Record(
                    title=gettext("Pulse survey %(round)s") % {"round": pulse.round},
                    facts={"id": pulse.pk, "answered_at": pulse.answered_at},
                    fields=answers(pulse, [*PULSE_STATEMENTS, "comment", "share_comment"]),
                )
            )
    with writer.group("closing_feedback", gettext("Closing feedback")):
        for feedback in ClosingFeedback.objects.filter(mentorship=mentorship, author=user):
            writer.record(
                Record(
                    title=gettext("Likelihood to recommend the program: %(score)s of 10")
                    % {"score": feedback.recommend},
                    facts={"id": feedback.pk, "answered_at": feedback.answered_at},
                    fields=answers(feedback, ["recommend", "comment"]),
                )
            )


def closure(writer, user, mentorship):
    decisions = mentorship.closures.standing().select_related("proposed_by", "answered_by")
    with writer.group("closure_decisions", gettext("Closing the mentorship")):
        for decision in decisions.order_by("proposed_at", "pk"):
            writer.record(
                Record(
                    title=decision.get_status_display(),
                    facts={
                        "id": decision.pk,
                        "reason": decision.get_reason_display(),
                        "proposed_by": decision.proposed_by.display_name,
                        "proposed_at": decision.proposed_at,
                        "answered_by": decision.answered_by.display_name
                        if decision.answered_by
                        else None,
                        "answered_at": decision.answered_at,
                    },
                    fields=answers(decision, ["reason_other"]) if decision.reason_other else [],
                )
            )
    # Goal outcomes are shared by the pair (closure/models.py): both members' are read by both.
    outcomes = (
        GoalOutcome.objects.filter(mentorship=mentorship)
        .select_related("goal", "goal__version", "author")
        .order_by("goal__version__number", "goal__position", "author_id")
    )
    with writer.group("goal_outcomes", gettext("How the goals ended")):
        for outcome in outcomes:
            writer.record(
                Record(
                    title=gettext("Goal %(number)s: %(text)s")
                    % {"number": outcome.goal.position, "text": outcome.goal.text},
                    facts={
                        "id": outcome.pk,
                        "goal_id": outcome.goal_id,
                        "author": outcome.author.display_name,
                        "outcome": outcome.get_outcome_display(),
                        "updated_at": outcome.updated_at,
                    },
                    fields=answers(outcome, ["comment"]),
                )
            )
    own = ClosingReflection.objects.filter(mentorship=mentorship, author=user)
    with writer.group("closing_reflection", gettext("Your closing reflection")):
        for reflection in own:
            writer.record(
                Record(
                    title=gettext("Closing reflection"),
                    facts={"id": reflection.pk, "updated_at": reflection.updated_at},
                    fields=answers(reflection, ["feelings"]),
                )
            )
    sent = mentorship.role_of(user) == Participant.Role.MENTEE
    mentee, mentor = mentorship.mentee.display_name, mentorship.mentor.display_name
    label = gettext("Thank-you note you sent") if sent else gettext("Thank-you note you received")
    with writer.group("thank_you", label):
        for note in ThankYouNote.objects.filter(mentorship=mentorship):
            writer.record(
                Record(
                    title=gettext("From %(mentee)s to %(mentor)s")
                    % {"mentee": mentee, "mentor": mentor},
                    facts={"id": note.pk, "sent_at": note.sent_at},
                    fields=answers(note, ["text"]),
                )
            )


def pairs(writer, user):
    mentorships = Mentorship.objects.of_member(user).with_people().order_by("started_at", "pk")
    with writer.group("mentorships", gettext("Your mentorships")):
        for mentorship in mentorships.iterator(chunk_size=CHUNK):
            partner = mentorship.partner_of(user)
            record = Record(
                title=gettext("%(program)s: with %(name)s")
                % {"program": mentorship.program.name, "name": partner.display_name},
                facts={
                    "id": mentorship.pk,
                    "program_id": mentorship.program_id,
                    "program": mentorship.program.name,
                    "your_role": mentorship.role_of(user).label,
                    "partner": partner.display_name,
                    "phase": mentorship.get_phase_display(),
                    "started_at": mentorship.started_at,
                    "ended_at": mentorship.ended_at,
                },
            )
            with writer.record_with_parts(record):
                planning_template(writer, user, mentorship)
                responsibilities(writer, mentorship)
                agreement(writer, user, mentorship)
                action_plan(writer, mentorship)
                meetings(writer, user, mentorship)
                check_in(writer, user, mentorship)
                fit_check(writer, user, mentorship)
                pulse_and_feedback(writer, user, mentorship)
                closure(writer, user, mentorship)
