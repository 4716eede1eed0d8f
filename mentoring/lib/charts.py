"""Geometry for charts (the dashboard, the health report), drawn as inline SVG by
templates/includes/charts.

No chart library: the numbers become bar lengths here, and the templates draw them with the
same numbers in words for screen readers.
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext

from mentoring.lib.languages import joined

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 200  # room for the longest French label ("Aucune rencontre récente")
BAR_AREA = 260
COLUMN_WIDTH = 34
COLUMN_GAP = 10
COLUMN_AREA = 140


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    tick: str = ""

    @property
    def end_x(self) -> float:
        return self.x + self.width

    @property
    def middle_x(self) -> float:
        return self.x + self.width / 2

    @property
    def middle_y(self) -> float:
        return self.y + self.height / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    width: int
    height: int
    template: str

    @property
    def largest(self) -> float:
        return max((bar.value for bar in self.bars), default=0)

    @property
    def description(self) -> str:
        item = gettext("%(label)s: %(value)s")
        return joined(item % {"label": bar.label, "value": bar.value} for bar in self.bars) + "."


def _scale(value: int, largest: int, area: int) -> float:
    return round(area * value / largest, 1) if largest else 0


def bar_chart(title: str, items: list[tuple[str, int]]) -> Chart:
    """Horizontal bars, one per (label, value), for counts."""
    largest = max((value for _, value in items), default=0)
    bars = [
        Bar(
            label=label,
            value=value,
            x=LABEL_WIDTH,
            y=index * (BAR_HEIGHT + BAR_GAP),
            width=_scale(value, largest, BAR_AREA),
            height=BAR_HEIGHT,
        )
        for index, (label, value) in enumerate(items)
    ]
    height = len(items) * (BAR_HEIGHT + BAR_GAP)
    return Chart(
        title=title,
        bars=bars,
        width=LABEL_WIDTH + BAR_AREA + 50,
        height=height,
        template="includes/charts/bar_chart.html",
    )


def column_chart(title: str, items: list[tuple[str, str, int]]) -> Chart:
    """Vertical columns, one per (label, tick, value), for a trend over time; the short tick
    goes below each column."""
    largest = max((value for _, _, value in items), default=0)
    top = 20
    bars = []
    for index, (label, tick, value) in enumerate(items):
        height = _scale(value, largest, COLUMN_AREA)
        bars.append(
            Bar(
                label=label,
                value=value,
                x=index * (COLUMN_WIDTH + COLUMN_GAP),
                y=top + COLUMN_AREA - height,
                width=COLUMN_WIDTH,
                height=height,
                tick=tick,
            )
        )
    width = len(items) * (COLUMN_WIDTH + COLUMN_GAP)
    return Chart(
        title=title,
        bars=bars,
        width=width,
        height=top + COLUMN_AREA + 40,
        template="includes/charts/column_chart.html",
    )


def last_months(today: datetime.date, count: int = 12) -> list[datetime.date]:
    """The first day of the last `count` months, oldest first, this month last."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def next_month(day: datetime.date) -> datetime.date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def month_labels(month: datetime.date) -> tuple[str, str]:
    """("March 2026", "Mar") for a month's column."""
    return date_format(month, gettext("F Y")), date_format(month, "M")
