import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from mentoring.agreements.models import AgreementVersion, Signature
from mentoring.closure.models import ClosingReflection, GoalOutcome, ThankYouNote
from mentoring.demo.people import COORDINATOR, MENTEES, MENTORS, demo_emails
from mentoring.enabling.models import ActionStep, CheckInAnswer
from mentoring.meetings.models import AgendaQuestion, Meeting, Reflection
from mentoring.preparation.models import MentorRequest, PlanningTemplate, SelfReflection
from mentoring.programs.models import Mentorship, Participant, Phase, Program

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kick_starter_bank")]

MODELS = [
    User,
    Program,
    Mentorship,
    MentorRequest,
    AgreementVersion,
    Signature,
    ActionStep,
    Meeting,
    Reflection,
    CheckInAnswer,
    GoalOutcome,
    ThankYouNote,
]


def load_demo(*args) -> str:
    output = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("demo_data", *args, stdout=output)
    return output.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_creates_a_program_with_pairs_in_every_phase_and_prints_the_sign_ins():
    output = load_demo()
    for email in [COORDINATOR.email, MENTORS[0].email, MENTEES[0].email]:
        assert email in output
    assert "mentoring-demo" in output
    assert set(Mentorship.objects.values_list("phase", flat=True)) == set(Phase)
    assert Participant.objects.filter(role=Participant.Role.MENTEE).count() == len(MENTEES)
    assert Participant.objects.filter(role=Participant.Role.MENTOR).count() == len(MENTORS)
    people = User.objects.filter(email__in=demo_emails())
    assert all(person.department for person in people)
    assert people.values("time_zone").distinct().count() >= 5
    assert all(person.expertise for person in people.filter(open_to_mentoring=True))
    mentees = people.filter(participations__role=Participant.Role.MENTEE)
    assert all(person.growth_areas for person in mentees)


def test_running_it_again_changes_nothing():
    load_demo()
    before = counts()
    assert "already there" in load_demo()
    assert counts() == before


def test_reset_creates_it_afresh():
    load_demo()
    before = counts()
    program = Program.objects.get()
    load_demo("--reset")
    assert counts() == before
    assert Program.objects.get().pk != program.pk


def test_every_phase_has_something_to_show():
    load_demo()
    today = timezone.localdate()
    assert SelfReflection.objects.filter(completed_at__isnull=False).count() >= 5
    assert MentorRequest.objects.pending().count() == 1
    assert PlanningTemplate.objects.filter(shared_at__isnull=False).exists()
    assert PlanningTemplate.objects.filter(shared_at__isnull=True).exists()

    draft = AgreementVersion.objects.get(
        status=AgreementVersion.Status.DRAFT,
        agreement__mentorship__mentee__email="priya.mentee@example.com",
    )
    assert draft.signatures.valid().count() == 1
    in_effect = AgreementVersion.objects.filter(status=AgreementVersion.Status.IN_EFFECT)
    assert in_effect.count() == 5
    for version in in_effect:
        assert 1 <= version.goals.count() <= 3
        assert version.meeting_interval_days()
        assert version.in_effect_at < timezone.now() - datetime.timedelta(days=1)

    assert ActionStep.objects.filter(done_at__isnull=False).exists()
    assert ActionStep.objects.overdue(today).exists()
    held = Meeting.objects.held()
    assert held.exclude(notes="").exclude(agenda="").count() == held.count() > 10
    assert AgendaQuestion.objects.filter(meeting__status=Meeting.Status.HELD).exists()
    assert Reflection.objects.shared().exists()
    assert Reflection.objects.filter(shared_at__isnull=True).exists()
    assert Meeting.objects.planned().exists()
    assert AgendaQuestion.objects.filter(meeting__in=Meeting.objects.planned()).exists()
    assert CheckInAnswer.objects.filter(needs_help=True).count() == 1

    closing = Mentorship.objects.open().get(phase=Phase.CLOSURE)
    assert GoalOutcome.objects.filter(mentorship=closing).exists()
    assert ThankYouNote.objects.filter(mentorship=closing).exists()
    completed = Mentorship.objects.get(ended_at__isnull=False)
    assert ThankYouNote.objects.filter(mentorship=completed).exists()
    assert ClosingReflection.objects.filter(mentorship=completed).exists()


def test_some_pairs_are_at_risk_by_the_dashboards_rules():
    load_demo()
    now = timezone.now()
    unsigned_for_three_weeks = Mentorship.objects.filter(
        phase=Phase.NEGOTIATING, started_at__lt=now - datetime.timedelta(weeks=3)
    )
    assert unsigned_for_three_weeks.count() == 1
    with_overdue_steps = {step.section.mentorship_id for step in ActionStep.objects.overdue()}
    assert len(with_overdue_steps) == 2
    last_held = dict(
        Meeting.objects.held()
        .values_list("mentorship_id")
        .annotate(last=Max("starts_at"))
        .values_list("mentorship_id", "last")
    )
    gone_quiet = [
        version.agreement.mentorship_id
        for version in AgreementVersion.objects.filter(
            status=AgreementVersion.Status.IN_EFFECT, agreement__mentorship__phase=Phase.ENABLING
        ).select_related("agreement")
        if now - last_held[version.agreement.mentorship_id]
        > datetime.timedelta(days=2 * version.meeting_interval_days())
    ]
    assert len(gone_quiet) == 1
    healthy = Mentorship.objects.get(mentee__email="jordan.mentee@example.com")
    assert healthy.pk not in with_overdue_steps | set(gone_quiet)


def test_every_persona_sees_their_pages(client):
    load_demo()
    coordinator = User.objects.get(email=COORDINATOR.email)
    client.force_login(coordinator)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(Program.objects.get().get_absolute_url()).status_code == 200

    pages = [
        "programs:mentorship",
        "agreements:agreement",
        "enabling:action_plan",
        "enabling:check_in",
        "meetings:meetings",
        "closure:closure",
    ]
    for pair in Mentorship.objects.with_people():
        for person in (pair.mentee, pair.mentor):
            client.force_login(person)
            assert client.get(reverse("home")).status_code == 200
            for name in pages:
                response = client.get(reverse(name, args=[pair.pk]), follow=True)
                assert response.status_code == 200, (name, pair, person)
            for meeting in pair.meetings.all():
                assert client.get(meeting.get_absolute_url()).status_code == 200
    client.force_login(User.objects.get(email="noor.mentee@example.com"))
    assert client.get(reverse("preparation:sent_requests")).status_code == 200


def test_it_refuses_to_load_with_debug_off():
    with pytest.raises(CommandError, match="only with DEBUG=1"):
        call_command("demo_data", stdout=io.StringIO())
    assert not User.objects.filter(email__in=demo_emails()).exists()


def test_an_explicit_flag_loads_it_with_debug_off():
    call_command("demo_data", "--with-published-passwords-without-debug", stdout=io.StringIO())
    assert User.objects.filter(email=COORDINATOR.email).exists()
