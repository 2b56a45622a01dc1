"""The merged chronology as a file: dates in words, text made safe for spreadsheets and XML,
the filters and the title block (domain/exports.py, no database)."""

from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadline.chronologies.domain.exports import (
    COLUMNS,
    SHEET_COLUMNS,
    AgencyVersion,
    ExportFilters,
    ExportRow,
    ExportRuleError,
    TitleBlock,
    check_pdf_size,
    download_name,
    is_formula_like,
    printable,
    spreadsheet_text,
    when_in_words,
)


@pytest.mark.parametrize(
    ("precision", "at", "words"),
    [
        ("month", None, "March 2024"),
        ("day", None, "12 March 2024"),
        ("time", time(14, 30), "12 March 2024, 14:30"),
        ("time", time(9, 5), "12 March 2024, 09:05"),
    ],
)
def test_a_date_reads_as_precisely_as_it_is_known(precision, at, words):
    on = date(2024, 3, 1) if precision == "month" else date(2024, 3, 12)
    assert when_in_words(on, precision, at) == words


@pytest.mark.parametrize(
    "hostile", ['=HYPERLINK("http://x")', "+1+1", "@SUM(A1)", "-2+3", "\tcmd", "\r=1+2", "=1"]
)
def test_text_a_spreadsheet_could_run_is_marked_as_text_and_kept_as_written(hostile):
    text, marked = spreadsheet_text(hostile)
    assert marked is True
    assert text == hostile.replace("\r", "\n")


@pytest.mark.parametrize("harmless", ["Home visit", "2+3", "Said 'no'", "", "e-mail sent", " =not first"])
def test_ordinary_text_is_not_marked(harmless):
    assert spreadsheet_text(harmless) == (harmless, False)


def test_characters_xml_refuses_are_removed_and_nothing_else():
    assert printable("Line one\x0bline two\x00\x1f\x0cpage two") == "Line one\nline two\npage two"
    assert printable("a\r\nb\rc\td") == "a\nb\nc\td"
    assert printable(None) == ""


@given(st.text())
def test_printable_text_is_always_xml_safe(text):
    cleaned = printable(text)
    assert not any(ord(c) < 32 and c not in "\t\n" for c in cleaned)
    assert "\ufffe" not in cleaned and "\uffff" not in cleaned


@given(st.text(min_size=1))
def test_no_text_is_written_as_a_formula_could_start_without_its_mark(text):
    written, marked = spreadsheet_text(text)
    assert marked or not is_formula_like(written)
    assert marked or not is_formula_like(text)


def test_a_row_gives_the_cells_of_word_and_pdf_in_column_order():
    row = ExportRow(
        on=date(2024, 3, 12),
        precision="time",
        at=time(14, 30),
        agency="Northbridge Police",
        source="Niche",
        author_role="Constable",
        what_happened="Attended\r\nFound",
        who_was_present="Mother",
        childs_voice="Did not want to go home",
        opinion="Should have referred",
        significant=True,
    )
    assert [c.heading for c in COLUMNS] == [
        "Date",
        "Agency",
        "Source",
        "Author role",
        "What happened",
        "Who was present",
        "The child's voice",
        "Professional opinion or analysis",
        "Significant",
    ]
    assert row.texts() == [
        "12 March 2024, 14:30",
        "Northbridge Police",
        "Niche",
        "Constable",
        "Attended\nFound",
        "Mother",
        "Did not want to go home",
        "Should have referred",
        "Yes",
    ]
    assert row.sheet_date() == datetime(2024, 3, 12, 14, 30)
    assert [c.heading for c in SHEET_COLUMNS[:2]] == ["Date", "Date known to"]
    assert sum(c.share for c in COLUMNS) == pytest.approx(100)


def test_filters_round_trip_through_json_and_read_in_words():
    filters = ExportFilters(
        organisation_ids=(7, 3), date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), significant_only=True
    )
    assert filters.as_json() == {
        "agencies": [3, 7],
        "from": "2024-01-01",
        "to": "2024-12-31",
        "significant_only": True,
    }
    again = ExportFilters.from_json(filters.as_json())
    assert set(again.organisation_ids) == {3, 7} and again.date_to == date(2024, 12, 31)
    assert filters.described({3: "Riverside NHS Trust", 7: "Northbridge Police"}) == [
        ("Agencies", "Northbridge Police, Riverside NHS Trust"),
        ("Period", "1 January 2024 to 31 December 2024"),
        ("Entries", "Significant entries only"),
    ]
    assert ExportFilters().described({}) == [
        ("Agencies", "All agencies"),
        ("Period", "The whole chronology"),
        ("Entries", "All entries"),
    ]
    assert ExportFilters(date_from=date(2024, 5, 1)).described({})[1] == ("Period", "From 1 May 2024")
    assert ExportFilters(date_to=date(2024, 5, 1)).described({})[1] == ("Period", "Up to 1 May 2024")


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ExportRuleError, match="end of the period") as refused:
        ExportFilters(date_from=date(2024, 5, 2), date_to=date(2024, 5, 1))
    assert refused.value.field == "date_to"


def test_the_title_block_names_the_review_by_reference_and_pseudonym():
    title = TitleBlock(
        reference="TL-2025-00012",
        pseudonym="Child R",
        filters=ExportFilters().described({}),
        agencies=[AgencyVersion("Northbridge Police", 2, date(2025, 4, 3))],
        produced_at=datetime(2025, 5, 1, 10, 15),
        produced_by="Sofia Lind",
        row_count=1234,
    )
    assert title.summary() == [
        ("Review", "TL-2025-00012: Child R"),
        ("Agencies", "All agencies"),
        ("Period", "The whole chronology"),
        ("Entries", "All entries"),
        ("Entries included", "1,234"),
        ("Produced", "1 May 2025 at 10:15 by Sofia Lind"),
    ]
    assert title.agencies[0].described == "Version 2, submitted 3 April 2025"
    assert title.marking == "OFFICIAL-SENSITIVE"


def test_the_file_name_says_the_reference_and_what_the_file_is():
    assert download_name("TL-2025-00012", "docx") == "TL-2025-00012-merged-chronology.docx"
    assert download_name('TL/2025 "x"', "pdf") == "TL-2025-x-merged-chronology.pdf"


def test_a_pdf_is_refused_past_its_size_and_the_other_formats_are_offered():
    check_pdf_size(5_000)
    with pytest.raises(ExportRuleError) as refused:
        check_pdf_size(20_000)
    assert refused.value.field == "file_format"
    assert str(refused.value) == (
        "A PDF can hold up to 5,000 entries and these filters give 20,000: choose Excel or Word, "
        "or narrow the filters"
    )
