"""The person's own categories: profile, self-reflection, candidate notes, mentor requests,
programs and the access log about them. Each is one query, read in chunks."""

from django.utils.translation import gettext

from accounts.models import User
from mentoring.audit.models import AccessEvent
from mentoring.preparation.models import CandidateNote, MentorRequest, SelfReflection
from mentoring.privacy.export.records import Record, answers
from mentoring.programs.models import Mentorship, Participant

CHUNK = 500

PROFILE_FIELDS = [
    "email",
    "full_name",
    "job_title",
    "department",
    "bio",
    "expertise",
    "growth_areas",
    "open_to_mentoring",
    "mentee_capacity",
    "requests_paused",
    "requests_back_on",
    "time_zone",
]


def profile(writer, user: User):
    with writer.group("profile", gettext("Your profile")):
        writer.record(
            Record(
                title=user.display_name,
                facts={"id": user.pk, "date_joined": user.date_joined},
                fields=answers(user, PROFILE_FIELDS),
            )
        )


def self_reflection(writer, user: User):
    with writer.group("self_reflection", gettext("Your self-reflection")):
        reflection = SelfReflection.objects.filter(author=user).first()
        if reflection:
            writer.record(
                Record(
                    title=gettext("Self-reflection"),
                    facts={
                        "id": reflection.pk,
                        "completed_at": reflection.completed_at,
                        "updated_at": reflection.updated_at,
                    },
                    fields=answers(reflection, SelfReflection.ANSWERS),
                )
            )


def candidate_notes(writer, user: User):
    """The notes this person wrote about possible mentors; never those others wrote about them."""
    notes = CandidateNote.objects.filter(author=user).select_related("mentor").order_by("pk")
    with writer.group("candidate_notes", gettext("Your notes on possible mentors")):
        for note in notes.iterator(chunk_size=CHUNK):
            writer.record(
                Record(
                    title=gettext("About %(name)s") % {"name": note.mentor.display_name},
                    facts={
                        "id": note.pk,
                        "mentor_id": note.mentor_id,
                        "mentor": note.mentor.display_name,
                        "updated_at": note.updated_at,
                    },
                    fields=answers(note, CandidateNote.ANSWERS),
                )
            )


def _request_record(request: MentorRequest, *, sent: bool) -> Record:
    other = request.mentor if sent else request.mentee
    names = ["why_this_mentor", "hoped_outcome", "meeting_frequency", "response_note"]
    fields = answers(request, names)
    if request.decline_reason:
        fields.append(
            ("decline_reason", gettext("Why declined"), request.get_decline_reason_display())
        )
    if sent:  # the coordinators' note is written to the mentee alone
        fields += answers(request, ["coordinator_note"])
    title = gettext("To %(name)s, %(program)s") if sent else gettext("From %(name)s, %(program)s")
    return Record(
        title=title % {"name": other.display_name, "program": request.program.name},
        facts={
            "id": request.pk,
            "program_id": request.program_id,
            "program": request.program.name,
            "mentee": request.mentee.display_name,
            "mentor": request.mentor.display_name,
            "status": request.get_status_display(),
            "created_at": request.created_at,
            "responded_at": request.responded_at,
            "mentorship_id": request.mentorship_id,
        },
        fields=fields,
    )


def mentor_requests(writer, user: User):
    requests = MentorRequest.objects.select_related("program", "mentee", "mentor").order_by(
        "created_at", "pk"
    )
    with writer.group("mentor_requests_sent", gettext("Mentor requests you sent")):
        for request in requests.filter(mentee=user).iterator(chunk_size=CHUNK):
            writer.record(_request_record(request, sent=True))
    # Those that reached the mentor: the preparation app's rule (`seen_by_mentor`).
    received = requests.filter(mentor=user).seen_by_mentor()
    with writer.group("mentor_requests_received", gettext("Mentor requests you received")):
        for request in received.iterator(chunk_size=CHUNK):
            writer.record(_request_record(request, sent=False))


def programs(writer, user: User):
    participations = (
        Participant.objects.filter(user=user).select_related("program").order_by("joined_at")
    )
    with writer.group("programs", gettext("Your programs")):
        for participant in participations.iterator(chunk_size=CHUNK):
            writer.record(
                Record(
                    title=participant.program.name,
                    facts={
                        "id": participant.pk,
                        "program_id": participant.program_id,
                        "role": participant.get_role_display(),
                        "joined_at": participant.joined_at,
                    },
                )
            )
        coordinated = user.coordinated_programs.order_by("pk")
        for program in coordinated.iterator(chunk_size=CHUNK):
            writer.record(
                Record(
                    title=program.name,
                    facts={"program_id": program.pk, "role": gettext("Coordinator")},
                )
            )


def about_them(user: User):
    """The log's events naming the person, and those the audit app lets the members of each of
    their pairs see (`about_pair_by_others`: people outside the pair looking at it)."""
    events = AccessEvent.objects.filter(subject=user)
    pairs = Mentorship.objects.of_member(user).only(
        "program_id", "mentor_id", "mentee_id", "started_at", "ended_at"
    )
    for mentorship in pairs:
        events |= AccessEvent.objects.about_pair_by_others(mentorship)
    return events


def access_log(writer, user: User):
    events = about_them(user).select_related("actor").order_by("at", "pk")
    with writer.group("access_log", gettext("Who has looked at or changed your records")):
        for event in events.iterator(chunk_size=CHUNK):
            own = event.actor_id == user.pk
            writer.record(
                Record(
                    title=event.get_action_display(),
                    facts={
                        "id": event.pk,
                        "at": event.at,
                        "action": event.action,
                        "by": event.actor.display_name if event.actor else gettext("The system"),
                        "program_id": event.program_id,
                        "mentorship_id": event.mentorship_id,
                        "detail": event.detail,
                        # Someone else's address is theirs, not the person's.
                        "ip_address": event.ip_address if own else None,
                    },
                )
            )
