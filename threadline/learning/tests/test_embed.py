"""Embedding (seed 003 Phase 4) without a database: measures grouped into series, the change
between the first and the latest figure, the latest judgement and a review's summary."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis.strategies import integers

from ..domain import embed as rules
from ..domain.embed import ActionFacts, Figure, Reading, change_between, parse_figure, series_of, summarise
from ..models import EmbedMeasureShows


def reading(pk, action_id, name, day, result, shows=rules.CHANGED, kind="audit"):
    return Reading(
        pk=pk, action_id=action_id, kind=kind, name=name, measured_on=day, result=result, shows=shows
    )


def test_figures_are_numbers_or_percentages_and_words_are_not():
    assert parse_figure("61%") == Figure(Decimal("61"), True)
    assert parse_figure(" 61.5 per cent ") == Figure(Decimal("61.5"), True)
    assert parse_figure("1,204") == Figure(Decimal("1204"), False)
    assert parse_figure("-3") == Figure(Decimal("-3"), False)
    for words in ("good", "12 of 20", "", "61%%", "about 60%", "1,2"):
        assert parse_figure(words) is None, words


def test_the_change_between_two_figures_reads_as_a_board_member_says_it():
    assert change_between("61%", "88%") == "61% → 88%, up 27 points"
    assert change_between("88%", "87%") == "88% → 87%, down 1 point"
    assert change_between("14", "9") == "14 → 9, down 5"
    assert change_between("1,200", "1,450.5") == "1,200 → 1,450.5, up 250.5"
    assert change_between("70 per cent", "70%") == "70% → 70%, no change"


def test_no_change_is_stated_between_words_or_a_percentage_and_a_count():
    assert change_between("requires improvement", "good") == ""
    assert change_between("61%", "14") == ""
    assert change_between("61%", "") == ""


@given(a=integers(min_value=0, max_value=100), b=integers(min_value=0, max_value=100))
def test_the_change_in_points_is_the_difference_of_the_percentages(a, b):
    text = change_between(f"{a}%", f"{b}%")
    assert text.startswith(f"{a}% → {b}%, ")
    if a == b:
        assert text.endswith("no change")
    else:
        assert f"{'up' if b > a else 'down'} {abs(b - a)} point" in text


def test_readings_group_per_action_and_name_in_date_order_whatever_order_they_were_recorded():
    found = series_of(
        [
            reading(3, 1, "Case file audit", date(2025, 9, 1), "88%", rules.PARTLY),
            reading(1, 1, "Case file audit", date(2025, 3, 1), "61%", rules.NOT_YET),
            reading(2, 1, "Same-day referrals", date(2025, 4, 1), "12", rules.NOT_YET, kind="indicator"),
            reading(4, 1, "case file  Audit ", date(2025, 6, 1), "70%", rules.NOT_YET),
            reading(5, 2, "Case file audit", date(2025, 5, 1), "good", rules.CHANGED),
        ]
    )
    audit, referrals = found[1]
    assert [r.pk for r in audit.readings] == [1, 4, 3]
    assert (audit.first.result, audit.latest.result) == ("61%", "88%")
    assert audit.change == "61% → 88%, up 27 points"
    assert audit.judgement == rules.PARTLY and audit.judgement_label == "Practice has partly changed"
    assert (referrals.name, referrals.kind, referrals.change) == ("Same-day referrals", "indicator", "")
    (other,) = found[2]
    assert other.first == other.latest and other.change == ""


def test_the_judgement_is_the_latest_readings_even_when_an_older_one_said_more():
    (series,) = series_of(
        [
            reading(1, 1, "Audit", date(2025, 3, 1), "80%", rules.CHANGED),
            reading(2, 1, "Audit", date(2025, 6, 1), "60%", rules.WORSE),
        ]
    )[1]
    assert series.judgement == rules.WORSE
    (legacy,) = series_of([reading(3, 1, "Audit", date(2025, 3, 1), "80%", rules.NOT_SAID)])[1]
    assert legacy.judgement == rules.NOT_SAID and legacy.judgement_label == "Not said"


def test_the_summary_counts_series_by_their_latest_judgement_and_names_unmeasured_check_backs():
    series = series_of(
        [
            reading(1, 1, "Audit", date(2025, 3, 1), "61%", rules.NOT_YET),
            reading(2, 1, "Audit", date(2025, 6, 1), "88%", rules.CHANGED),
            reading(3, 1, "Referrals", date(2025, 6, 1), "12", rules.PARTLY),
            reading(4, 2, "Audit", date(2025, 6, 1), "40%", rules.WORSE),
            reading(5, 3, "Audit", date(2025, 6, 1), "good", rules.NOT_SAID),
            reading(6, 9, "Audit of a removed action", date(2025, 6, 1), "1", rules.CHANGED),
        ]
    )
    summary = summarise(
        [
            ActionFacts(1, checked_back=True),
            ActionFacts(2, checked_back=False),
            ActionFacts(3, checked_back=False),
            ActionFacts(4, checked_back=True),
            ActionFacts(5, checked_back=False),
        ],
        series,
    )
    assert (summary.actions, summary.actions_measured) == (5, 3)
    assert (summary.changed, summary.partly, summary.not_yet, summary.worse, summary.not_said) == (
        1,
        1,
        0,
        1,
        1,
    )
    assert summary.series == 4
    assert summary.checked_back_unmeasured == (4,) and summary.warning


def test_a_review_without_measures_or_check_backs_has_nothing_to_warn_of():
    summary = summarise([ActionFacts(1, checked_back=False)], {})
    assert (summary.actions, summary.actions_measured, summary.series) == (1, 0, 0)
    assert not summary.warning


def test_the_models_choices_are_the_domains_judgements():
    assert tuple(EmbedMeasureShows.values) == rules.JUDGEMENTS
