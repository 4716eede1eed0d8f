"""Limits on a program's numbers, and the calendar arithmetic of its retention period."""

import calendar
import datetime

from django.core.validators import MaxValueValidator, MinValueValidator


def between(low: int, high: int, at_least: str, at_most: str) -> list:
    """The limits with their messages whole ("At least 7 days."), as migrations hold them."""
    return [MinValueValidator(low, at_least), MaxValueValidator(high, at_most)]


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same time of day `months` calendar months earlier; the month's last day when it is
    shorter (two months before April 30 is February 28 or 29)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
