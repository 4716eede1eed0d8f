from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mentoring.privacy.pack import render_pack

PACK = Path(settings.BASE_DIR) / "docs" / "privacy.md"


class Command(BaseCommand):
    help = "Write docs/privacy.md from the models and mentoring/privacy/inventory.py."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Fail if docs/privacy.md is out of date."
        )

    def handle(self, *args, check=False, **options):
        pack = render_pack()
        if check:
            if not PACK.exists() or PACK.read_text() != pack:
                raise CommandError("docs/privacy.md is out of date: run manage.py privacy_pack.")
            return
        PACK.write_text(pack)
        self.stdout.write(f"Wrote {PACK}.")
