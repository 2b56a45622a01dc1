"""Measure a chronology import and the merged chronology's first page (issue 6; DESIGN §8:
figures to a file, not a timed test).

python manage.py bench_chronology [--agencies 10] [--entries 2000] [--renders 50]
                                  [--output benchmarks/chronology.txt]

In the configured database, inside one transaction that is rolled back at the end (nothing is
left behind; the files the import kept are deleted), it makes a throwaway review of an invented
incident with `--agencies` invented agencies, writes `--entries` entries per agency to an
Excel file with openpyxl, and imports each file as a person would: upload, check, import
(the services the background tasks run, called in turn). Each agency then submits, and a
reviewer asks for the merged chronology's first page `--renders` times with the test client.

Figures: the import's wall-clock seconds (upload, check and import of every file), the peak
resident memory of the process while importing (getrusage ru_maxrss: the whole process,
Python and the database driver, no tracing overhead), the 95th-percentile render time of the
first page, and what encrypting the entries' texts costs on this machine.
"""

from __future__ import annotations

import os
import platform
import random
import resource
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

TARGET_IMPORT_SECONDS = 15.0
TARGET_RENDER_MS = 300.0
TARGET_MEMORY_MB = 500.0
PERIOD = (date(2020, 1, 1), date(2024, 12, 31))

SOURCES = ("Case management system", "Health visiting record", "Police log", "School attendance record", "")
ROLES = (
    "Social worker",
    "Team manager",
    "Health visitor",
    "Police constable",
    "Designated safeguarding lead",
)
EVENTS = (
    "Home visit; the child was seen alone in their bedroom and said school was going better.",
    "Telephone call from the school reporting two days of unexplained absence this week.",
    "Strategy discussion held with the police and health about missing episodes.",
    "Child protection review conference; the plan continued under the category of neglect.",
    "Missing episode reported by the foster carer at 22:10; found by police at 01:30.",
    "GP appointment missed; letter sent to the mother offering another date.",
    "Return home interview completed; the child would not say where they had been.",
)
PRESENT = ("Mother", "Mother and stepfather", "Foster carer", "Child and social worker", "")
VOICES = ("‘I just want to stay with my nan.’", "The child said they felt safe at school.", "")
OPINIONS = (
    "The risk of exploitation was not recognised at this point.",
    "A referral to the exploitation panel should have followed.",
    "",
    "",
)


class _RollBack(Exception):
    """Leaves the benchmark's transaction so that everything it wrote is undone."""


@dataclass
class Figures:
    agencies: int
    entries: int
    renders: int
    import_seconds: float = 0.0
    import_cpu_seconds: float = 0.0
    load_before: tuple = ()
    load_after: tuple = ()
    check_seconds: float = 0.0
    write_seconds: float = 0.0
    per_file: list[float] = field(default_factory=list)
    baseline_mb: float = 0.0
    peak_mb: float = 0.0
    render_ms: list[float] = field(default_factory=list)
    cold_render_ms: float = 0.0
    encrypt_us: float = 0.0
    encrypted_fields: int = 0
    file_bytes: int = 0
    imported: int = 0

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.render_ms)
        return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]

    def report(self) -> str:
        def verdict(ok: bool) -> str:
            return "met" if ok else "NOT met"

        encryption_s = self.encrypt_us * self.encrypted_fields / 1_000_000
        vendor = connection.vendor
        version = connection.Database.sqlite_version if vendor == "sqlite" else ""
        if vendor == "postgresql":
            version = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
        import_ok = verdict(self.import_seconds < TARGET_IMPORT_SECONDS)
        memory_ok = verdict(self.peak_mb < TARGET_MEMORY_MB)
        render_ok = verdict(self.p95_ms < TARGET_RENDER_MS)
        lines = [
            "Chronology benchmark (issue 6)",
            f"run {timezone.localtime():%Y-%m-%d %H:%M %Z}",
            f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
            f"{platform.platform()}",
            f"load average (1, 5, 15 min) before / after: {_loads(self.load_before)} / "
            f"{_loads(self.load_after)} (other work on the machine slows every figure)",
            f"database: {vendor} {version}".rstrip(),
            f"data: {self.agencies} agencies x {self.entries // max(self.agencies, 1):,} entries = "
            f"{self.entries:,} entries, {self.file_bytes / 1_048_576:.1f} MB of .xlsx files",
            f"import (upload, check, import; wall clock): {self.import_seconds:.2f} s for "
            f"{self.imported:,} entries (target < {TARGET_IMPORT_SECONDS:.0f} s: {import_ok})",
            f"  CPU time of this process: {self.import_cpu_seconds:.2f} s (a separate database server's time "
            "is not counted)",
            f"  checking {self.check_seconds:.2f} s, importing {self.write_seconds:.2f} s; per file "
            f"{min(self.per_file):.2f}-{max(self.per_file):.2f} s",
            f"  encrypting the {self.encrypted_fields:,} non-empty texts: {self.encrypt_us:.1f} us each, "
            f"about {encryption_s:.2f} s of the import",
            "memory of the import (peak resident set of the process, getrusage ru_maxrss): "
            f"{self.peak_mb:.0f} MB, {self.peak_mb - self.baseline_mb:.0f} MB above the "
            f"{self.baseline_mb:.0f} MB before it (target < {TARGET_MEMORY_MB:.0f} MB: {memory_ok})",
            f"merged chronology, first page, {len(self.render_ms)} renders as a reviewer: p95 "
            f"{self.p95_ms:.1f} ms, median {statistics.median(self.render_ms):.1f} ms, max "
            f"{max(self.render_ms):.1f} ms (target < {TARGET_RENDER_MS:.0f} ms: {render_ok}); "
            f"first render before them {self.cold_render_ms:.1f} ms",
        ]
        return "\n".join(lines)


def _loads(loads: tuple) -> str:
    return " ".join(f"{load:.2f}" for load in loads)


def _peak_mb() -> float:
    # Linux reports kilobytes, macOS bytes.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1_048_576 if platform.system() == "Darwin" else 1024)


def write_agency_file(path: Path, rng: random.Random, count: int) -> None:
    """`count` entries of one agency, dated across the period, some as date cells, some typed."""
    from openpyxl import Workbook

    from threadline.chronologies.domain.entries import COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Chronology")
    sheet.append(list(COLUMNS.values()))
    span = (PERIOD[1] - PERIOD[0]).days
    for number in range(count):
        day = PERIOD[0] + timedelta(days=rng.randrange(span))
        kind = rng.random()
        if kind < 0.4:
            when, at = datetime(day.year, day.month, day.day), ""
        elif kind < 0.8:
            when, at = f"{day:%d/%m/%Y}", f"{rng.randrange(8, 20):02d}:{rng.choice((0, 15, 30, 45)):02d}"
        else:
            when, at = f"{day:%m/%Y}", ""
        sheet.append(
            [
                when,
                at,
                rng.choice(SOURCES),
                rng.choice(ROLES),
                f"{rng.choice(EVENTS)} (record {number + 1})",
                rng.choice(PRESENT),
                rng.choice(VOICES),
                rng.choice(OPINIONS),
                "Yes" if rng.random() < 0.1 else "",
            ]
        )
    workbook.save(path)


def encryption_cost(samples: int = 5000) -> float:
    """Microseconds to encrypt one typical entry text with the configured keys."""
    from threadline.core.crypto import encrypt_text

    text = f"{EVENTS[0]} (record 1234)"
    began = time.perf_counter()
    for _ in range(samples):
        encrypt_text(text)
    return (time.perf_counter() - began) / samples * 1_000_000


class Command(BaseCommand):
    help = "Import a 20,000-entry chronology from .xlsx and time the merged chronology's first page."
    requires_system_checks: ClassVar[list[str]] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agencies", type=int, default=10)
        parser.add_argument("--entries", type=int, default=2000, help="entries per agency")
        parser.add_argument("--renders", type=int, default=50)
        parser.add_argument("--seed", type=int, default=6)
        parser.add_argument("--output", default="benchmarks/chronology.txt")

    def handle(self, *args, **options) -> None:
        agencies, per_agency, renders = options["agencies"], options["entries"], options["renders"]
        if agencies < 1 or per_agency < 1 or renders < 1:
            raise CommandError("--agencies, --entries and --renders must be 1 or more", returncode=2)
        figures = Figures(agencies=agencies, entries=agencies * per_agency, renders=renders)
        figures.load_before = os.getloadavg()
        rng = random.Random(options["seed"])
        stored: list[str] = []
        with tempfile.TemporaryDirectory(prefix="threadline-bench-") as directory:
            files = []
            for index in range(agencies):
                path = Path(directory) / f"agency-{index + 1:02d}.xlsx"
                write_agency_file(path, rng, per_agency)
                figures.file_bytes += path.stat().st_size
                files.append(path)
            try:
                with transaction.atomic():
                    self._run(figures, files, stored)
                    raise _RollBack
            except _RollBack:
                pass
            finally:
                self._delete_files(stored)
        figures.encrypt_us = encryption_cost()
        figures.load_after = os.getloadavg()
        report = figures.report()
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(report + "\n", encoding="utf-8")
        self.stdout.write(report)
        self.stdout.write(f"written to {output}")

    # --- the run, inside the transaction

    def _run(self, figures: Figures, files: list[Path], stored: list[str]) -> None:
        from threadline.chronologies.models import ChronologyEntry, ChronologyImport, ImportStatus

        review, reviewer, chronologies = self._make_review(len(files))
        figures.baseline_mb = _peak_mb()
        cpu_began = time.process_time()
        for (chronology, writer), path in zip(chronologies, files, strict=True):
            began = time.perf_counter()
            job = self._import(chronology, writer, path, figures, stored)
            figures.per_file.append(time.perf_counter() - began)
            if job.status != ImportStatus.IMPORTED:
                problems = "; ".join(f"row {p['row']}: {p['message']}" for p in job.problems[:5])
                raise CommandError(f"{path.name} was not imported ({job.status}): {job.failure or problems}")
            figures.imported += job.new_rows
        figures.import_seconds = sum(figures.per_file)
        figures.import_cpu_seconds = time.process_time() - cpu_began
        figures.peak_mb = _peak_mb()
        figures.encrypted_fields = sum(
            ChronologyEntry.objects.filter(version__chronology__review=review).exclude(**{part: ""}).count()
            for part in ("what_happened", "who_was_present", "childs_voice", "opinion")
        )
        assert (
            not ChronologyImport.objects.filter(chronology__review=review).exclude(status="imported").exists()
        )
        self._submit(chronologies)
        self._render(review, reviewer, figures)

    def _make_review(self, agencies: int):
        from threadline.chronologies.models import AgencyChronology, ChronologyVersion
        from threadline.core.models import Role
        from threadline.core.testing import make_organisation, make_person
        from threadline.incidents.tests.builders import YJS, framework_version, notify
        from threadline.reviews.services import review_start

        stamp = timezone.now().strftime("%Y%m%d%H%M%S")
        lead = make_organisation(f"Benchmark Youth Justice Service {stamp}")
        manager = make_person(lead, Role.SERVICE_MANAGER, email=f"bench-manager-{stamp}@example.invalid")
        reviewer = make_person(lead, Role.REVIEWER, email=f"bench-reviewer-{stamp}@example.invalid")
        incident = notify(actor=manager, organisation=lead, version=framework_version(YJS))
        review = review_start(actor=manager, incident=incident)
        chronologies = []
        for index in range(agencies):
            agency = make_organisation(f"Benchmark Agency {index + 1:02d} {stamp}", type="other")
            writer = make_person(
                agency,
                Role.PARTNER_AGENCY_LEAD,
                email=f"bench-agency-{index + 1:02d}-{stamp}@example.invalid",
            )
            chronology = AgencyChronology.objects.create(
                review=review,
                organisation=agency,
                period_from=PERIOD[0],
                period_to=PERIOD[1],
                due_on=timezone.localdate() + timedelta(days=28),
                requested_by=manager,
            )
            ChronologyVersion.objects.create(chronology=chronology, number=1, created_by=manager)
            chronologies.append((chronology, writer))
        return review, reviewer, chronologies

    def _import(self, chronology, writer, path: Path, figures: Figures, stored: list[str]):
        from threadline.chronologies.models import ChronologyImport
        from threadline.chronologies.services.imports import (
            chronology_import_check,
            chronology_import_confirm,
            chronology_import_run,
            chronology_import_upload,
        )

        began = time.perf_counter()
        with path.open("rb") as handle:
            job = chronology_import_upload(
                actor=writer, chronology=chronology, uploaded_file=File(handle, path.name)
            )
        # Deleted at the end: the rollback drops the rows that say so, not the files.
        stored += [job.file.name, f"{job.file.name}.rows"]
        job = chronology_import_check(import_id=job.pk)
        checked = time.perf_counter()
        figures.check_seconds += checked - began
        job = ChronologyImport.objects.get(pk=job.pk)
        chronology_import_confirm(actor=writer, chronology_import=job)
        job = chronology_import_run(import_id=job.pk, actor_id=writer.pk)
        figures.write_seconds += time.perf_counter() - checked
        return job

    def _submit(self, chronologies) -> None:
        from threadline.chronologies.services.versions import chronology_submit

        for chronology, writer in chronologies:
            chronology_submit(actor=writer, chronology=chronology)

    def _render(self, review, reviewer, figures: Figures) -> None:
        url = reverse("chronologies:merged", kwargs={"review_pk": review.pk})
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(ALLOWED_HOSTS=hosts):
            client = Client()
            client.force_login(reviewer)
            began = time.perf_counter()
            first = client.get(url, secure=True)
            figures.cold_render_ms = (time.perf_counter() - began) * 1000
            if first.status_code != 200:
                raise CommandError(f"the merged chronology answered {first.status_code}")
            if b"(record 1)" not in first.content and b"(record" not in first.content:
                raise CommandError("the merged chronology's first page shows no imported entry")
            for _ in range(figures.renders):
                began = time.perf_counter()
                response = client.get(url, secure=True)
                figures.render_ms.append((time.perf_counter() - began) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"the merged chronology answered {response.status_code}")

    @staticmethod
    def _delete_files(stored: list[str]) -> None:
        from threadline.chronologies.models import ChronologyImport

        storage = ChronologyImport._meta.get_field("file").storage
        for name in stored:
            if name and storage.exists(name):
                storage.delete(name)
