"""Pairs for the reminder sweep at 100,000 (issue 14): only the rows the sweep reads.

`build_sweep_pairs(pairs=N, now=...)` adds N pairs, in programs of PROGRAM_SIZE with one
coordinator each, spread over the phases as bench/data.py spreads them, with what the sweep's
rules look at and nothing else: the people (active, a time zone), the pair, its agreement's
versions (a draft with the partner's signature, or a version in effect with its cadence and
planned end), for pairs enabling an action plan of two steps with target dates around today,
a held meeting of the last fortnight (a reflection on some) and the next one planned, and
check-in answers on some. No writing, no participants, no goals: the sweep reads none.
Written with COPY on PostgreSQL (bulk_create elsewhere); a fixed seed makes two runs build the
same.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from bench.data_rows import DAY, meeting
from mentoring.agreements.models import Agreement, AgreementVersion, Frequency, Signature
from mentoring.enabling.models import ActionStep, CheckInAnswer, PlanSection
from mentoring.meetings.models import Meeting, Reflection
from mentoring.programs.models import Mentorship, Phase, Program

PROGRAM_SIZE = 1000
BATCH = 5000
INTERVALS = {Frequency.WEEKLY: 7, Frequency.BIWEEKLY: 14, Frequency.MONTHLY: 30}


def build_sweep_pairs(*, pairs: int, now: datetime.datetime, tag: str) -> int:
    """Add `pairs` pairs in programs of PROGRAM_SIZE; return the rows written."""
    written = 0
    rng = random.Random(f"sweep-{tag}")
    password = make_password(None)
    for start in range(0, pairs, PROGRAM_SIZE):
        with transaction.atomic():
            size = min(PROGRAM_SIZE, pairs - start)
            written += _program(size, now, f"{tag}-{start}", rng, password)
    return written


def _save(model, objects, counter):
    counter[0] += len(objects)
    if connection.vendor != "postgresql" or not objects:
        return model.objects.bulk_create(objects, batch_size=BATCH)
    return _copy(model, objects)


def _copy(model, objects):
    """bulk_create by COPY, several times quicker: ids are taken from the table's sequence
    first, so the objects can be pointed at, as bulk_create's would."""
    table = model._meta.db_table
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, model._meta.pk.column, len(objects)],
        )
        for instance, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            instance.pk = pk
        columns = ", ".join(quote(field.column) for field in fields)
        with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for instance in objects:
                copy.write_row(
                    [
                        field.get_db_prep_save(field.pre_save(instance, True), connection)
                        for field in fields
                    ]
                )
    for instance in objects:
        instance._state.adding = False
        instance._state.db = connection.alias
    return objects


def _program(size, now, tag, rng, password) -> int:
    today = timezone.localdate(now)
    written = [2]
    program = Program.objects.create(
        name=f"Sweep {tag}", starts_on=today - 240 * DAY, ends_on=today + 180 * DAY
    )
    coordinator = User.objects.create(
        email=f"coordinator@{tag}.sweep.example", full_name="Coordinator", password=password
    )
    program.coordinators.add(coordinator)

    def person(role, number):
        return User(
            email=f"{role}{number}@{tag}.sweep.example",
            full_name=f"{role.title()} {number}",
            password=password,
            time_zone=rng.choice(["America/Vancouver", "America/Toronto", ""]),
            mentee_capacity=3 if role == "mentor" else 1,
        )

    mentees = _save(User, [person("mentee", n) for n in range(size)], written)
    mentors = _save(User, [person("mentor", n) for n in range(size // 2 + 1)], written)
    pairs = _save(
        Mentorship,
        [_pair(rng, now, program, mentee, mentors[n // 2]) for n, mentee in enumerate(mentees)],
        written,
    )
    talking = [pair for pair in pairs if pair.phase != Phase.PREPARING]
    agreements = _save(Agreement, [Agreement(mentorship=pair) for pair in talking], written)
    versions = _save(
        AgreementVersion,
        [_version(rng, now, agreement) for agreement in agreements],
        written,
    )
    _save(
        Signature,
        [
            Signature(
                version=version,
                signer=version.agreement.mentorship.mentee,
                typed_name="Mentee",
                revision=version.revision,
                signed_at=now - rng.uniform(1, 8) * DAY,
            )
            for version in versions
            if version.status == AgreementVersion.Status.DRAFT and rng.random() < 0.5
        ],
        written,
    )
    enabling = [v for v in versions if v.status == AgreementVersion.Status.IN_EFFECT]
    sections = _save(
        PlanSection,
        [
            PlanSection(
                mentorship=v.agreement.mentorship,
                position=1,
                revision=1,
                updated_by=v.agreement.mentorship.mentee,
            )
            for v in enabling
        ],
        written,
    )
    _save(ActionStep, [step for s in sections for step in _steps(rng, today, now, s)], written)
    meetings = _save(Meeting, [m for v in enabling for m in _meetings(rng, now, v)], written)
    _save(
        Reflection,
        [
            Reflection(meeting=m, author=m.mentorship.mentee)
            for m in meetings
            if m.status == Meeting.Status.HELD and rng.random() < 0.6
        ],
        written,
    )
    _save(
        CheckInAnswer,
        [
            CheckInAnswer(
                mentorship=v.agreement.mentorship,
                author=v.agreement.mentorship.mentee,
                answered_at=now - rng.uniform(1, 30) * DAY,
            )
            for v in enabling
            if rng.random() < 0.4
        ],
        written,
    )
    return written[0]


def _pair(rng, now, program, mentee, mentor) -> Mentorship:
    roll = rng.random()
    phase = (
        Phase.PREPARING
        if roll < 0.10
        else Phase.NEGOTIATING
        if roll < 0.25
        else Phase.ENABLING
        if roll < 0.85
        else Phase.CLOSURE
    )
    started = now - rng.uniform(10, 200) * DAY
    return Mentorship(
        program=program,
        mentor=mentor,
        mentee=mentee,
        phase=phase,
        started_at=started,
        phase_changed_at=started,
        ended_at=now - rng.uniform(1, 9) * DAY if phase == Phase.CLOSURE and roll > 0.95 else None,
    )


def _version(rng, now, agreement) -> AgreementVersion:
    pair = agreement.mentorship
    frequency = rng.choice(list(INTERVALS))
    if pair.phase == Phase.NEGOTIATING:
        status, in_effect_at, planned_end_on = AgreementVersion.Status.DRAFT, None, None
    else:
        status = AgreementVersion.Status.IN_EFFECT
        in_effect_at = pair.started_at + 5 * DAY
        planned_end_on = timezone.localdate(in_effect_at) + rng.randint(60, 300) * DAY
    return AgreementVersion(
        agreement=agreement,
        number=1,
        status=status,
        revision=1,
        meeting_frequency=frequency,
        in_effect_at=in_effect_at,
        planned_end_on=planned_end_on,
        created_by=pair.mentee,
        updated_by=pair.mentee,
    )


def _steps(rng, today, now, section) -> list[ActionStep]:
    pair = section.mentorship
    rows = []
    for owner in ("mentee", "mentor"):
        done = rng.random() < 0.4
        rows.append(
            ActionStep(
                section=section,
                owner=owner,
                what="A step",
                target_on=today + rng.randint(-20, 10) * DAY,
                done_at=now if done else None,
                done_by=pair.mentee if done else None,
                created_by=pair.mentee,
            )
        )
    return rows


def _meetings(rng, now, version) -> list[Meeting]:
    pair = version.agreement.mentorship
    every = INTERVALS[version.meeting_frequency] * DAY
    last = now - rng.uniform(0, 1) * every
    rows = [meeting(pair, last, Meeting.Status.HELD)]
    if pair.ended_at is None:
        rows.append(meeting(pair, last + every, Meeting.Status.SCHEDULED))
    return rows
