"""How long the agreement PDF takes, against a one-line WeasyPrint document.

Run: DEBUG=1 .venv/bin/python bench/agreement_pdf.py

The agreement is built in memory (nothing touches a database): every question answered, three
goals, both signatures. "Filled" answers each question in two or three sentences, as pairs do;
"long" answers each at about a thousand characters, to show how the time grows with pages.
Prints medians and ratios to the one-line document; the target for the filled agreement is 3x.
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

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from accounts.models import User  # noqa: E402
from mentoring.agreements.models import (  # noqa: E402
    Agreement,
    AgreementVersion,
    Goal,
    Signature,
    signature_lines,
)
from mentoring.agreements.sections import answers  # noqa: E402
from mentoring.lib.pdf import render_pdf  # noqa: E402
from mentoring.programs.models import Mentorship, Program  # noqa: E402

RUNS = 15
ANSWER = (
    "We will keep this realistic and review it at the mid-way check-in. Either of us can raise "
    "it at any meeting, and we will write down what we change."
)
LONG_ANSWER = " ".join([ANSWER] * 7)


def filled_agreement(answer: str) -> dict:
    now = timezone.now()
    program = Program(pk=1, name="Leadership Circle 2027")
    mentee = User(pk=1, email="mina@example.com", full_name="Mina Mentee")
    mentor = User(pk=2, email="marco@example.com", full_name="Marco Mentor")
    mentorship = Mentorship(pk=1, program=program, mentee=mentee, mentor=mentor, started_at=now)
    version = AgreementVersion(
        pk=1,
        agreement=Agreement(pk=1, mentorship=mentorship),
        number=2,
        status=AgreementVersion.Status.IN_EFFECT,
        revision=4,
        updated_at=now,
        in_effect_at=now,
        meeting_frequency="biweekly",
        meeting_length_minutes=60,
        meeting_mode="in_person",
        meeting_place="Room 4B, Vancouver General",
        planned_end_on=now.date() + datetime.timedelta(days=180),
        **{
            name: answer
            for name in AgreementVersion.TEXT_FIELDS
            if AgreementVersion._meta.get_field(name).get_internal_type() == "TextField"
        },
    )
    goals = [
        Goal(version=version, position=n, text=f"Goal {n}: {answer[:300]}") for n in (1, 2, 3)
    ]
    signatures = [
        Signature(version=version, signer=person, typed_name=person.full_name, signed_at=now)
        for person in (mentee, mentor)
    ]
    return {
        "mentorship": mentorship,
        "version": version,
        "parts": answers(version, goals),
        "signature_lines": signature_lines(mentorship, signatures),
        "printed_on": now.date(),
    }


def median_seconds(render) -> float:
    render()  # warm-up: fonts and caches
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        render()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    one_line = median_seconds(lambda: HTML(string="<p>Hello</p>").write_pdf())
    print(f"median of {RUNS} runs each")
    print(f"one-line WeasyPrint document:      {one_line * 1000:6.1f} ms")
    for name, answer in [("filled agreement", ANSWER), ("long answers", LONG_ANSWER)]:
        context = filled_agreement(answer)
        pdf = render_pdf("agreements/agreement_pdf.html", context)
        seconds = median_seconds(lambda c=context: render_pdf("agreements/agreement_pdf.html", c))
        print(
            f"{name + ',':18} {pages(pdf)} pages:       {seconds * 1000:6.1f} ms"
            f"  = {seconds / one_line:4.2f}x the one-line document"
        )
    print("target: filled agreement <= 3x")


if __name__ == "__main__":
    main()
