from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from mentoring.privacy.erasure import erase_account


class Command(BaseCommand):
    help = (
        "Delete a person's account as they would from their data page: what was private to "
        "them is erased, what belongs to a pair stays for the partner."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account has the address {email}.")
        try:
            outcome = erase_account(user=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Deleted the account; {outcome.pairs_closed} open mentorship(s) closed."
        )
