"""The demo program (`manage.py demo_data`'s nine pairs) in the bench's database, and the
pages issue 14 measures on it. Imported once Django is set up.

The demo app is installed only with DEBUG or under tests; its stories need no model of their
own, so they are imported directly.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from mentoring.demo.people import create_people
from mentoring.demo.stories import tell
from mentoring.programs.models import Mentorship, Program


@dataclass
class Demo:
    program: Program
    coordinator: User
    mentee: User  # in a pair enabling its agreement, on track
    pair: Mentorship
    preparing: Mentorship  # the pair still filling in its planning template


def build_demo() -> Demo:
    today = timezone.localdate()
    program = Program.objects.create(
        name="Leadership Mentoring (bench demo)",
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today + datetime.timedelta(days=165),
    )
    people = create_people(program)
    tell(program, people)
    pairs = Mentorship.objects.filter(program=program)
    return Demo(
        program=program,
        coordinator=people["casey"],
        mentee=people["jordan"],
        pair=pairs.get(mentee=people["jordan"]),
        preparing=pairs.get(mentee=people["sam"]),
    )


def demo_pages(demo: Demo) -> list[tuple[str, str, User | None]]:
    """(label, path, who is signed in) for the pages the targets name, the bare view first."""
    return [
        ("bare Django view", "/bench/bare/", None),
        ("guide, signed in", reverse("guide"), demo.mentee),
        ("mentee home", reverse("home"), demo.mentee),
        ("pair page", demo.pair.get_absolute_url(), demo.mentee),
        (
            "planning form",
            reverse("preparation:planning_template", args=[demo.preparing.pk]),
            demo.preparing.mentee,
        ),
        (
            "dashboard, demo (9 pairs)",
            reverse("dashboard:program", args=[demo.program.pk]),
            demo.coordinator,
        ),
    ]
