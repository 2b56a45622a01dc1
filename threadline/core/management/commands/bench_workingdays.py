"""Measure the working-day calendar against a day-by-day count (DESIGN §8: figures to a file).

python manage.py bench_workingdays [--questions 1000000] [--sample 20000]
                                   [--output benchmarks/workingdays.txt]
"""

from __future__ import annotations

import platform
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from django.core.management.base import BaseCommand, CommandError, CommandParser

from threadline.core.domain.working_days import Nation, WorkingDayCalendar, calendar_for

TARGET_RATIO = 20
ONE_DAY = timedelta(days=1)
FIRST_START, LAST_START = date(2019, 1, 1), date(2026, 12, 31)
MOST_WORKING_DAYS = 260  # about a year, the longest deadline in the seeds (seed 004: 9 months)
MOST_CALENDAR_DAYS = 366

# A question: (calendar, True for "add" / False for "between", start, days to add or end date).
Question = tuple[WorkingDayCalendar, bool, date, "int | date"]


@dataclass(frozen=True)
class BenchmarkResult:
    questions: int
    sample: int
    seed: int
    calendar_seconds: float
    naive_seconds: float

    @property
    def calendar_rate(self) -> float:
        return self.questions / self.calendar_seconds

    @property
    def naive_rate(self) -> float:
        return self.sample / self.naive_seconds

    @property
    def ratio(self) -> float:
        return self.calendar_rate / self.naive_rate

    def report(self) -> str:
        verdict = "met" if self.ratio >= TARGET_RATIO else "NOT met"
        lines = [
            "Working-day calendar benchmark",
            f"python {platform.python_version()} on {platform.machine()}, seed {self.seed}",
            (
                f"questions: {self.questions:,}, half 'add' (0-{MOST_WORKING_DAYS} working days), "
                f"half 'between' (0-{MOST_CALENDAR_DAYS} calendar days apart), "
                f"starts {FIRST_START.year}-{LAST_START.year}, all three nations"
            ),
            (
                f"calendar: {self.questions:,} questions in {self.calendar_seconds:.3f} s "
                f"= {self.calendar_rate:,.0f} questions/s"
            ),
            (
                f"day-by-day loop: {'the same' if self.sample == self.questions else 'the first'} "
                f"{self.sample:,} questions in {self.naive_seconds:.3f} s "
                f"= {self.naive_rate:,.0f} questions/s (same answers as the calendar)"
            ),
            f"ratio: {self.ratio:,.1f}x (target >= {TARGET_RATIO}x: {verdict})",
        ]
        return "\n".join(lines)


def make_questions(count: int, seed: int) -> list[Question]:
    rng = random.Random(seed)
    calendars = [calendar_for(nation) for nation in Nation]
    first, span = FIRST_START.toordinal(), (LAST_START - FIRST_START).days
    questions: list[Question] = []
    for _ in range(count):
        calendar = rng.choice(calendars)
        start = date.fromordinal(first + rng.randint(0, span))
        if rng.random() < 0.5:
            questions.append((calendar, True, start, rng.randint(0, MOST_WORKING_DAYS)))
        else:
            end = start + timedelta(days=rng.randint(0, MOST_CALENDAR_DAYS))
            questions.append((calendar, False, start, end))
    return questions


def answer_with_calendar(questions: list[Question]) -> list[date | int]:
    return [
        calendar.add(start, other) if is_add else calendar.between(start, other)
        for calendar, is_add, start, other in questions
    ]


def answer_day_by_day(questions: list[Question]) -> list[date | int]:
    """What a calendar without precomputation would do: walk every day, every time."""
    answers: list[date | int] = []
    for calendar, is_add, start, other in questions:
        days_off = calendar.days_off
        day = start
        if is_add:
            left = other
            while left:
                day += ONE_DAY
                if day.weekday() < 5 and day not in days_off:
                    left -= 1
            answers.append(day)
        else:
            count = 0
            while day < other:
                day += ONE_DAY
                if day.weekday() < 5 and day not in days_off:
                    count += 1
            answers.append(count)
    return answers


def run_benchmark(questions: int, sample: int, seed: int) -> BenchmarkResult:
    asked = make_questions(questions, seed)
    sample = min(sample, questions)
    began = time.perf_counter()
    answers = answer_with_calendar(asked)
    calendar_seconds = time.perf_counter() - began
    began = time.perf_counter()
    checked = answer_day_by_day(asked[:sample])
    naive_seconds = time.perf_counter() - began
    for index, (fast, slow) in enumerate(zip(answers, checked, strict=False)):
        if fast != slow:
            calendar, is_add, start, other = asked[index]
            question = "add" if is_add else "between"
            raise AssertionError(
                f"question {index} ({question} {calendar.nation} {start} {other}): "
                f"calendar says {fast}, day-by-day count says {slow}"
            )
    return BenchmarkResult(questions, sample, seed, calendar_seconds, naive_seconds)


class Command(BaseCommand):
    help = "Time the working-day calendar against a day-by-day count and write the figures."
    # It only answers a question about dates; the whole-project checks would only slow it.
    requires_system_checks: ClassVar[list[str]] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--questions", type=int, default=1_000_000)
        parser.add_argument(
            "--sample",
            type=int,
            default=None,
            help="how many of the questions are also answered day by day (default: all of them)",
        )
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--output", default="benchmarks/workingdays.txt")

    def handle(self, *args, **options) -> None:
        sample = options["questions"] if options["sample"] is None else options["sample"]
        if options["questions"] < 1 or sample < 1:
            raise CommandError("--questions and --sample must be 1 or more", returncode=2)
        try:
            result = run_benchmark(options["questions"], min(sample, options["questions"]), options["seed"])
        except AssertionError as error:
            raise CommandError(f"the calendar and the day-by-day count disagree: {error}") from None
        report = result.report()
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(report + "\n", encoding="utf-8")
        self.stdout.write(report)
        self.stdout.write(f"written to {output}")
