from django.core.management.base import BaseCommand
from django.utils import timezone

from mentoring.privacy.retention import apply_retention, prune_access_log
from mentoring.privacy.services import delete_expired_exports


class Command(BaseCommand):
    help = (
        "Erase the writing of pairs closed longer than their program's retention period "
        "(the pairs and their counts stay), remove access log events older than "
        "ACCESS_LOG_RETENTION_MONTHS, and delete expired data exports. Run it daily "
        "from cron; --dry-run prints what it would erase and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Change nothing.")

    def handle(self, *args, dry_run=False, **options):
        erased = apply_retention(dry_run=dry_run)
        verb = "Would erase" if dry_run else "Erased"
        for pair in erased:
            counts = ", ".join(f"{name} {count}" for name, count in pair.removed.items() if count)
            self.stdout.write(
                f"{verb} the writing of pair #{pair.mentorship_id} in {pair.program}, "
                f"ended {pair.ended_at:%Y-%m-%d}" + (f" ({counts})" if counts else "")
            )
        self.stdout.write(f"{verb} the writing of {len(erased)} pair(s).")
        if not dry_run:
            pruned = prune_access_log()
            self.stdout.write(f"Removed {pruned} access log event(s) past their retention.")
            swept = delete_expired_exports(timezone.now())
            self.stdout.write(
                f"Deleted {swept.deleted} expired data export(s); {swept.abandoned} left "
                f"unfinished marked failed; {swept.partial} half-written file(s) removed."
            )
