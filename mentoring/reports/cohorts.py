"""A cohort: the pairs a report is about, of one program or several, started within dates."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from mentoring.programs.models import Mentorship, Participant, Program
from mentoring.status.pairs import start_of_day

DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class Cohort:
    programs: tuple[Program, ...]
    started_from: datetime.date | None = None
    started_to: datetime.date | None = None

    @property
    def name(self) -> str:
        names = ", ".join(program.name for program in self.programs[:3])
        count = len(self.programs)
        if count > 3:
            names = ngettext("%(count)s program", "%(count)s programs", count) % {"count": count}
        dates = {"programs": names}
        if self.started_from:
            dates["start"] = date_format(self.started_from)
        if self.started_to:
            dates["end"] = date_format(self.started_to)
        if self.started_from and self.started_to:
            return gettext("%(programs)s, pairs started from %(start)s to %(end)s") % dates
        if self.started_from:
            return gettext("%(programs)s, pairs started from %(start)s to today") % dates
        if self.started_to:
            return gettext("%(programs)s, pairs started from the start to %(end)s") % dates
        return names

    @property
    def threshold(self) -> int:
        """The fewest answers a figure may be built from: the strictest of its programs'."""
        return max(
            (program.anonymity_threshold for program in self.programs), default=DEFAULT_THRESHOLD
        )

    def _within(self, queryset: QuerySet, field: str) -> QuerySet:
        if self.started_from:
            queryset = queryset.filter(**{f"{field}__gte": start_of_day(self.started_from)})
        if self.started_to:
            day_after = self.started_to + datetime.timedelta(days=1)
            queryset = queryset.filter(**{f"{field}__lt": start_of_day(day_after)})
        return queryset

    def pairs(self) -> QuerySet:
        pairs = Mentorship.objects.filter(program__in=self._program_ids())
        return self._within(pairs, "started_at")

    @property
    def is_whole(self) -> bool:
        """Every pair of its programs, whatever their dates."""
        return not (self.started_from or self.started_to)

    def _program_ids(self) -> list[int]:
        return [program.pk for program in self.programs]

    def rest_of_pairs(self) -> QuerySet:
        """The pairs of the same programs outside the cohort's dates."""
        everyone = Mentorship.objects.filter(program__in=self._program_ids())
        return everyone.exclude(pk__in=self.pairs().values("pk"))

    def unmatched_mentees(self) -> QuerySet:
        """Mentees who joined within the dates and have no pair in that program yet."""
        paired = Mentorship.objects.filter(program=OuterRef("program"), mentee=OuterRef("user"))
        mentees = Participant.objects.filter(
            program__in=self._program_ids(), role=Participant.Role.MENTEE
        ).exclude(Exists(paired))
        return self._within(mentees, "joined_at")
