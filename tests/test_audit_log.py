"""The access log records every listed action where it happens, and never what anyone wrote.

The pages staff and pairs read it on: tests/test_audit_pages.py.
"""

import pytest
from django.urls import reverse

from mentoring.agreements.models import Goal
from mentoring.audit.models import AccessEvent, Action, AppendOnlyError
from mentoring.closure import services as closure_services
from mentoring.closure.models import Reason
from mentoring.enrolment import coordinators, join_links, participants
from mentoring.enrolment import services as enrolment_services
from mentoring.enrolment.csv_import import Invitee
from mentoring.enrolment.models import CoordinatorInvitation, JoinRequest, ProgramInvitation
from mentoring.preparation import services as preparation_services
from mentoring.programs.models import Participant
from mentoring.programs.services import create_mentorship
from tests.factories import (
    PASSWORD,
    MeetingFactory,
    MentorFactory,
    ParticipantFactory,
    PlanningTemplateFactory,
    UserFactory,
)
from tests.helpers import agreements_url, closure_url, enabling_url, save_draft, sign_version

# Planted in what people write; no column of any event may ever hold it.
PLANTED = "zq7-planted-words"


def events(action, **filters):
    return list(AccessEvent.objects.filter(action=action, **filters))


def only(action, **filters) -> AccessEvent:
    found = events(action, **filters)
    assert len(found) == 1, found
    return found[0]


class TestPairViews:
    def test_a_coordinator_opening_the_pairs_page_is_recorded_with_the_page(
        self, client_for, pair, coordinator
    ):
        assert client_for(coordinator).get(pair.get_absolute_url()).status_code == 200
        event = only(Action.PAIR_VIEWED)
        assert (event.actor, event.mentorship_id, event.program_id) == (
            coordinator,
            pair.pk,
            pair.program_id,
        )
        assert event.detail == "programs:mentorship"
        assert event.ip_address == "127.0.0.1"

    def test_the_coordinators_close_form_is_a_pair_page_too(self, client_for, pair, coordinator):
        client_for(coordinator).get(closure_url("coordinator_close", pair))
        assert only(Action.PAIR_VIEWED).detail == "closure:coordinator_close"

    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    def test_members_opening_their_pair_are_not_recorded(self, request, client_for, pair, persona):
        client_for(request.getfixturevalue(persona)).get(pair.get_absolute_url())
        assert not events(Action.PAIR_VIEWED)

    def test_a_page_refused_to_the_coordinator_is_not_recorded(
        self, client_for, draft, coordinator
    ):
        response = client_for(coordinator).get(
            agreements_url("agreement", draft.agreement.mentorship)
        )
        assert response.status_code == 404
        assert not events(Action.PAIR_VIEWED)

    def test_only_reading_is_a_view(self, client_for, pair, coordinator):
        client_for(coordinator).post(reverse("programs:start_negotiating", args=[pair.pk]))
        assert not events(Action.PAIR_VIEWED)


class TestDownloads:
    def test_every_pdf_is_recorded_with_its_kind(self, client_for, closed, mentee):
        PlanningTemplateFactory(mentorship=closed)
        client = client_for(mentee)
        for url in [
            reverse("preparation:planning_pdf", args=[closed.pk]),
            reverse("agreements:version_pdf", args=[closed.pk, 1]),
            enabling_url("action_plan_pdf", closed),
            closure_url("certificate", closed),
            closure_url("portfolio", closed),
        ]:
            assert client.get(url)["Content-Type"] == "application/pdf", url
        downloads = events(Action.PDF_DOWNLOADED, actor=mentee, mentorship_id=closed.pk)
        assert sorted(event.detail for event in downloads) == [
            "action_plan",
            "agreement v1",
            "certificate",
            "planning_template",
            "portfolio",
        ]

    def test_a_coordinators_agreement_pdf_is_one_download_not_also_a_view(
        self, client_for, enabling, coordinator
    ):
        enabling.program.coordinators_see_agreement_pdf = True
        enabling.program.save()
        response = client_for(coordinator).get(
            reverse("agreements:version_pdf", args=[enabling.pk, 1])
        )
        assert response.status_code == 200
        assert only(Action.PDF_DOWNLOADED).actor == coordinator
        assert not events(Action.PAIR_VIEWED)

    def test_the_dashboard_csv_is_recorded_for_its_program(self, client_for, pair, coordinator):
        response = client_for(coordinator).get(reverse("dashboard:export", args=[pair.program_id]))
        b"".join(response.streaming_content)
        event = only(Action.CSV_DOWNLOADED)
        assert (event.actor, event.program_id, event.detail) == (
            coordinator,
            pair.program_id,
            "dashboard",
        )


class TestEnrolment:
    def test_inviting_one_person_names_them(self, program, coordinator):
        invitee = Invitee(2, "new@example.com", "New Person", Participant.Role.MENTEE, "")
        enrolment_services.invite_participants(
            program=program, invitees=[invitee], invited_by=coordinator
        )
        event = only(Action.ENROLLED)
        assert (event.actor, event.subject.email, event.detail) == (
            coordinator,
            "new@example.com",
            "invited 1",
        )

    def test_a_bulk_import_is_one_event_with_its_count(self, program, coordinator):
        invitees = [
            Invitee(line, f"p{line}@example.com", "", Participant.Role.MENTEE, "")
            for line in range(2, 7)
        ]
        enrolment_services.invite_participants(
            program=program, invitees=invitees, invited_by=coordinator
        )
        event = only(Action.ENROLLED)
        assert (event.subject, event.detail, event.program_id) == (None, "invited 5", program.pk)

    def test_accepting_an_invitation(self, program, coordinator, mentee):
        invitation = ProgramInvitation.objects.create(
            program=program, user=mentee, role=Participant.Role.MENTEE, invited_by=coordinator
        )
        enrolment_services.accept_invitation(invitation=invitation)
        assert only(Action.ENROLLED, subject=mentee).detail == "invitation accepted"

    def test_joining_by_link_and_being_approved(self, client_for, program, coordinator):
        link, _ = join_links.create_join_link(program=program, created_by=coordinator)
        joiner, waiter = UserFactory(), UserFactory()
        join_links.join_program(link=link, user=joiner, role=Participant.Role.MENTEE)
        assert only(Action.ENROLLED, subject=joiner).actor == joiner
        join_request = JoinRequest.objects.create(
            program=program, user=waiter, role=Participant.Role.MENTEE, link=link
        )
        # Approved through the site: the coordinator signed in is who did it.
        client_for(coordinator).post(
            reverse("enrolment:approve_join", args=[program.pk, join_request.pk])
        )
        event = only(Action.ENROLLED, subject=waiter)
        assert (event.actor, event.detail) == (coordinator, "join approved")

    def test_a_coordinator_added_and_removed(self, program, coordinator):
        colleague = UserFactory()
        invitation = CoordinatorInvitation.objects.create(
            program=program, user=colleague, invited_by=coordinator
        )
        coordinators.accept_coordination(invitation=invitation)
        assert only(Action.ENROLLED, subject=colleague).detail == "coordinator"
        coordinators.remove_coordinator(program=program, person=colleague)
        assert only(Action.REMOVED, subject=colleague).detail == "coordinator"

    def test_removing_a_participant_records_the_removal_and_the_closure(
        self, pair, coordinator, mentee
    ):
        participant = Participant.objects.get(program=pair.program, user=mentee)
        participants.remove_participant(
            participant=participant, coordinator=coordinator, reason=Reason.TIME_TO_MOVE_ON
        )
        event = only(Action.REMOVED)
        assert (event.actor, event.subject, event.detail) == (coordinator, mentee, "mentee")
        closed = only(Action.CLOSED_BY_COORDINATOR)
        assert (closed.mentorship_id, closed.detail) == (pair.pk, "time_to_move_on")


class TestPairing:
    def test_a_mentor_accepting_a_request_pairs_them(self, mentor_request):
        pair = preparation_services.accept_mentor_request(mentor_request=mentor_request)
        assert only(Action.PAIRED).mentorship_id == pair.pk

    def test_a_coordinator_pairing_through_the_site(self, client_for, enrolled, coordinator):
        mentor, mentee = MentorFactory(), UserFactory()
        ParticipantFactory(program=enrolled, user=mentor, role=Participant.Role.MENTOR)
        ParticipantFactory(program=enrolled, user=mentee, role=Participant.Role.MENTEE)
        client_for(coordinator).post(
            reverse("programs:new_pair", args=[enrolled.pk]),
            {"mentor": mentor.pk, "mentee": mentee.pk},
        )
        assert only(Action.PAIRED).actor == coordinator


class TestAgreements:
    def test_signing_and_edits_that_void_signatures(self, draft, mentee):
        sign_version(draft, mentee)
        event = only(Action.AGREEMENT_SIGNED)
        assert (event.actor, event.detail) == (mentee, "v1")
        save_draft(draft, mentee, goal_1="A changed goal")
        voided = only(Action.AGREEMENT_VOIDED)
        assert (voided.actor, voided.detail) == (mentee, "v1 edited: 1 signatures")

    def test_an_amendment_in_effect_supersedes_the_version_before(self, in_effect, mentee, mentor):
        from mentoring.agreements import services as agreement_services

        amendment = agreement_services.amend(agreement=in_effect.agreement, user=mentee)
        sign_version(amendment, mentee)
        sign_version(amendment, mentor)
        assert only(Action.AGREEMENT_VOIDED).detail == "v1 superseded by v2"


@pytest.mark.django_db
class TestSignIns:
    def test_a_sign_in(self, client):
        person = UserFactory(email="known@example.com")
        client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
        assert only(Action.SIGNED_IN).actor == person

    def test_a_failed_sign_in_names_the_account_but_keeps_nothing_typed(self, client):
        person = UserFactory(email="known@example.com")
        client.post(reverse("account_login"), {"login": "KNOWN@example.com", "password": PLANTED})
        client.post(reverse("account_login"), {"login": f"{PLANTED}@example.com", "password": "x"})
        failed = events(Action.SIGN_IN_FAILED)
        assert [(event.actor, event.subject) for event in failed] == [(None, None), (None, person)]
        assert_nothing_planted()

    def test_the_first_admin_page_after_signing_in(self, client_for):
        staff = UserFactory(is_staff=True, is_superuser=True)
        client = client_for(staff)
        assert client.get(reverse("admin:index")).status_code == 200
        client.get(reverse("admin:index"))
        assert only(Action.ADMIN_SIGNED_IN).actor == staff


def assert_nothing_planted():
    names = [field.attname for field in AccessEvent._meta.concrete_fields]
    for row in AccessEvent.objects.values_list(*names):
        assert not any(PLANTED in str(value) for value in row), row


def test_no_event_holds_what_anyone_wrote(client_for, enabling, coordinator, mentee, mentor):
    """Planted text in the pair's agreement, plan, meetings, closing reason and people; the
    actions that log; then every column of every event."""
    enabling.mentee.department = PLANTED
    enabling.mentee.save()
    Goal.objects.filter(version__agreement__mentorship=enabling).update(text=PLANTED)
    PlanningTemplateFactory(mentorship=enabling, hoped_gain=PLANTED)
    MeetingFactory(mentorship=enabling, agenda=PLANTED)
    enabling.program.coordinators_see_agreement_pdf = True
    enabling.program.save()
    coordinator_client = client_for(coordinator)
    coordinator_client.get(enabling.get_absolute_url())
    coordinator_client.get(reverse("agreements:version_pdf", args=[enabling.pk, 1]))
    b"".join(
        coordinator_client.get(
            reverse("dashboard:export", args=[enabling.program_id]), {"q": PLANTED}
        ).streaming_content
    )
    invitee = Invitee(2, "planted@example.com", PLANTED, Participant.Role.MENTEE, PLANTED)
    enrolment_services.invite_participants(
        program=enabling.program, invitees=[invitee], invited_by=coordinator
    )
    closure_services.close_by_coordinator(
        mentorship=enabling, coordinator=coordinator, reason=Reason.OTHER, reason_other=PLANTED
    )
    staff = UserFactory(is_staff=True)
    b"".join(
        client_for(staff).get(reverse("audit:log_csv"), {"person": PLANTED}).streaming_content
    )
    pair = create_mentorship(program=enabling.program, mentor=mentor, mentee=mentee)
    assert AccessEvent.objects.filter(mentorship_id=pair.pk, action=Action.PAIRED).exists()
    assert AccessEvent.objects.count() >= 6
    assert_nothing_planted()


class TestAppendOnly:
    def test_an_event_is_never_changed_or_deleted(self, client_for, pair, coordinator):
        client_for(coordinator).get(pair.get_absolute_url())
        event = AccessEvent.objects.get(action=Action.PAIR_VIEWED)
        event.detail = "rewritten"
        with pytest.raises(AppendOnlyError):
            event.save()
        with pytest.raises(AppendOnlyError):
            event.delete()
        with pytest.raises(AppendOnlyError):
            AccessEvent.objects.update(detail="rewritten")
        with pytest.raises(AppendOnlyError):
            AccessEvent.objects.all().delete()
        assert AccessEvent.objects.get(pk=event.pk).detail == "programs:mentorship"
