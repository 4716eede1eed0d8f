"""What the demo pairs have written and done, so every page has something to show.

One pair per moment of the toolkit: asking a mentor, preparing, negotiating (on time, and late),
enabling (on track, with overdue steps, and gone quiet), closing, and closed. Three of them are
at risk by the dashboard's rules: an agreement unsigned three weeks after pairing (Ben and Tom),
overdue action steps (Kim and David), no meeting for over twice the cadence (Chris and Elena,
who also ask the coordinator for help in their check-in).

Each story is in its phase's module (preparing.py, enabling.py, closure.py; what members
answered in the fit check, pulse surveys and closing feedback in health.py); what they share,
the words people write and a pair prepared to start, is in common.py.
"""

from accounts.models import User
from mentoring.demo.stories.closure import alex_and_aisha_closing, fatima_and_maria_completed
from mentoring.demo.stories.enabling import (
    chris_and_elena_gone_quiet,
    jordan_and_aisha_on_track,
    kim_and_david_overdue_steps,
)
from mentoring.demo.stories.health import answers_on_health
from mentoring.demo.stories.preparing import (
    ben_and_tom_unsigned,
    noor_asking_elena,
    priya_and_david_negotiating,
    sam_and_maria_preparing,
)
from mentoring.programs.models import Program


def tell(program: Program, people: dict[str, User]) -> None:
    """Every pair's story, the closed one first: it freed a place with its mentor."""
    fatima_and_maria_completed(program, people)
    alex_and_aisha_closing(program, people)
    jordan_and_aisha_on_track(program, people)
    kim_and_david_overdue_steps(program, people)
    chris_and_elena_gone_quiet(program, people)
    priya_and_david_negotiating(program, people)
    ben_and_tom_unsigned(program, people)
    sam_and_maria_preparing(program, people)
    noor_asking_elena(program, people)
    answers_on_health(program)
