"""The privacy probe: nothing a pair writes reaches a page or export a coordinator can load."""

import io
import itertools

import pytest
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from pypdf import PdfReader

from mentoring.agreements.models import AgreementVersion, Goal
from mentoring.closure.models import ClosingReflection, Closure, GoalOutcome, ThankYouNote
from mentoring.dashboard import views
from mentoring.enabling.models import ActionStep, CheckInAnswer, PlanSection
from mentoring.meetings.models import (
    AgendaQuestion,
    KickStarterCategory,
    KickStarterQuestion,
    Meeting,
    Reflection,
)
from mentoring.preparation.models import (
    CandidateNote,
    MentorRequest,
    PlanningTemplate,
    SelfReflection,
)
from tests.factories import (
    ActionStepFactory,
    AgreementVersionFactory,
    CandidateNoteFactory,
    CheckInAnswerFactory,
    ClosingReflectionFactory,
    ClosureFactory,
    GoalOutcomeFactory,
    MeetingFactory,
    MentorRequestFactory,
    MentorshipFactory,
    PlanningTemplateFactory,
    PlanSectionFactory,
    ReflectionFactory,
    SelfReflectionFactory,
    ThankYouNoteFactory,
    agreement_in_effect,
)
from tests.helpers import DAY, dashboard_url, export_url, meeting_held_days_ago

pytestmark = pytest.mark.django_db


# The privacy probe: unique text in every free-text field of what pairs write, then every page
# a coordinator can load, none of which may show any of it.

PRIVATE_MODELS = [
    SelfReflection,
    CandidateNote,
    MentorRequest,
    PlanningTemplate,
    AgreementVersion,
    Goal,
    PlanSection,
    ActionStep,
    CheckInAnswer,
    Meeting,
    Reflection,
    ClosingReflection,
    GoalOutcome,
    ThankYouNote,
    Closure,
]


def free_text_fields(model) -> list[models.Field]:
    """The fields people type into: text and char fields without a fixed list of choices.

    Found by type, not by name, so a field added later is probed too."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


class Planter:
    def __init__(self):
        self.secrets: dict[str, str] = {}

    def plant(self, obj):
        """Fill every free-text field of `obj` with a text found nowhere else, and save it."""
        model = type(obj).__name__
        for field in free_text_fields(type(obj)):
            text = f"Secret{len(self.secrets):03d}x{model}x{field.name}"
            self.secrets[text] = f"{model}.{field.name} #{len(self.secrets)}"
            setattr(obj, field.name, text)
        obj.save()
        return obj


def rich_pair(program, planter):
    """A pair in Enabling that wrote in every place: agreement and an amendment draft, plan,
    steps, check-in with a call for help, meetings with agendas, notes and reflections."""
    pair = MentorshipFactory(program=program, started_at=timezone.now() - 60 * DAY)
    planter.plant(SelfReflectionFactory(author=pair.mentee))
    planter.plant(CandidateNoteFactory(author=pair.mentee, mentor=pair.mentor))
    planter.plant(
        MentorRequestFactory(
            program=program,
            mentee=pair.mentee,
            mentor=pair.mentor,
            status="accepted",
            responded_at=timezone.now(),
            mentorship=pair,
        )
    )
    planter.plant(PlanningTemplateFactory(mentorship=pair))
    version = agreement_in_effect(pair)
    planter.plant(version)
    for goal in version.goals.all():
        planter.plant(goal)
    draft = planter.plant(
        AgreementVersionFactory(agreement=version.agreement, number=2, filled=True)
    )
    planter.plant(Goal.objects.create(version=draft, position=1, text="x"))
    for position in (1, 2):
        section = planter.plant(PlanSectionFactory(mentorship=pair, position=position))
        for owner, target in [("mentee", -DAY), ("mentor", 9 * DAY)]:
            planter.plant(
                ActionStepFactory(
                    section=section, owner=owner, target_on=timezone.localdate() + target
                )
            )
    planter.plant(CheckInAnswerFactory(mentorship=pair, author=pair.mentee, needs_help=True))
    planter.plant(CheckInAnswerFactory(mentorship=pair, author=pair.mentor))
    category = KickStarterCategory.objects.create(name="Probe", slug="probe", position=99)
    question = KickStarterQuestion.objects.create(
        category=category, position=1, text="SecretKickStarterOnAnAgenda"
    )
    held = planter.plant(meeting_held_days_ago(pair, 3))
    AgendaQuestion.objects.create(meeting=held, question=question, position=1)
    planter.plant(ReflectionFactory(meeting=held, author=pair.mentee))
    planter.plant(ReflectionFactory(meeting=held, author=pair.mentor, shared_at=timezone.now()))
    planter.plant(MeetingFactory(mentorship=pair))
    return pair, question


def closing_pair(program, planter):
    """A pair in Closure: a declined and an agreed proposal with other reasons, outcomes,
    reflections, the thank-you, and a planning template shared with the mentor."""
    pair = MentorshipFactory(program=program, started_at=timezone.now() - 200 * DAY)
    planter.plant(PlanningTemplateFactory(mentorship=pair, shared_at=timezone.now()))
    version = agreement_in_effect(pair)
    planter.plant(version)
    goal = planter.plant(version.goals.first())
    answered = {
        "answered_by": pair.mentor,
        "answered_at": timezone.now(),
        "reason": "other",
        "reason_other": "x",
    }
    planter.plant(ClosureFactory(mentorship=pair, status="declined", **answered))
    pair.start_closure()
    planter.plant(ClosureFactory(mentorship=pair, status="agreed", **answered))
    for author in (pair.mentee, pair.mentor):
        planter.plant(GoalOutcomeFactory(goal=goal, mentorship=pair, author=author))
        planter.plant(ClosingReflectionFactory(mentorship=pair, author=author))
    planter.plant(ThankYouNoteFactory(mentorship=pair))
    return pair


def url_patterns(resolver=None, namespace="", outer=()):
    """(name for reverse, its keyword arguments) for every named URL pattern of the project,
    the arguments of the includes around it too."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        arguments = (*outer, *pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, inner, arguments)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", list(arguments)


def page_text(response) -> str:
    if response.get("Content-Type", "").startswith("application/pdf"):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        reader = PdfReader(io.BytesIO(content))
        return " ".join(page.extract_text() for page in reader.pages)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def test_nothing_a_pair_writes_reaches_a_page_or_export_a_coordinator_can_load(
    client_for, coordinator, program
):
    planter = Planter()
    pair, agenda_question = rich_pair(program, planter)
    closing = closing_pair(program, planter)
    ended = closing_pair(program, planter)
    ended.close()
    waiting = MentorRequestFactory(program=program, mentor=pair.mentor)
    planter.plant(waiting)
    awaiting = MentorRequestFactory(
        program=program, mentor=pair.mentor, status=MentorRequest.Status.AWAITING_APPROVAL
    )
    planter.plant(awaiting)
    planted_models = {label.split(".")[0] for label in planter.secrets.values()}
    assert planted_models == {model.__name__ for model in PRIVATE_MODELS}

    # Every URL of the project with every value that fits its arguments: the program, the
    # pairs, their meetings, steps, goals, closures and agreement versions.
    meetings = list(Meeting.objects.values_list("pk", flat=True))
    values = {
        "pk": [program.pk, pair.pk, closing.pk, ended.pk, waiting.pk],
        "program_pk": [program.pk],
        "request_pk": [waiting.pk, awaiting.pk],
        "mentor_pk": [pair.mentor_id],
        "meeting_id": meetings,
        "number": [1, 2],
        "position": [1, 2],
        "owner": ["mentee", "mentor"],
        "step": list(ActionStep.objects.values_list("pk", flat=True)),
        "goal_pk": list(Goal.objects.values_list("pk", flat=True)),
        "closure_pk": list(Closure.objects.values_list("pk", flat=True)),
        "question_id": [agenda_question.pk],
    }
    urls = {reverse("home"), program.get_absolute_url()}
    for name, arguments in url_patterns():
        if name.startswith("admin:") or any(argument not in values for argument in arguments):
            continue
        for combination in itertools.product(*(values[argument] for argument in arguments)):
            urls.add(reverse(name, kwargs=dict(zip(arguments, combination, strict=True))))
    filters = [{"phase": phase} for phase in ("preparing", "negotiating", "enabling", "closure")]
    filters += [{"at_risk": "yes"}, {"at_risk": "no"}, {"mentor": pair.mentor_id}]
    filters += [{"department": "Vancouver General"}, {"q": pair.mentee.full_name.split()[0]}]
    filters += [{"sort": key} for key in views.SORTS]
    for params in filters:
        urls.add(dashboard_url(program, **params))
        urls.add(export_url(program, **params))

    client = client_for(coordinator)
    loaded = {}
    for url in sorted(urls):
        response = client.get(url)
        if response.status_code == 200:
            loaded[url] = page_text(response)
    assert {
        reverse("home"),
        program.get_absolute_url(),
        dashboard_url(program),
        export_url(program),
        pair.get_absolute_url(),
        closing.get_absolute_url(),
        reverse("enrolment:requests", args=[program.pk]),
        reverse("enrolment:decline_request", args=[program.pk, awaiting.pk]),
    } <= set(loaded)

    leaks = [
        (url, label)
        for url, text in loaded.items()
        for secret, label in planter.secrets.items()
        if secret in text
    ]
    assert leaks == []
    # The kick-starter bank is the toolkit's, open to all; which question a pair put on an
    # agenda is theirs.
    bank = reverse("meetings:kick_starters")
    assert [url for url, text in loaded.items() if agenda_question.text in text] in ([], [bank])
