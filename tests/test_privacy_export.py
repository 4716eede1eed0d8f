"""A copy of one's data holds every category the person wrote or may read, and nothing their
partner kept private: unique text is planted in each, then looked for in data.json and
index.html (the dashboard's privacy probe, for the export)."""

import io
import json
import zipfile

import pytest
from django.core.files.storage import storages
from django.utils import timezone

from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.meetings.models import AgendaQuestion, KickStarterQuestion
from mentoring.privacy.models import DataExport
from mentoring.privacy.services import request_export
from tests.factories import (
    ActionStepFactory,
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
    ProgramFactory,
    ReflectionFactory,
    SelfReflectionFactory,
    SignatureFactory,
    ThankYouNoteFactory,
    UserFactory,
    agreement_in_effect,
)

pytestmark = pytest.mark.django_db

BOTH, MENTEE, MENTOR, NOBODY = {"mentee", "mentor"}, {"mentee"}, {"mentor"}, set()


def export_of(user, committed) -> dict[str, str]:
    """Ask for the person's copy, let the worker build it (inline in tests), and return the
    ZIP's entries as text."""
    with committed():
        export = request_export(user=user)
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    with storages["exports"].open(export.file_name, "rb") as file:
        archive = zipfile.ZipFile(io.BytesIO(file.read()))
    return {name: archive.read(name).decode() for name in archive.namelist()}


@pytest.fixture
def planted(program, mentee, mentor, coordinator, kick_starter_bank):
    """Text in every category, each unique, with who may read it."""
    texts = {}

    def plant(label, allowed):
        text = f"PLANTED{len(texts):02d}{label.upper().replace(' ', '')}"
        texts[text] = allowed
        return text

    mentee.bio = plant("mentee bio", MENTEE)
    mentee.save(update_fields=["bio"])
    mentor.bio = plant("mentor bio", MENTOR)
    mentor.save(update_fields=["bio"])
    SelfReflectionFactory(author=mentee, strengths=plant("mentee self reflection", MENTEE))
    SelfReflectionFactory(author=mentor, strengths=plant("mentor self reflection", MENTOR))
    CandidateNoteFactory(author=mentee, mentor=mentor, aspire_to=plant("candidate note", MENTEE))
    # Another mentee's notes about the mentor are that mentee's alone.
    CandidateNoteFactory(
        author=UserFactory(), mentor=mentor, aspire_to=plant("note about mentor", NOBODY)
    )

    # An open pair in Closure, with the mentee's planning template kept to themselves.
    open_pair = MentorshipFactory(program=program, mentor=mentor, mentee=mentee)
    MentorRequestFactory(
        program=program,
        mentee=mentee,
        mentor=mentor,
        status="accepted",
        responded_at=timezone.now(),
        mentorship=open_pair,
        why_this_mentor=plant("request", BOTH),
        response_note=plant("request answer", BOTH),
    )
    PlanningTemplateFactory(mentorship=open_pair, hoped_gain=plant("unshared planning", MENTEE))
    version = agreement_in_effect(open_pair, success=plant("agreement", BOTH))
    goal = version.goals.get(position=1)
    goal.text = plant("goal", BOTH)
    goal.save(update_fields=["text"])
    version.signatures.filter(signer=mentee).update(typed_name=plant("signature", BOTH))
    section = PlanSectionFactory(mentorship=open_pair, barriers=plant("plan section", BOTH))
    ActionStepFactory(section=section, what=plant("action step", BOTH))
    meeting = MeetingFactory(
        mentorship=open_pair,
        held=True,
        agenda=plant("agenda", BOTH),
        notes=plant("meeting notes", BOTH),
    )
    question = KickStarterQuestion.objects.order_by("pk").first()
    AgendaQuestion.objects.create(meeting=meeting, question=question, position=1)
    now = timezone.now()
    for author, role in ((mentee, "mentee"), (mentor, "mentor")):
        ReflectionFactory(
            meeting=meeting, author=author, learned_2=plant(f"{role} private 321", {role})
        )
        ReflectionFactory(
            meeting=MeetingFactory(mentorship=open_pair, held=True),
            author=author,
            never_forget=plant(f"{role} shared 321", BOTH),
            shared_at=now,
        )
    # Only the mentee has answered the check-in: the mentor may not read it yet.
    CheckInAnswerFactory(
        mentorship=open_pair, author=mentee, on_track=plant("check in alone", MENTEE)
    )
    open_pair.start_closure()
    ClosureFactory(
        mentorship=open_pair,
        status="agreed",
        reason="other",
        reason_other=plant("closure reason", BOTH),
        answered_by=mentor,
        answered_at=now,
    )
    for author, role in ((mentee, "mentee"), (mentor, "mentor")):
        GoalOutcomeFactory(
            goal=goal, mentorship=open_pair, author=author, comment=plant(f"{role} outcome", BOTH)
        )
        ClosingReflectionFactory(
            mentorship=open_pair, author=author, feelings=plant(f"{role} closing", {role})
        )
    ThankYouNoteFactory(mentorship=open_pair, text=plant("thank you", BOTH))

    # An ended pair in another program: the template shared, the check-in answered by both,
    # and a request there still waiting for the coordinators, which the mentor never sees.
    other_program = ProgramFactory(coordinators=[coordinator])
    ended = MentorshipFactory(program=other_program, mentor=mentor, mentee=mentee)
    PlanningTemplateFactory(
        mentorship=ended, hoped_gain=plant("shared planning", BOTH), shared_at=now
    )
    agreement_in_effect(ended)
    for author, role in ((mentee, "mentee"), (mentor, "mentor")):
        CheckInAnswerFactory(
            mentorship=ended, author=author, on_track=plant(f"{role} check in both", BOTH)
        )
    ended.close()
    MentorRequestFactory(
        program=other_program,
        mentee=mentee,
        mentor=mentor,
        status="awaiting_approval",
        why_this_mentor=plant("request awaiting approval", MENTEE),
    )
    # A voided signature of the mentor's own, typed by them.
    SignatureFactory(
        version=version,
        signer=mentor,
        typed_name=plant("voided signature", MENTOR),
        voided_at=now,
    )

    record(Action.PAIR_VIEWED, actor=coordinator, mentorship=open_pair, detail="programs:x")
    record(Action.ENROLLED, actor=coordinator, subject=mentee, program=program)
    return texts


@pytest.mark.parametrize("side", ["mentee", "mentor"])
def test_the_copy_holds_what_the_person_may_read_and_nothing_private_of_the_partner(
    request, side, planted, committed
):
    person = request.getfixturevalue(side)
    entries = export_of(person, committed)
    assert set(entries) == {"data.json", "index.html"}
    data, html = entries["data.json"], entries["index.html"]
    json.loads(data)  # whole and well-formed
    missing, leaked = [], []
    for text, allowed in planted.items():
        if side in allowed:
            missing += [f"{text} not in {name}" for name in entries if text not in entries[name]]
        else:
            leaked += [f"{text} in {name}" for name in entries if text in entries[name]]
    assert not missing
    assert not leaked
    assert "Opened a pair&#x27;s page" in html


def test_the_json_names_every_category_with_its_questions(planted, mentee, committed):
    data = json.loads(export_of(mentee, committed)["data.json"])
    assert data["format"] == "mentoring-toolkit-data-export"
    categories = data["categories"]
    assert list(categories) == [
        "profile",
        "self_reflection",
        "candidate_notes",
        "mentor_requests_sent",
        "mentor_requests_received",
        "programs",
        "mentorships",
        "access_log",
    ]
    reflection = categories["self_reflection"]["records"][0]
    assert (
        reflection["fields"]["strengths"]["label"]
        == "What are your strengths? What motivates you?"
    )
    pairs = categories["mentorships"]["records"]
    assert [pair["your_role"] for pair in pairs] == ["Mentee", "Mentee"]
    parts = pairs[0]["parts"]
    assert set(parts) >= {"planning_template", "agreement", "meetings", "check_in", "thank_you"}
    meeting = parts["meetings"]["records"][0]
    assert meeting["fields"]["agenda_question_1"]["label"] == "Kick-starter question"
    assert {event["action"] for event in categories["access_log"]["records"]} == {
        "pair_viewed",
        "enrolled",
        "data_export_requested",
    }


def test_typed_text_is_escaped_in_the_readable_page(mentee, committed):
    SelfReflectionFactory(author=mentee, strengths='<script>alert("x")</script>\nline two')
    html = export_of(mentee, committed)["index.html"]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>line two" in html
    assert "http" not in html.split("</head>")[0]  # nothing fetched: self-contained
