"""How long the portfolio PDF takes for a relationship of 20 meetings, against a one-line
WeasyPrint document.

Run: DEBUG=1 .venv/bin/python bench/portfolio_pdf.py

The pair lives in an in-memory SQLite database built here (migrations, then the test
factories): an agreement in effect with three goals and a superseded first version, an action
plan with two steps per goal, 20 held meetings each with an agenda, two kick-starter questions,
shared notes and both members' shared 3-2-1 reflections, both check-in answers, and a
completed closure with outcomes and a thank-you. "Gather" is the queries alone; "render" is
the PDF from the gathered context; "whole" is both, as the download view does them.
Prints medians and ratios to the one-line document; no assertions.
"""

import datetime
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from mentoring.closure import services  # noqa: E402
from mentoring.closure.models import Reason  # noqa: E402
from mentoring.closure.portfolio import portfolio_context  # noqa: E402
from mentoring.lib.pdf import render_pdf  # noqa: E402
from mentoring.meetings.models import AgendaQuestion, KickStarterQuestion  # noqa: E402
from tests.factories import (  # noqa: E402
    ActionStepFactory,
    CheckInAnswerFactory,
    GoalOutcomeFactory,
    MeetingFactory,
    MentorFactory,
    MentorshipFactory,
    PlanSectionFactory,
    ProgramFactory,
    ReflectionFactory,
    ThankYouNoteFactory,
    UserFactory,
    agreement_in_effect,
)

RUNS = 9
MEETINGS = 20
NOTES = (
    "We went through the budget variance report line by line, agreed which two lines to "
    "explain to the director, and practised the first two minutes of the conversation."
)


def relationship_with_meetings(meetings: int):
    program = ProgramFactory(name="Leadership Circle 2027")
    mentee = UserFactory(full_name="Mina Mentee")
    mentor = MentorFactory(full_name="Marco Mentor")
    pair = MentorshipFactory(program=program, mentor=mentor, mentee=mentee)
    version = agreement_in_effect(pair)
    goals = list(version.goals.all())
    for goal in goals:
        section = PlanSectionFactory(mentorship=pair, position=goal.position)
        ActionStepFactory(section=section, owner="mentee")
        ActionStepFactory(section=section, owner="mentor", created_by=mentor)
    questions = list(KickStarterQuestion.objects.order_by("pk")[:2])
    start = timezone.now() - datetime.timedelta(days=14 * meetings)
    for number in range(meetings):
        meeting = MeetingFactory(
            mentorship=pair,
            held=True,
            starts_at=start + datetime.timedelta(days=14 * number),
            agenda=f"Meeting {number + 1}: progress on the goals, then the budget review.",
            notes=NOTES,
        )
        for position, question in enumerate(questions, start=1):
            AgendaQuestion.objects.create(meeting=meeting, question=question, position=position)
        for person in (mentee, mentor):
            ReflectionFactory(
                meeting=meeting,
                author=person,
                learned_1="Ask what the numbers are for before reading them.",
                action_1="Send the agenda two days ahead.",
                never_forget="Budgets are stories about priorities.",
                shared_at=timezone.now(),
            )
    for person in (mentee, mentor):
        CheckInAnswerFactory(mentorship=pair, author=person)
    proposal = services.propose_closure(mentorship=pair, user=mentee, reason=Reason.GOALS_ACHIEVED)
    services.confirm_closure(closure=proposal, user=mentor)
    for goal in goals:
        for person in (mentee, mentor):
            GoalOutcomeFactory(goal=goal, mentorship=pair, author=person, comment="On time.")
    ThankYouNoteFactory(mentorship=pair, text="Thank you for your knowledge and your time.")
    services.complete_closure(mentorship=pair)
    pair.refresh_from_db()
    return pair


def median_seconds(work) -> float:
    work()  # warm-up: fonts and caches
    times = []
    for _ in range(RUNS):
        begin = time.perf_counter()
        work()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main() -> None:
    call_command("migrate", verbosity=0)
    pair = relationship_with_meetings(MEETINGS)

    def gather():
        return portfolio_context(pair) | {"printed_on": timezone.localdate()}

    context = gather()
    pdf = render_pdf("closure/portfolio_pdf.html", context)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)

    one_line = median_seconds(lambda: HTML(string="<p>Hello</p>").write_pdf())
    gathered = median_seconds(gather)
    rendered = median_seconds(lambda: render_pdf("closure/portfolio_pdf.html", context))
    whole = median_seconds(lambda: render_pdf("closure/portfolio_pdf.html", gather()))
    print(f"median of {RUNS} runs each; portfolio of {MEETINGS} meetings, {pages} pages")
    print(f"one-line WeasyPrint document: {one_line * 1000:7.1f} ms")
    print(f"portfolio, gather (queries):  {gathered * 1000:7.1f} ms")
    print(
        f"portfolio, render (PDF):      {rendered * 1000:7.1f} ms"
        f"  = {rendered / one_line:5.1f}x the one-line document"
    )
    print(
        f"portfolio, whole:             {whole * 1000:7.1f} ms"
        f"  = {whole / one_line:5.1f}x the one-line document"
    )


if __name__ == "__main__":
    main()
