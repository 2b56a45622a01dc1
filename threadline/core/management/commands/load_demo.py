from django.core.management.base import BaseCommand

from threadline.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the invented demonstration organisations and people (safe to run again)."

    def handle(self, *args, **options):
        counts = load_demo()
        self.stdout.write(", ".join(f"{v} {k}" for k, v in counts.items()))
