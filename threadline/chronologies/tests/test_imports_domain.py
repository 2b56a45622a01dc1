"""Reading a chronology out of a CSV, Excel or Word file, without a database: headings,
encodings, formulas, date cells, and the row-by-row report."""

import io
from datetime import date, datetime, time

import pytest

from threadline.chronologies.domain.entries import DAY, MONTH, TIME, When
from threadline.chronologies.domain.imports import (
    CSV,
    DOCX,
    FORMULA_MESSAGE,
    MAX_PROBLEMS_LISTED,
    PREVIEW_ROWS,
    XLSX,
    ImportCheck,
    ImportFileError,
    column_letter,
    is_csv_formula,
    match_headings,
    row_as_data,
    row_from_data,
)
from threadline.chronologies.domain.imports_readers import open_file_rows

from .fixtures_imports import HEADINGS, PERIOD, SCHOOL, STRATEGY, VISIT, csv_bytes, docx_bytes, xlsx_bytes


def check(kind: str, content: bytes, *, existing=frozenset(), max_rows: int = 50_000):
    """(the check, the entries it would import as (row, entry))."""
    done = ImportCheck(period_from=PERIOD[0], period_to=PERIOD[1], existing=existing, max_rows=max_rows)
    entries = []
    try:
        with open_file_rows(kind, io.BytesIO(content)) as rows:
            for row in rows.rows:
                entry = done.add(row)
                if entry is not None:
                    entries.append((row.number, entry))
    except ImportFileError as error:
        done.file_problems(error)
    return done, entries


def problems(done) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in done.problems]


# --- headings


def test_headings_match_whatever_their_case_spacing_and_apostrophe():
    keys = match_headings(["  DATE ", "what   happened", "The child’s voice", "significant *", None, ""])
    assert keys == {0: "date", 1: "what_happened", 2: "childs_voice", 3: "significant"}


def test_unknown_repeated_and_missing_columns_are_each_named():
    with pytest.raises(ImportFileError) as refused:
        match_headings(["Date", "Notes", "Date", "Outcome"])
    assert [(p.row, p.column, p.message) for p in refused.value.problems] == [
        (
            1,
            "Notes",
            "‘Notes’ (column B) is not a column of the template: rename it to one of Date, Time, Source, "
            "Author role, What happened, Who was present, The child's voice, Professional opinion or "
            "analysis, Significant, or remove it",
        ),
        (1, "Date", "There are two ‘Date’ columns (A and C): keep one"),
        (1, "Outcome", refused.value.problems[2].message),
        (
            1,
            "What happened",
            "There is no ‘What happened’ column: the first row must hold the column headings, as in the template",
        ),
    ]
    assert refused.value.problems[2].message.startswith("‘Outcome’ (column D) is not a column")


def test_an_empty_first_row_is_refused():
    with pytest.raises(ImportFileError, match="The first row is empty"):
        match_headings(["", None, "  "])


def test_columns_are_lettered_as_a_spreadsheet_does():
    assert [column_letter(i) for i in (0, 8, 25, 26, 27, 701, 702)] == [
        "A",
        "I",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


# --- CSV


def test_a_csv_file_in_utf8_with_or_without_a_byte_order_mark_is_read_in_full():
    for encoding in ("utf-8", "utf-8-sig"):
        done, entries = check(CSV, csv_bytes([VISIT, STRATEGY, SCHOOL], encoding=encoding))
        assert done.passed and done.new == 3 and [number for number, _ in entries] == [2, 3, 4]
        visit = entries[0][1]
        assert visit.when == When(date(2024, 3, 12), TIME, time(14, 30))
        assert visit.opinion == VISIT["opinion"] and visit.what_happened == VISIT["what_happened"]
        assert visit.significant is True
        assert entries[1][1].when == When(date(2024, 3, 1), MONTH)
        assert entries[2][1].childs_voice == SCHOOL["childs_voice"]


def test_a_csv_file_in_another_encoding_names_the_byte_and_the_line():
    content = csv_bytes([STRATEGY, {**SCHOOL, "what_happened": "Mum said “not today”"}], encoding="cp1252")
    done, entries = check(CSV, content)
    assert not done.passed
    assert problems(done) == [
        (
            None,
            "",
            "The file is not UTF-8 text (byte 0x93 on line 3): in Excel save it as ‘CSV UTF-8 (Comma "
            "delimited)’ and upload that file",
        )
    ]


def test_a_csv_file_in_utf16_is_refused_saying_how_to_save_it():
    done, _ = check(CSV, csv_bytes([SCHOOL], encoding="utf-16"))
    assert problems(done)[0][2].startswith("The file is UTF-16 text, not UTF-8: in Excel save it as")


def test_semicolons_and_tabs_are_read_as_separators_too():
    for delimiter in (";", "\t"):
        done, entries = check(CSV, csv_bytes([VISIT], delimiter=delimiter))
        assert done.passed and entries[0][1].source == "Case management system"


def test_a_cell_with_several_lines_stays_one_cell():
    done, entries = check(CSV, csv_bytes([{**SCHOOL, "what_happened": "First line\nSecond line"}]))
    assert done.passed and entries[0][1].what_happened == "First line\nSecond line"


@pytest.mark.parametrize(
    "text",
    ["=1+2", '=HYPERLINK("http://x.example","Click")', "@SUM(A1:A3)", "-HYPERLINK(x)", "+cmd|' /C calc'!A0"],
)
def test_a_csv_cell_a_spreadsheet_would_run_is_a_formula(text):
    assert is_csv_formula(text)


@pytest.mark.parametrize(
    "text",
    [
        "- visit cancelled by the family",
        "+44 7700 900123",
        "@Mum (aunt) visited",
        "-2",
        "Met at 9 = late",
        "",
    ],
)
def test_a_dash_a_telephone_number_or_a_mention_is_text(text):
    assert not is_csv_formula(text)


def test_a_formula_in_a_csv_cell_is_reported_by_row_and_column_and_nothing_else_about_it():
    rows = [SCHOOL, {**STRATEGY, "what_happened": '=HYPERLINK("http://x.example","Click")'}]
    done, entries = check(CSV, csv_bytes(rows))
    assert problems(done) == [(3, "What happened", FORMULA_MESSAGE)]
    assert FORMULA_MESSAGE == "The cell holds a formula; paste its value instead"
    assert done.new == 1 and not done.passed


def test_values_beyond_the_headed_columns_are_reported_not_dropped():
    content = csv_bytes([SCHOOL]) + b"02/04/2024,,,,Call from the school,,,,,stray value\r\n"
    done, _ = check(CSV, content)
    assert problems(done) == [
        (
            3,
            "Column J",
            "The cell has a value but its column has no heading: add the heading or move the value",
        )
    ]


# --- every row's rules, with the row and column the person will look for


def test_each_problem_names_its_row_and_column_and_every_problem_is_reported():
    rows = [
        VISIT,
        {"date": "31/02/2024", "what_happened": "A date that does not exist"},
        {"date": "yesterday", "what_happened": "A date in words"},
        {"date": "12/03/2019", "what_happened": "Before the period"},
        {"date": "", "what_happened": ""},  # blank: skipped, not reported
        {"date": "12/03/2024", "what_happened": "", "significant": "maybe"},
        {"date": "12/03/2024", "time": "25:00", "what_happened": "A time that does not exist"},
        {"what_happened": "No date"},
    ]
    done, entries = check(CSV, csv_bytes(rows))
    assert [number for number, _ in entries] == [2]
    period = "The date must be within the chronology's period, 1 January 2023 to 1 March 2025"
    assert problems(done) == [
        (3, "Date", "‘31/02/2024’ is not a real date"),
        (4, "Date", "‘yesterday’ is not a date: use a day like 12/03/2024, or a month like 03/2024"),
        (5, "Date", period),
        (7, "What happened", "Enter what happened"),
        (7, "Significant", "Significant must be yes or no"),
        (8, "Time", "‘25:00’ is not a time: use the 24-hour clock, like 14:30"),
        (9, "Date", "Enter the date"),
    ]
    assert done.entries == 7 and done.rows == 8 and done.problem_count == 7


def test_a_month_that_overlaps_the_period_is_inside_it():
    done, entries = check(CSV, csv_bytes([{"date": "01/2023", "what_happened": "Referral month"}]))
    assert done.passed and entries[0][1].when == When(date(2023, 1, 1), MONTH)


def test_a_row_repeated_exactly_in_the_file_is_reported_naming_the_first():
    done, entries = check(CSV, csv_bytes([SCHOOL, VISIT, SCHOOL]))
    assert problems(done) == [
        (
            4,
            "",
            "This row repeats row 2 exactly; each entry is imported once, so remove one or add what tells "
            "them apart, such as the time",
        )
    ]


def test_rows_imported_before_are_counted_apart_and_not_imported_again():
    first, entries = check(CSV, csv_bytes([VISIT, STRATEGY]))
    keys = {entry.fingerprint() for _, entry in entries}
    again, new = check(CSV, csv_bytes([VISIT, STRATEGY, SCHOOL]), existing=keys)
    assert again.passed and again.already_there == 2 and again.new == 1
    assert [number for number, _ in new] == [4] and again.preview[0]["row"] == 4


def test_only_the_first_problems_are_listed_but_all_are_counted():
    rows = [{"date": "not a date", "what_happened": f"Row {n}"} for n in range(MAX_PROBLEMS_LISTED + 20)]
    done, _ = check(CSV, csv_bytes(rows))
    assert done.problem_count == MAX_PROBLEMS_LISTED + 20 and len(done.problems) == MAX_PROBLEMS_LISTED


def test_the_preview_holds_the_first_rows_with_fact_and_opinion_apart():
    rows = [{"date": f"{day:02d}/05/2024", "what_happened": f"Contact {day}"} for day in range(1, 26)]
    rows[0] = VISIT
    done, _ = check(CSV, csv_bytes(rows))
    assert len(done.preview) == PREVIEW_ROWS and done.new == 25
    first = done.preview[0]
    assert first["when"] == "12 March 2024, 14:30" and first["significant"] is True
    assert first["what_happened"] == VISIT["what_happened"] and first["opinion"] == VISIT["opinion"]


def test_a_file_longer_than_the_limit_is_refused_as_a_whole():
    done, _ = check(CSV, csv_bytes([SCHOOL, STRATEGY, VISIT]), max_rows=2)
    assert problems(done)[0] == (
        None,
        "",
        "The file has more than 2 rows of entries: split it into files of 2 rows or fewer and import each",
    )


# --- Excel


def test_excel_date_cells_keep_their_day_and_time_and_text_dates_keep_their_precision():
    rows = [
        [datetime(2024, 3, 12), None, "", "", "A day from a date cell"],
        [datetime(2024, 3, 13, 9, 15), None, "", "", "A date and time in one cell"],
        [datetime(2024, 3, 14), time(16, 5), "", "", "A date cell and a time cell"],
        [date(2024, 3, 15), "10:00", "", "", "A date cell and a typed time"],
        ["03/2024", None, 123, "", "A month typed as text; a number as the source"],
    ]
    done, entries = check(XLSX, xlsx_bytes(rows))
    assert done.passed, problems(done)
    assert [entry.when for _, entry in entries] == [
        When(date(2024, 3, 12), DAY),
        When(date(2024, 3, 13), TIME, time(9, 15)),
        When(date(2024, 3, 14), TIME, time(16, 5)),
        When(date(2024, 3, 15), TIME, time(10, 0)),
        When(date(2024, 3, 1), MONTH),
    ]
    assert entries[4][1].source == "123"


def test_an_excel_formula_is_reported_in_its_row_and_column():
    rows = [[datetime(2024, 3, 12), None, "", "", "Visit"], ["12/03/2024", None, "", "", '=CONCAT("a","b")']]
    rows += [[None] * 3 + ["=B2", "A call"]]
    done, _ = check(XLSX, xlsx_bytes(rows))
    assert problems(done) == [
        (3, "What happened", FORMULA_MESSAGE),
        (4, "Author role", FORMULA_MESSAGE),
        (4, "Date", "Enter the date"),
    ]


def test_the_sheet_holding_the_headings_is_read_even_if_it_is_not_the_first():
    done, entries = check(XLSX, xlsx_bytes([VISIT], sheets_before=1))
    assert done.passed and len(entries) == 1


def test_a_damaged_workbook_is_refused_as_a_whole():
    with pytest.raises(ImportFileError, match="The Excel file cannot be read: it may be damaged"):
        with open_file_rows(XLSX, io.BytesIO(b"PK\x03\x04 not really a workbook")):
            pass


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_opened(monkeypatch):
    from threadline.chronologies.domain import imports_readers

    monkeypatch.setattr(imports_readers, "MAX_UNPACKED_BYTES", 10_000)
    content = xlsx_bytes([{**VISIT, "what_happened": "x" * 500}])
    with pytest.raises(ImportFileError, match="The Excel file holds more than can be imported at once"):
        with open_file_rows(XLSX, io.BytesIO(content)):
            pass


# --- Word


def test_a_word_table_is_read_from_the_first_table_with_the_headings_cells_joined_by_new_lines():
    rows = [VISIT, {**SCHOOL, "what_happened": "School reported absence.\nThe head teacher called."}]
    done, entries = check(DOCX, docx_bytes(rows))
    assert done.passed and [number for number, _ in entries] == [2, 3]
    assert entries[1][1].what_happened == "School reported absence.\nThe head teacher called."
    assert entries[0][1].when == When(date(2024, 3, 12), TIME, time(14, 30))


def test_a_word_document_without_the_table_says_so():
    done, _ = check(DOCX, docx_bytes([], headings=["When", "Notes"]))
    assert problems(done)[0][2].startswith(
        "The document has no table whose first row holds the column headings"
    )


def test_a_word_table_with_a_wrong_column_names_it():
    done, _ = check(DOCX, docx_bytes([SCHOOL], headings=[*HEADINGS[:-1], "Outcome"]))
    assert problems(done)[0][:2] == (1, "Outcome")
    assert "(column 9) is not a column of the template" in problems(done)[0][2]


# --- rows kept between the check and the import


def test_a_row_kept_as_data_comes_back_the_same():
    import json

    sheet = xlsx_bytes([[datetime(2024, 3, 13, 9, 15), None, "", "", "A"], ["12/03/2024", "", "", "", "=B2"]])
    with open_file_rows(XLSX, io.BytesIO(sheet)) as rows:
        read = list(rows.rows)
    back = [row_from_data(json.loads(json.dumps(row_as_data(row)))) for row in read]
    assert back == read
    assert back[0].values["when"] == When(date(2024, 3, 13), TIME, time(9, 15))
    assert back[1].unreadable == {"what_happened"} and back[1].problems[0].message == FORMULA_MESSAGE
