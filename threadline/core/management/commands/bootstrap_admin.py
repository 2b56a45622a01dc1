from django.core.management.base import BaseCommand, CommandError

from threadline.core.models import Nation
from threadline.core.services import system_administrator_bootstrap
from threadline.core.services.people import PersonRuleError, _set_up_url


class Command(BaseCommand):
    help = "Create the first system administrator of a new installation and print their set-up link."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--organisation", required=True)
        parser.add_argument("--nation", required=True, choices=Nation.values)
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, email, name, organisation, nation, base_url, **options):
        try:
            person = system_administrator_bootstrap(
                email=email, full_name=name, organisation_name=organisation, nation=nation
            )
        except PersonRuleError as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(_set_up_url(person, base_url))
