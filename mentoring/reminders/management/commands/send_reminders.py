from django.core.management.base import BaseCommand

from mentoring.reminders.services import sweep


class Command(BaseCommand):
    help = (
        "Find the reminders due, write each one once and queue their emails for "
        "`manage.py db_worker`. Safe to run often, and twice at once: run it from cron "
        "every 15 minutes."
    )

    def handle(self, *args, **options):
        result = sweep()
        self.stdout.write(
            f"{result.due} reminder(s) newly due, {result.to_send} queued to send, "
            f"{result.reclaimed} taken back from a send that did not finish."
        )
