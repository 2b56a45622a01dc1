from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from threadline.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the invented demonstration data of every app (safe to run again)."

    def handle(self, *args, **options):
        # The demo people already have passwords: their "set up your account" e-mails and the
        # demo incidents' notices would only fill the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self._load()

    def _load(self):
        counts = load_demo()
        # Each app may add its own invented records in a `demo` module with `load_demo_data()`.
        for config in apps.get_app_configs():
            if not config.name.startswith("threadline.") or config.name == "threadline.core":
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            counts.update(module.load_demo_data())
        self.stdout.write(", ".join(f"{v} {k}" for k, v in counts.items()))
