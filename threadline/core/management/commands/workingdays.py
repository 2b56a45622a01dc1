"""Answer a working-day question from the command line, on one nation's calendar.

python manage.py workingdays add --nation scotland --start 2025-12-19 --days 10
python manage.py workingdays between --nation northern-ireland --start 2025-07-01 --end 2025-07-31
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.core.management.base import BaseCommand, CommandError, CommandParser

from threadline.core.calendars import calendar_for_nation
from threadline.core.domain.working_days import Nation, WorkingDayError, nation_for

# argparse's own errors exit with 2; ours match, so scripts can tell a bad question from a crash.
BAD_ARGUMENTS = 2


def _parse_date(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--{name} must be a date written as YYYY-MM-DD, not '{text}'",
            returncode=BAD_ARGUMENTS,
        ) from None


def _parse_days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise CommandError(
            f"--days must be a whole number of working days, 0 or more, not '{text}'",
            returncode=BAD_ARGUMENTS,
        )
    return days


class Command(BaseCommand):
    help = "Add working days to a date, or count the working days between two dates."
    # It only answers a question about dates; the whole-project checks would only slow it.
    requires_system_checks: ClassVar[list[str]] = []

    def add_arguments(self, parser: CommandParser) -> None:
        questions = parser.add_subparsers(dest="question", required=True)
        nations = ", ".join(nation.value for nation in Nation)
        add = questions.add_parser("add", help="the date N working days after --start")
        between = questions.add_parser(
            "between", help="working days after --start, up to and including --end"
        )
        for question in (add, between):
            question.add_argument("--nation", required=True, help=f"one of: {nations}")
            question.add_argument("--start", required=True, help="YYYY-MM-DD; counts as day 0")
        add.add_argument("--days", required=True, help="working days to add, 0 or more")
        between.add_argument("--end", required=True, help="YYYY-MM-DD")

    def handle(self, *args, **options) -> None:
        try:
            nation = nation_for(options["nation"])
            start = _parse_date(options["start"], "start")
            if options["question"] == "add":
                days = _parse_days(options["days"])
                answer = calendar_for_nation(nation).add(start, days).isoformat()
            else:
                end = _parse_date(options["end"], "end")
                answer = str(calendar_for_nation(nation).between(start, end))
        except WorkingDayError as error:
            raise CommandError(str(error), returncode=BAD_ARGUMENTS) from None
        self.stdout.write(answer)
