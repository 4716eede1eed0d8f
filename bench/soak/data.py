"""The soak's people: a program of pairs in Enabling, each with everything its mentee can write
during the run, made with the demo's workflows (mentoring/demo), which go through the app's
own services. Imported once Django is set up."""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from mentoring.agreements import services as agreements
from mentoring.agreements.models import Agreement, Frequency
from mentoring.demo.stories.common import REFLECTIONS, prepared_pair, video
from mentoring.demo.workflows import agreement_values, hold_meeting, negotiate, schedule_meeting
from mentoring.programs.models import Participant, Program

PASSWORD = "soak-password-not-secret"


@dataclass(frozen=True)
class Member:
    """One virtual user: a mentee, and the ids of what they write in."""

    number: int
    email: str
    pair: int
    held_meeting: int
    upcoming_meeting: int


@transaction.atomic
def create_members(count: int) -> list[Member]:
    today = timezone.localdate()
    program = Program.objects.create(
        name="Soak program",
        starts_on=today - datetime.timedelta(days=90),
        ends_on=today + datetime.timedelta(days=270),
    )
    password = make_password(PASSWORD)
    members = []
    for number in range(count):
        mentee, mentor = (
            User.objects.create(
                email=f"{role}{number}@soak.example",
                password=password,
                full_name=f"{role.title()} {number}",
                time_zone="America/Vancouver",
                open_to_mentoring=role == "mentor",
                mentee_capacity=1 if role == "mentor" else 0,
            )
            for role in ("mentee", "mentor")
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in (mentee, mentor)
        )
        Participant.objects.bulk_create(
            [
                Participant(program=program, user=mentee, role=Participant.Role.MENTEE),
                Participant(program=program, user=mentor, role=Participant.Role.MENTOR),
            ]
        )
        pair = prepared_pair(
            program,
            mentor,
            mentee,
            days_ago=40,
            focus="leading a team",
            strength="Calm under pressure",
            hope="Confidence to lead the unit's huddles.",
        )
        cadence = negotiate(
            pair,
            days_ago=30,
            goals=["Lead the morning huddle.", "Present at the regional forum."],
            values=agreement_values(
                frequency=Frequency.BIWEEKLY,
                length=45,
                **video(f"https://meet.example.com/soak-{number}"),
                end_in_days=150,
                focus="leading the huddle",
            ),
            signers=(mentee, mentor),
        )
        held = hold_meeting(
            pair,
            days_ago=10,
            agenda="How the first huddles went.",
            questions=[],
            notes="",
            reflections=[(mentee, REFLECTIONS[0], False)],
            cadence=cadence,
        )
        upcoming = schedule_meeting(pair, in_days=3, cadence=cadence)
        agreements.amend(agreement=Agreement.objects.get(mentorship=pair), user=mentee)
        members.append(Member(number, mentee.email, pair.pk, held.pk, upcoming.pk))
    return members
