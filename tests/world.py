"""The world the authorization matrix and the form fuzzing run in: one set of objects.

The same mentee and mentor in a pair at each phase (each pair in its own program, as one open
pair per program allows), every program coordinated by the coordinator, and around them the
things a URL names (a meeting, a step, a proposal, a request, a token...).
"""

import base64
import types

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.test import Client, RequestFactory
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mentoring.branding.models import Branding
from mentoring.enrolment.join_links import create_join_link
from mentoring.enrolment.models import JoinRequest, ProgramInvitation
from mentoring.health.models import Fit, FitCheck, PulseSurvey
from mentoring.meetings import services as meeting_services
from mentoring.meetings.models import KickStarterQuestion
from mentoring.preparation.models import MentorRequest
from mentoring.privacy.models import EXPORT_LIFETIME, DataExport
from mentoring.provisioning.models import DirectoryGroup, ProvisionedAccount, ProvisioningToken
from mentoring.provisioning.services import add_program_group
from mentoring.reminders.links import opt_out_token
from mentoring.reminders.models import Kind, OptOut, Reminder
from tests.factories import (
    ActionStepFactory,
    AgreementFactory,
    AgreementVersionFactory,
    CandidateNoteFactory,
    CheckInAnswerFactory,
    ClosingReflectionFactory,
    ClosureFactory,
    GoalFactory,
    MeetingFactory,
    MentorFactory,
    MentorRequestFactory,
    MentorshipFactory,
    PlanningTemplateFactory,
    PlanSectionFactory,
    ProgramFactory,
    ReflectionFactory,
    SelfReflectionFactory,
    UserFactory,
    agreement_in_effect,
)

# A 1x1 transparent PNG.
PNG_LOGO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)

# The columns of the matrix, in order.
PERSONAS = [
    "anonymous",
    "mentee",  # the mentee of every pair below
    "mentor",  # their mentor
    "other_member",  # the mentee of another pair, in the same program as `preparing`
    "coordinator",  # coordinates every program below
    "other_coordinator",  # coordinates another program
    "staff",  # is_staff and superuser, and nothing else
]


def secret(label: str) -> str:
    """Text whose author wrote it for few eyes: the matrix looks for it in every page."""
    return f"[private {label}]"


class World(types.SimpleNamespace):
    def __repr__(self):
        return "<the world of tests/world.py>"  # short, in a failing example's report


def with_totp(user):
    """The user with an authenticator app set up, as staff and coordinators must have."""
    TOTP.activate(user, generate_totp_secret())
    return user


def signed_in(user) -> Client:
    """A client for the persona; one with an authenticator has passed its two-factor step too,
    so the matrix tests authorization, not the prompt to set up or use two factors."""
    client = Client()
    if user is None:
        return client
    client.force_login(user)
    authenticator = Authenticator.objects.filter(user=user).first()
    if authenticator is not None:
        request = RequestFactory().get("/")
        request.session = client.session
        record_authentication(request, user, "password", email=user.email)
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
        request.session.save()
    return client


def fetch(client, method, url, data=None, follow=False):
    """One request, rolled back so the next meets the same world; a server error raises here,
    with its traceback."""
    with transaction.atomic():
        response = getattr(client, method)(url, data or {}, follow=follow)
        # A streamed body (the CSV export) runs its queries as it is read: read it inside.
        response.body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        )
        transaction.set_rollback(True)
    return response


def build_world(*, program, pair, mentee, mentor, coordinator, stranger, other_coordinator):
    """Every object the URLs' kwargs name, from the conftest personas; `pair` is Preparing.

    `private` maps text each page must not show to who may see it.
    """
    staff = with_totp(UserFactory(full_name="Sid Staff", is_staff=True, is_superuser=True))
    with_totp(coordinator)
    with_totp(other_coordinator)
    mentor.mentee_capacity = 10  # one pair with the mentee in each phase, and more
    mentor.save(update_fields=["mentee_capacity"])
    mentee_only, the_pair = {"mentee"}, {"mentee", "mentor"}
    private = {}

    def keep(text, allowed):
        private[text] = allowed
        return text

    def pair_in_own_program(**program_fields):
        own = ProgramFactory(coordinators=[coordinator], **program_fields)
        return MentorshipFactory(program=own, mentor=mentor, mentee=mentee)

    SelfReflectionFactory(author=mentee, strengths=keep(secret("self-reflection"), mentee_only))
    CandidateNoteFactory(
        author=mentee, mentor=mentor, values_based=keep(secret("candidate note"), mentee_only)
    )
    # A member of another pair: in the same program as `pair`, so sharing a program opens
    # nothing of someone else's pair.
    other_pair = MentorshipFactory(program=program, mentee=stranger, mentor=MentorFactory())
    PlanningTemplateFactory(
        mentorship=pair,
        hoped_gain=keep(secret("shared planning template"), the_pair),
        shared_at=timezone.now(),
    )

    negotiating = pair_in_own_program()
    negotiating.start_negotiating()
    draft = AgreementVersionFactory(
        agreement=AgreementFactory(mentorship=negotiating),
        number=1,
        filled=True,
        confidentiality=keep(secret("draft agreement"), the_pair),
    )
    GoalFactory(version=draft)  # ready to sign

    enabling = pair_in_own_program(coordinators_see_agreement_pdf=True)
    agreement_in_effect(enabling)
    step = ActionStepFactory(section=PlanSectionFactory(mentorship=enabling), owner="mentee")
    meeting = MeetingFactory(mentorship=enabling, notes=keep(secret("meeting notes"), the_pair))
    question = KickStarterQuestion.objects.order_by("pk").first()
    meeting_services.add_question(meeting=meeting, user=mentee, question=question)
    held = MeetingFactory(mentorship=enabling, held=True)
    ReflectionFactory(
        meeting=held, author=mentee, learned_1=keep(secret("unshared 3-2-1"), mentee_only)
    )
    # Only the mentee has answered, so the mentor does not see the answers yet.
    CheckInAnswerFactory(
        mentorship=enabling,
        author=mentee,
        do_differently=keep(secret("check-in answered alone"), mentee_only),
    )
    FitCheck.objects.create(
        mentorship=enabling,
        author=mentee,
        answer=Fit.NOT_A_FIT,
        why=keep(secret("fit check reason"), mentee_only),
        answered_at=timezone.now(),
    )
    PulseSurvey.objects.create(
        mentorship=enabling,
        author=mentee,
        round=1,
        value=4,
        follow_up=3,
        cadence=2,
        comment=keep(secret("unshared pulse comment"), mentee_only),
        answered_at=timezone.now(),
    )
    proposal = ClosureFactory(mentorship=enabling)

    in_closure = pair_in_own_program()
    agreement_in_effect(in_closure)
    ClosureFactory(
        mentorship=in_closure, status="agreed", answered_by=mentor, answered_at=timezone.now()
    )
    in_closure.start_closure()
    ClosingReflectionFactory(
        mentorship=in_closure,
        author=mentee,
        feelings=keep(secret("closing reflection"), mentee_only),
    )
    goal = in_closure.agreement.versions.get().goals.order_by("position").first()

    ended = pair_in_own_program()
    agreement_in_effect(ended)
    ended.close()

    # A request waiting for the mentor (in the Negotiating pair's program, where the mentee has
    # none waiting), and one waiting for the coordinators' approval in `program`: coordinators
    # see who asked whom, never what the mentee wrote.
    sent = MentorRequestFactory(
        program=negotiating.program,
        mentee=mentee,
        mentor=mentor,
        why_this_mentor=keep(secret("request seen by the mentor"), the_pair),
    )
    program.requires_approval = True
    program.save(update_fields=["requires_approval"])
    to_approve = MentorRequestFactory(
        program=program,
        mentee=mentee,
        mentor=mentor,
        status=MentorRequest.Status.AWAITING_APPROVAL,
        why_this_mentor=keep(secret("request awaiting approval"), mentee_only),
    )

    # An invitation to join another program, waiting for the mentee's answer.
    invitation = ProgramInvitation.objects.create(
        program=ProgramFactory(coordinators=[coordinator]),
        user=mentee,
        role="mentor",
        invited_by=coordinator,
    )

    # A join link of a program none of the personas is in, so each may join it; and someone
    # who joined `program` by its link, waiting for the coordinators' approval.
    _, join_token = create_join_link(
        program=ProgramFactory(coordinators=[coordinator]), created_by=coordinator
    )
    join_request = JoinRequest.objects.create(
        program=program, user=UserFactory(full_name="Jo Joiner"), role="mentee"
    )

    # The mentor, provisioned by a directory that has them in a group naming the program's
    # mentors.
    token = ProvisioningToken(name="World directory")
    token.issue()
    token.save()
    ProvisionedAccount.objects.create(user=mentor, user_name=mentor.email, token=token)
    DirectoryGroup.objects.create(display_name="World mentors").members.add(mentor)
    program_group = add_program_group(program=program, group_name="World mentors", role="mentor")

    # What only the admin lists: one of each, so every admin change page has an object.
    Group.objects.create(name="Coordinators")
    # The branding row, with a logo and a colour, so its two public URLs have something to serve.
    Branding.objects.create(
        name="Northern Health", primary_colour="#0b5394", logo=PNG_LOGO, logo_type="image/png"
    )
    OptOut.objects.create(user=mentor, kind=Kind.STEP_OVERDUE)
    Reminder.objects.create(
        kind=Kind.MEETING_TOMORROW, recipient=mentee, key=f"meeting:{meeting.pk}"
    )
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="mentoring.lib.email.send_email",
        backend_name="default",
        run_after=timezone.now(),
    )

    # An identity provider the mentee signs in with (nothing fetches from it: its URL is a
    # closed port).
    identity_provider = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="world-idp",
        name="World Health Authority",
        client_id="world-client",
        secret="world-secret",
        settings={"server_url": "http://127.0.0.1:9/o"},
    )
    SocialAccount.objects.create(
        user=mentee,
        provider="world-idp",
        uid="mentee-at-the-provider",
        extra_data={"userinfo": {"email": mentee.email, "name": mentee.full_name}},
    )
    return World(
        identity_provider=identity_provider,
        personas={
            "anonymous": None,
            "mentee": mentee,
            "mentor": mentor,
            "other_member": stranger,
            "coordinator": coordinator,
            "other_coordinator": other_coordinator,
            "staff": staff,
        },
        private=private,
        program=program,
        preparing=pair,
        other_pair=other_pair,
        other_program=other_coordinator.coordinated_programs.get(),
        negotiating=negotiating,
        enabling=enabling,
        in_closure=in_closure,
        ended=ended,
        step=step,
        meeting=meeting,
        question=question,
        held=held,
        proposal=proposal,
        goal=goal,
        sent=sent,
        to_approve=to_approve,
        invitation=invitation,
        join_token=join_token,
        join_request=join_request,
        program_group=program_group,
        feed_token=meeting_services.renew_calendar_feed(user=mentee),
        opt_out_token=opt_out_token(mentee, Kind.MEETING_TOMORROW),
    )


def ready_export(user) -> DataExport:
    """A copy of the user's data, ready to download, its file a stand-in: made only for the
    URL that names it (tests/test_privacy_export*.py build real ones)."""
    name = storages["exports"].save(f"{user.pk}/world.zip", ContentFile(b"PK\x05\x06"))
    now = timezone.now()
    return DataExport.objects.create(
        user=user,
        status=DataExport.Status.READY,
        finished_at=now,
        expires_at=now + EXPORT_LIFETIME,
        file_name=name,
        size=4,
    )


# What each URL's kwargs come from: the `objects` column of the matrix.
KWARGS = {
    "-": lambda w: {},
    "prog": lambda w: {"pk": w.program.pk},
    "prep": lambda w: {"pk": w.preparing.pk},
    "neg": lambda w: {"pk": w.negotiating.pk},
    "enab": lambda w: {"pk": w.enabling.pk},
    "clos": lambda w: {"pk": w.in_closure.pk},
    "ended": lambda w: {"pk": w.ended.pk},
    "dir": lambda w: {"program_pk": w.program.pk},
    "cand": lambda w: {"program_pk": w.program.pk, "mentor_pk": w.preparing.mentor_id},
    "sent": lambda w: {"pk": w.sent.pk},
    "appr": lambda w: {"pk": w.program.pk, "request_pk": w.to_approve.pk},
    "invit": lambda w: {"invitation_pk": w.invitation.pk},
    "joinlink": lambda w: {"token": w.join_token},
    "joinreq": lambda w: {"pk": w.program.pk, "join_pk": w.join_request.pk},
    # A participant of the program (its first), and its coordinator as one of its coordinators
    # (tests/test_participants.py, tests/test_program_management.py).
    "part": lambda w: {
        "pk": w.program.pk,
        "participant_pk": w.program.participants.order_by("pk").first().pk,
    },
    "coord": lambda w: {"pk": w.program.pk, "person_pk": w.personas["coordinator"].pk},
    "ver": lambda w: {"pk": w.enabling.pk, "number": 1},
    "goal1": lambda w: {"pk": w.enabling.pk, "position": 1},
    "steps": lambda w: {"pk": w.enabling.pk, "position": 1, "owner": "mentee"},
    "step": lambda w: {"pk": w.enabling.pk, "step": w.step.pk},
    "meet": lambda w: {"pk": w.enabling.pk, "meeting_id": w.meeting.pk},
    "quest": lambda w: {
        "pk": w.enabling.pk,
        "meeting_id": w.meeting.pk,
        "question_id": w.question.pk,
    },
    "held": lambda w: {"pk": w.enabling.pk, "meeting_id": w.held.pk},
    "prop": lambda w: {"pk": w.enabling.pk, "closure_pk": w.proposal.pk},
    "goal": lambda w: {"pk": w.in_closure.pk, "goal_pk": w.goal.pk},
    "feed": lambda w: {"token": w.feed_token},
    "optout": lambda w: {"token": w.opt_out_token},
    "export": lambda w: {"pk": ready_export(w.personas["mentee"]).pk},
    "idp": lambda w: {"provider_id": w.identity_provider.provider_id},
    "pgroup": lambda w: {"pk": w.program.pk, "group_pk": w.program_group.pk},
}
