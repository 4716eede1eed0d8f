"""Retention: a closed pair's writing is erased its program's retention period after it
ended (`Mentorship.objects.past_retention`). The pair, its dates, phases, choices and counts
stay, so that reports still add up; each erasure is in the access log, with counts only."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mentoring.audit.log import record
from mentoring.audit.models import AccessEvent, Action
from mentoring.lib import page_cache
from mentoring.privacy.erasure import PHASES
from mentoring.programs.models import Mentorship, months_before


@dataclass(frozen=True)
class PairErased:
    mentorship_id: int
    program: str
    ended_at: object
    removed: dict[str, int]


def due_for_erasure(now=None):
    return Mentorship.objects.past_retention(now or timezone.now()).select_related("program")


def apply_retention(*, now=None, dry_run: bool = False, batch: int = 200) -> list[PairErased]:
    """Erase the writing of every pair past its retention, a batch of pairs per transaction;
    with `dry_run`, say which pairs would be erased and change nothing.

    Pairs are read a batch at a time, by id: a first run may find a hundred thousand due, which
    never sit in memory together.
    """
    now = now or timezone.now()
    erased = []
    after = 0
    while chunk := list(due_for_erasure(now).filter(pk__gt=after).order_by("pk")[:batch]):
        after = chunk[-1].pk
        if dry_run:
            erased += [PairErased(pair.pk, pair.program.name, pair.ended_at, {}) for pair in chunk]
            continue
        with transaction.atomic():
            erased += [_erase(pair, now) for pair in chunk]
    if erased and not dry_run:
        page_cache.forget_all()  # pages kept for viewers showed what was erased
    return erased


def prune_access_log(*, now=None) -> int:
    """Remove the access log's events older than ACCESS_LOG_RETENTION_MONTHS (none when 0);
    return how many went."""
    months = settings.ACCESS_LOG_RETENTION_MONTHS
    if not months:
        return 0
    return AccessEvent.objects.prune(months_before(now or timezone.now(), months))


def _erase(mentorship: Mentorship, now) -> PairErased:
    one = Mentorship.objects.filter(pk=mentorship.pk)
    removed = {}
    for phase in PHASES:
        removed.update(phase.erase_pair_writing(one))
    one.update(writing_erased_at=now)
    counts = ", ".join(f"{name}: {count}" for name, count in removed.items() if count)
    record(Action.RETENTION_ERASED, mentorship=mentorship, detail=counts or "nothing written")
    return PairErased(mentorship.pk, mentorship.program.name, mentorship.ended_at, removed)
