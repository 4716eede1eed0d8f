"""The suite's clock: SUITE_CLOCK's values and the frozen_clock fixture (tests/conftest.py)."""

import datetime

import pytest
from django.utils import timezone

from tests.helpers import FROZEN_AT, local_input, local_moment, parse_suite_clock


class TestSuiteClock:
    def test_it_reads_a_moment_with_its_offset(self):
        moment = parse_suite_clock(" 2026-12-31T23:40-08:00 ")
        assert moment.astimezone(datetime.UTC) == datetime.datetime(
            2027, 1, 1, 7, 40, tzinfo=datetime.UTC
        )

    def test_it_is_off_when_empty(self):
        assert parse_suite_clock("") is None

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("2026-11-01T01:30", "needs its UTC offset"),
            ("next tuesday", "is not an ISO 8601 date and time"),
        ],
    )
    def test_it_refuses_what_is_not_one_moment(self, value, message):
        with pytest.raises(ValueError, match=message):
            parse_suite_clock(value)


class TestFrozenClock:
    def test_it_sets_the_clock_at_a_plain_june_noon(self, frozen_clock):
        assert timezone.localdate() == datetime.date(2026, 6, 17)
        assert abs(timezone.now() - FROZEN_AT) < datetime.timedelta(minutes=1)

    def test_it_lets_a_test_move_the_clock(self, frozen_clock):
        frozen_clock.move_to(datetime.datetime.fromisoformat("2027-03-14T01:59-08:00"))
        assert timezone.localtime().strftime("%H:%M %Z") == "01:59 PST"


class TestLocalInput:
    @pytest.mark.parametrize(
        "now", ["2027-03-11T02:30-08:00", "2026-10-29T01:30-07:00", "2026-12-31T23:40-08:00"]
    )
    def test_it_names_ten_oclock_a_number_of_local_days_ahead(self, frozen_clock, now):
        frozen_clock.move_to(datetime.datetime.fromisoformat(now))
        today = datetime.date.fromisoformat(now[:10])
        assert local_input(3) == f"{today + datetime.timedelta(days=3)}T10:00"
        assert timezone.localtime(local_moment(3)).hour == 10
