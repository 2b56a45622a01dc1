from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("workingdays", *args, stdout=out)
    return out.getvalue()


def test_adding_working_days_prints_the_date_alone():
    answer = run("add", "--nation", "scotland", "--start", "2025-12-19", "--days", "10")
    assert answer == "2026-01-08\n"


def test_counting_working_days_prints_the_number_alone():
    answer = run(
        "between",
        "--nation",
        "northern-ireland",
        "--start",
        "2025-07-01",
        "--end",
        "2025-07-31",
    )
    assert answer == "21\n"


def test_an_organisations_nation_name_is_understood():
    assert run("add", "--nation", "wales", "--start", "2025-12-19", "--days", "10") == "2026-01-07\n"


def test_a_one_off_day_added_by_an_administrator_is_counted():
    from threadline.core.models import ExtraBankHoliday

    ExtraBankHoliday.objects.create(nation="scotland", date=date(2026, 1, 5), name="One-off")
    ExtraBankHoliday.objects.create(nation="england-and-wales", date=date(2026, 1, 6), name="Other")
    assert run("add", "--nation", "scotland", "--start", "2025-12-19", "--days", "10") == "2026-01-09\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["add", "--nation", "france", "--start", "2025-01-01", "--days", "1"],
            "not a UK nation",
        ),
        (
            ["add", "--nation", "scotland", "--start", "2025-13-01", "--days", "1"],
            "YYYY-MM-DD",
        ),
        (
            ["add", "--nation", "scotland", "--start", "2025-01-01", "--days", "-1"],
            "0 or more",
        ),
        (
            ["add", "--nation", "scotland", "--start", "2025-01-01", "--days", "ten"],
            "0 or more",
        ),
        (
            ["add", "--nation", "scotland", "--start", "1999-01-01", "--days", "1"],
            "outside",
        ),
        (
            [
                "between",
                "--nation",
                "scotland",
                "--start",
                "2025-07-31",
                "--end",
                "2025-07-01",
            ],
            "end date is before the start date",
        ),
    ],
)
def test_a_bad_question_is_refused_with_a_one_line_reason_and_status_2(args, message):
    with pytest.raises(CommandError, match=message) as refused:
        run(*args)
    assert refused.value.returncode == 2
    assert "\n" not in str(refused.value)


def test_the_benchmark_writes_its_figures_to_a_file(tmp_path):
    output = tmp_path / "benchmarks" / "workingdays.txt"
    arguments = ["--questions", "2000", "--sample", "500", "--output", str(output)]
    call_command("bench_workingdays", *arguments, stdout=StringIO())
    figures = output.read_text()
    assert "questions/s" in figures
    assert "ratio:" in figures
