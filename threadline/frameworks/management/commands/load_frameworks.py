"""Load built-in framework fixture files that have not been loaded yet.

    manage.py load_frameworks            # every file in threadline/frameworks/fixtures/builtin/
    manage.py load_frameworks FILE ...   # only these files

Each new file becomes a published version; versions already in the database, and versions
a system administrator made, are never touched. Running it twice changes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from threadline.frameworks.domain.rules import FrameworkRuleError
from threadline.frameworks.services import frameworks_load_builtin


class Command(BaseCommand):
    help = "Load built-in framework fixture files not loaded before, each as a published version."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="fixture files (default: all the built-in ones)")

    def handle(self, *args, **options):
        paths = [Path(name) for name in options["files"]] or None
        for path in paths or []:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        try:
            loaded = frameworks_load_builtin(actor=None, paths=paths)
        except FrameworkRuleError as error:
            raise CommandError(str(error)) from None
        for version in loaded:
            self.stdout.write(f"Loaded {version} from {version.fixture_name}")
        if not loaded:
            self.stdout.write("Nothing new to load: every fixture file is loaded already.")
