import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from mentoring.programs.models import Mentorship, Participant, Program

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name")
    job_title = "Manager"
    department = "Vancouver General"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class MentorFactory(UserFactory):
    open_to_mentoring = True
    mentee_capacity = 3
    expertise = "Leadership, Operations"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Leadership Program {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=300))

    @factory.post_generation
    def coordinators(program, create, extracted, **kwargs):
        if create and extracted:
            program.coordinators.add(*extracted)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory(UserFactory)
    role = Participant.Role.MENTEE


class MentorshipFactory(factory.django.DjangoModelFactory):
    """A pair whose mentor and mentee are enrolled in the program with their roles."""

    class Meta:
        model = Mentorship

    program = factory.SubFactory(ProgramFactory)
    mentor = factory.SubFactory(MentorFactory)
    mentee = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        program, mentor, mentee = kwargs["program"], kwargs["mentor"], kwargs["mentee"]
        Participant.objects.get_or_create(
            program=program, user=mentor, role=Participant.Role.MENTOR
        )
        Participant.objects.get_or_create(
            program=program, user=mentee, role=Participant.Role.MENTEE
        )
        return super()._create(model_class, *args, **kwargs)


# Phase 2, Negotiating: the agreement, its versions, goals and signatures.


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agreements.Agreement"

    mentorship = factory.SubFactory(MentorshipFactory, phase="negotiating")


class AgreementVersionFactory(factory.django.DjangoModelFactory):
    """A draft; `filled=True` answers every question (goals come from GoalFactory)."""

    class Meta:
        model = "agreements.AgreementVersion"

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.LazyAttribute(lambda v: v.agreement.versions.count() + 1)
    created_by = factory.LazyAttribute(lambda v: v.agreement.mentorship.mentee)
    updated_by = factory.LazyAttribute(lambda v: v.agreement.mentorship.mentee)

    class Params:
        filled = factory.Trait(
            time_commitment="Ninety minutes a month, plus preparation.",
            agenda_setting="The mentee sends an agenda two days before each meeting.",
            check_ins="Ten minutes on the action plan at the start of each meeting.",
            meeting_frequency="biweekly",
            meeting_length_minutes=60,
            meeting_mode="video",
            meeting_place="The team's usual video room",
            cadence_notes="Tuesday mornings, moved by email if needed.",
            confidentiality="What we discuss stays between us, both ways.",
            off_limits="Performance reviews of shared colleagues.",
            boundaries="No calls after six in the evening.",
            success="A new role applied for and a network of five contacts.",
            mentor_expectations="Honest feedback and two introductions.",
            mentee_expectations="Prepared agendas and action items followed up.",
            planned_end_on=factory.LazyFunction(
                lambda: timezone.localdate() + datetime.timedelta(days=180)
            ),
        )


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agreements.Goal"

    version = factory.SubFactory(AgreementVersionFactory)
    position = 1
    text = factory.Sequence(lambda n: f"Lead a quality improvement project ({n})")


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agreements.Signature"

    version = factory.SubFactory(AgreementVersionFactory)
    signer = factory.LazyAttribute(lambda s: s.version.agreement.mentorship.mentee)
    typed_name = factory.LazyAttribute(lambda s: s.signer.full_name)
    revision = factory.LazyAttribute(lambda s: s.version.revision)
    signed_at = factory.LazyFunction(timezone.now)


# Preparing (phase 1). Its imports sit with its factories so each phase owns one block.
from mentoring.preparation.models import (  # noqa: E402
    CandidateNote,
    MentorRequest,
    PlanningTemplate,
    SelfReflection,
)


class SelfReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfReflection

    author = factory.SubFactory(UserFactory)
    looking_forward_to = "Someone to think out loud with."
    strengths = "Calm under pressure."
    challenges = "Saying no."
    success = "I lead my team's next project with confidence."


class CandidateNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateNote

    author = factory.SubFactory(UserFactory)
    mentor = factory.SubFactory(MentorFactory)
    values_based = "Yes, always explains the why."


class MentorRequestFactory(factory.django.DjangoModelFactory):
    """A pending request between a mentee and a mentor enrolled in the program."""

    class Meta:
        model = MentorRequest

    program = factory.SubFactory(ProgramFactory)
    mentee = factory.SubFactory(UserFactory)
    mentor = factory.SubFactory(MentorFactory)
    why_this_mentor = "You lead the way I would like to."
    hoped_outcome = "Confidence leading a larger team."
    meeting_frequency = "An hour every two weeks"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        program, mentor, mentee = kwargs["program"], kwargs["mentor"], kwargs["mentee"]
        Participant.objects.get_or_create(
            program=program, user=mentor, role=Participant.Role.MENTOR
        )
        Participant.objects.get_or_create(
            program=program, user=mentee, role=Participant.Role.MENTEE
        )
        return super()._create(model_class, *args, **kwargs)


class PlanningTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanningTemplate

    mentorship = factory.SubFactory(MentorshipFactory)
    hoped_gain = "A sounding board."


# Enabling (phase 3): the action plan and the mid-way check-in.
from mentoring.enabling.models import ActionStep, CheckInAnswer, PlanSection  # noqa: E402


def agreement_in_effect(mentorship, goals=3, **version_fields):
    """Version 1 of the pair's agreement, filled, signed by both and in effect: the pair moves
    to Enabling as the real signatures would move it."""
    if mentorship.phase == "preparing":
        mentorship.start_negotiating()
    version = AgreementVersionFactory(
        agreement=AgreementFactory(mentorship=mentorship),
        filled=True,
        number=1,
        status="in_effect",
        in_effect_at=timezone.now(),
        **version_fields,
    )
    for position in range(1, goals + 1):
        GoalFactory(version=version, position=position, text=f"Goal {position} of the pair")
    for signer in (mentorship.mentee, mentorship.mentor):
        SignatureFactory(version=version, signer=signer)
    if mentorship.phase == "negotiating":
        mentorship.start_enabling()
    return version


class PlanSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanSection

    mentorship = factory.SubFactory(MentorshipFactory)
    position = 1
    goal_alignment = "It builds the budgeting skills my next role needs."


class ActionStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionStep

    section = factory.SubFactory(PlanSectionFactory)
    owner = "mentee"
    what = factory.Sequence(lambda n: f"Shadow a budget meeting ({n})")
    target_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    created_by = factory.LazyAttribute(lambda s: s.section.mentorship.mentee)


class CheckInAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckInAnswer

    mentorship = factory.SubFactory(MentorshipFactory)
    author = factory.LazyAttribute(lambda a: a.mentorship.mentee)
    meeting_rhythm = "Yes, every two weeks for an hour."
    following_up = "Mostly."
    do_differently = "Send the agenda earlier."
    on_track = "Yes."
    answered_at = factory.LazyFunction(timezone.now)


# Closure (phase 4): proposals to close, goal outcomes, reflections and the thank-you.
from mentoring.closure.models import (  # noqa: E402
    ClosingReflection,
    Closure,
    GoalOutcome,
    ThankYouNote,
)


class ClosureFactory(factory.django.DjangoModelFactory):
    """A pending proposal by the mentee; pass status and answered_* for other states."""

    class Meta:
        model = Closure

    mentorship = factory.SubFactory(MentorshipFactory, phase="enabling")
    reason = "goals_achieved"
    proposed_by = factory.LazyAttribute(lambda c: c.mentorship.mentee)


class GoalOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalOutcome

    goal = factory.SubFactory(GoalFactory)
    mentorship = factory.LazyAttribute(lambda o: o.goal.version.agreement.mentorship)
    author = factory.LazyAttribute(lambda o: o.mentorship.mentee)
    outcome = "achieved"


class ClosingReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosingReflection

    mentorship = factory.SubFactory(MentorshipFactory, phase="closure")
    author = factory.LazyAttribute(lambda r: r.mentorship.mentee)
    feelings = "Grateful, and a little sad it is over."


class ThankYouNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThankYouNote

    mentorship = factory.SubFactory(MentorshipFactory, phase="closure")
    text = "Thank you for every hour you gave me."


# Meetings (phase 3): meetings, agendas and 3-2-1 reflections.
from mentoring.meetings.models import Meeting, Reflection  # noqa: E402


class MeetingFactory(factory.django.DjangoModelFactory):
    """A scheduled video meeting a week from now; `held=True` puts it in the past, held."""

    class Meta:
        model = Meeting

    mentorship = factory.SubFactory(MentorshipFactory, phase="enabling")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    length_minutes = 60
    mode = "video"
    place = "https://video.example.com/room"
    scheduled_by = factory.LazyAttribute(lambda m: m.mentorship.mentee)

    class Params:
        held = factory.Trait(
            status="held",
            starts_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2)),
        )


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reflection

    meeting = factory.SubFactory(MeetingFactory, held=True)
    author = factory.LazyAttribute(lambda r: r.meeting.mentorship.mentee)
    learned_1 = "Budgets are stories about priorities."
    action_1 = "Ask for the unit's budget."
    never_forget = "Start with why."
