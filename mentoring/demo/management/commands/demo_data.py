import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from accounts.models import User
from mentoring.demo.people import (
    COORDINATOR,
    DEMO_PASSWORD,
    MENTEES,
    MENTORS,
    STAFF,
    create_people,
    demo_emails,
)
from mentoring.demo.stories import tell
from mentoring.preparation.models import CandidateNote
from mentoring.programs.models import Mentorship, Program

PROGRAM_NAME = "Leadership Mentoring 2026"
ALLOW_FLAG = "--with-published-passwords-without-debug"


class Command(BaseCommand):
    help = (
        "Create a demo program whose pairs are in every phase, with what they have written "
        "and done, dated relative to today."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo program and its people first, then create them again "
            "(dates move with today).",
        )
        parser.add_argument(
            ALLOW_FLAG,
            action="store_true",
            help="Load it with DEBUG off. Its accounts, a superuser among them, share the "
            "password published in the README: never on a site that real people use.",
        )

    @transaction.atomic
    def handle(self, *args, reset=False, **options):
        if not (settings.DEBUG or options["with_published_passwords_without_debug"]):
            raise CommandError(
                "Demo data creates a superuser whose password is published in the README, so "
                f"it loads only with DEBUG=1 (or {ALLOW_FLAG}, on a throwaway site)."
            )
        if reset:
            self.delete_demo()
        if Program.objects.filter(name=PROGRAM_NAME).exists():
            self.stdout.write(
                "Demo data is already there (run `manage.py demo_data --reset` to create it "
                "afresh, dated from today)."
            )
        else:
            today = timezone.localdate()
            program = Program.objects.create(
                name=PROGRAM_NAME,
                description="A year of mentoring for new and aspiring leaders.",
                starts_on=today - datetime.timedelta(days=200),
                ends_on=today + datetime.timedelta(days=165),
            )
            tell(program, create_people(program))
            self.stdout.write(f"Created the demo program “{PROGRAM_NAME}”.")
        self.print_sign_ins()

    def delete_demo(self):
        programs = Program.objects.filter(name=PROGRAM_NAME)
        try:
            Mentorship.objects.filter(program__in=programs).delete()
            programs.delete()
            # A mentee's notes keep the mentor they are about (PROTECT): theirs go first.
            CandidateNote.objects.filter(author__email__in=demo_emails()).delete()
            User.objects.filter(email__in=demo_emails()).delete()
        except ProtectedError as error:
            raise CommandError(
                "The demo people take part in something outside the demo program, so they "
                f"were not deleted: {error.args[0]}"
            ) from None

    def print_sign_ins(self):
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(f"  coordinator  {COORDINATOR.email}")
        for person in MENTORS:
            self.stdout.write(f"  mentor       {person.email}")
        for person in MENTEES:
            self.stdout.write(f"  mentee       {person.email}")
        self.stdout.write(f"  staff admin  {STAFF.email} (also signs in to /admin/)\n")
