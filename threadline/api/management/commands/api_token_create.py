from django.core.management.base import BaseCommand, CommandError

from threadline.api.services import api_token_issue
from threadline.core.models import User


class Command(BaseCommand):
    help = "Create an API token for a partner system's account and print it once."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The account the token acts as")
        parser.add_argument("--name", required=True, help="What the token is for")

    def handle(self, *args, email, name, **options):
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise CommandError(f"No active account with the e-mail address {email}", returncode=2)
        _, raw = api_token_issue(actor=None, person=person, name=name)
        self.stdout.write(raw)
