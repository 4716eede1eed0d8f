import datetime

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from mentoring.programs.models import Mentorship, Participant, Phase, Program
from mentoring.programs.services import create_mentorship

DEMO_PASSWORD = "mentoring-demo"
PROGRAM_NAME = "Leadership Mentoring 2026"

COORDINATOR = (
    "coordinator@example.com",
    "Casey Coordinator",
    "Program Coordinator",
    "People & Culture",
)
STAFF = ("admin@example.com", "Ada Admin", "Site administrator", "People & Culture")
MENTORS = [
    (
        "maria.mentor@example.com",
        "Maria Santos",
        "Director, Clinical Operations",
        "Vancouver General",
        "Operations, Budgeting, Leading change",
        2,
    ),
    (
        "david.mentor@example.com",
        "David Chen",
        "Manager, Patient Care",
        "Richmond Hospital",
        "Team leadership, Difficult conversations, Scheduling",
        2,
    ),
    (
        "aisha.mentor@example.com",
        "Aisha Rahman",
        "Senior Leader, Quality",
        "Lions Gate Hospital",
        "Quality improvement, Data, Career planning",
        3,
    ),
]
MENTEES = [
    ("sam.mentee@example.com", "Sam Taylor", "Clinical Nurse Leader", "Vancouver General"),
    ("priya.mentee@example.com", "Priya Patel", "Team Lead, Rehabilitation", "Richmond Hospital"),
    ("jordan.mentee@example.com", "Jordan Lee", "Coordinator, Diagnostics", "Lions Gate Hospital"),
    ("alex.mentee@example.com", "Alex Morgan", "Supervisor, Food Services", "Vancouver General"),
    ("noor.mentee@example.com", "Noor Haddad", "Charge Nurse", "UBC Hospital"),
]
# (mentee index, mentor index, phase, days since the pair started); the fifth mentee is unpaired.
PAIRS = [
    (0, 0, Phase.PREPARING, 3),
    (1, 1, Phase.NEGOTIATING, 12),
    (2, 2, Phase.ENABLING, 60),
    (3, 2, Phase.CLOSURE, 170),
]


class Command(BaseCommand):
    help = "Create a demo program with a coordinator, mentors, mentees and pairs in each phase."

    @transaction.atomic
    def handle(self, *args, **options):
        if Program.objects.filter(name=PROGRAM_NAME).exists():
            self.stdout.write("Demo data is already there.")
        else:
            self.create_demo()
        self.print_sign_ins()

    def person(self, email, full_name, job_title, department, **profile):
        user = User.objects.create_user(
            email,
            DEMO_PASSWORD,
            full_name=full_name,
            job_title=job_title,
            department=department,
            **profile,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    def create_demo(self):
        today = timezone.localdate()
        program = Program.objects.create(
            name=PROGRAM_NAME,
            description="A year of mentoring for new and aspiring leaders.",
            starts_on=today - datetime.timedelta(days=200),
            ends_on=today + datetime.timedelta(days=165),
        )
        self.person(*STAFF, is_staff=True, is_superuser=True)
        coordinator = self.person(*COORDINATOR)
        program.coordinators.add(coordinator)
        mentors = [
            self.person(
                email,
                name,
                title,
                department,
                expertise=expertise,
                open_to_mentoring=True,
                mentee_capacity=capacity,
                bio=f"{title} who enjoys helping new leaders find their feet.",
            )
            for email, name, title, department, expertise, capacity in MENTORS
        ]
        mentees = [self.person(*mentee) for mentee in MENTEES]
        Participant.objects.bulk_create(
            [Participant(program=program, user=u, role=Participant.Role.MENTOR) for u in mentors]
            + [Participant(program=program, user=u, role=Participant.Role.MENTEE) for u in mentees]
        )
        now = timezone.now()
        for mentee_index, mentor_index, phase, days_ago in PAIRS:
            pair = create_mentorship(
                program=program, mentor=mentors[mentor_index], mentee=mentees[mentee_index]
            )
            started = now - datetime.timedelta(days=days_ago)
            Mentorship.objects.filter(pk=pair.pk).update(
                phase=phase, started_at=started, phase_changed_at=started
            )

    def print_sign_ins(self):
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(f"  coordinator  {COORDINATOR[0]}")
        for email, *_ in MENTORS:
            self.stdout.write(f"  mentor       {email}")
        for email, *_ in MENTEES:
            self.stdout.write(f"  mentee       {email}")
        self.stdout.write(f"  staff admin  {STAFF[0]} (also signs in to /admin/)\n")
