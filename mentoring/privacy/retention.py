"""Retention: a closed pair's writing is erased its program's retention period after it
ended (`Mentorship.objects.past_retention`). The pair, its dates, phases, choices and counts
stay, so that reports still add up; each erasure is in the access log, with counts only."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.privacy.erasure import PHASES
from mentoring.programs.models import Mentorship


@dataclass(frozen=True)
class PairErased:
    mentorship_id: int
    program: str
    ended_at: object
    removed: dict[str, int]


def due_for_erasure(now=None):
    return (
        Mentorship.objects.past_retention(now or timezone.now())
        .select_related("program")
        .order_by("ended_at", "pk")
    )


def apply_retention(*, now=None, dry_run: bool = False, batch: int = 200) -> list[PairErased]:
    """Erase the writing of every pair past its retention, a batch of pairs per transaction;
    with `dry_run`, say which pairs would be erased and change nothing."""
    now = now or timezone.now()
    erased = []
    pairs = list(due_for_erasure(now))
    for start in range(0, len(pairs), batch):
        chunk = pairs[start : start + batch]
        if dry_run:
            erased += [PairErased(pair.pk, pair.program.name, pair.ended_at, {}) for pair in chunk]
            continue
        with transaction.atomic():
            erased += [_erase(pair, now) for pair in chunk]
    return erased


def _erase(mentorship: Mentorship, now) -> PairErased:
    one = Mentorship.objects.filter(pk=mentorship.pk)
    removed = {}
    for phase in PHASES:
        removed.update(phase.erase_pair_writing(one))
    one.update(writing_erased_at=now)
    counts = ", ".join(f"{name}: {count}" for name, count in removed.items() if count)
    record(Action.RETENTION_ERASED, mentorship=mentorship, detail=counts or "nothing written")
    return PairErased(mentorship.pk, mentorship.program.name, mentorship.ended_at, removed)
