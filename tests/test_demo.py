import io

import pytest
from django.core.management import call_command

from mentoring.programs.models import Mentorship, Participant, Phase

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    output = io.StringIO()
    call_command("demo_data", stdout=output)
    return output.getvalue()


def test_it_creates_a_program_with_pairs_in_every_phase():
    output = load_demo()
    assert "coordinator@example.com" in output
    assert "mentoring-demo" in output
    assert set(Mentorship.objects.values_list("phase", flat=True)) == set(Phase)
    assert Participant.objects.filter(role=Participant.Role.MENTEE).count() == 5
    assert Participant.objects.filter(role=Participant.Role.MENTOR).count() == 3


def test_running_it_again_changes_nothing():
    load_demo()
    pairs = Mentorship.objects.count()
    assert "already there" in load_demo()
    assert Mentorship.objects.count() == pairs
