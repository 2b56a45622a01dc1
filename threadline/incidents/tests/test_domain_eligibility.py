"""The 20-day rule of seed 000 §6 (and the national procedure of seed 002): eligibility with
reasons a person can read. Pure: no database."""

from datetime import date

import pytest

from threadline.incidents.domain.eligibility import (
    CLOSURE_WINDOW_DAYS,
    EligibilityError,
    assess_eligibility,
    closure_problem,
)

INCIDENT_ON = date(2025, 6, 20)
CRITERION = "Attempts suicide"


def assess(framework_key="yjs-serious-incident-review", status="open", closed_on=None):
    return assess_eligibility(
        framework_key=framework_key,
        status_with_service=status,
        case_closed_on=closed_on,
        incident_on=INCIDENT_ON,
        criterion_text=CRITERION,
    )


def test_the_window_is_the_seeds_twenty_days():
    assert CLOSURE_WINDOW_DAYS == 20


def test_a_child_open_to_the_service_is_eligible_with_the_reason():
    answer = assess(status="open")
    assert answer.eligible
    assert answer.reasons == (
        "open to the service at the time of the incident",
        "meets the criterion “Attempts suicide”",
    )


def test_a_case_closed_twelve_days_before_is_eligible_within_twenty():
    answer = assess(status="closed-recently", closed_on=date(2025, 6, 8))
    assert answer.eligible
    assert (
        answer.summary
        == "eligible: closed 12 days before the incident, within 20; meets the criterion “Attempts suicide”"
    )


def test_a_case_closed_exactly_twenty_days_before_is_still_eligible():
    answer = assess(status="closed-recently", closed_on=date(2025, 5, 31))
    assert answer.eligible
    assert answer.reasons[0] == "closed 20 days before the incident, within 20"


def test_a_case_closed_twenty_one_days_before_is_not_eligible():
    answer = assess(status="closed-longer", closed_on=date(2025, 5, 30))
    assert not answer.eligible
    assert answer.summary == "not eligible: closed 21 days before the incident, more than 20"


def test_one_day_reads_in_the_singular():
    assert assess(status="closed-recently", closed_on=date(2025, 6, 19)).reasons[0] == (
        "closed 1 day before the incident, within 20"
    )


@pytest.mark.parametrize("status", ["closed-recently", "closed-longer"])
def test_a_closed_case_without_its_closing_date_is_an_error_on_that_field(status):
    with pytest.raises(EligibilityError, match="Enter the date the case closed") as error:
        assess(status=status, closed_on=None)
    assert error.value.field == "case_closed_on"


def test_a_case_cannot_close_after_the_incident():
    with pytest.raises(EligibilityError, match="on or before the date of the incident") as error:
        assess(status="closed-recently", closed_on=date(2025, 6, 21))
    assert error.value.field == "case_closed_on"


def test_a_child_not_known_to_a_youth_justice_service_is_not_eligible():
    answer = assess(status="not-known")
    assert not answer.eligible
    assert answer.reasons == ("not known to the service",)


def test_the_national_youth_justice_procedure_applies_the_same_window():
    answer = assess(
        framework_key="national-youth-justice-incident", status="closed-longer", closed_on=date(2025, 5, 1)
    )
    assert not answer.eligible


@pytest.mark.parametrize(
    "framework_key", ["english-practice-review", "local-board-learning-review", "scottish-learning-review"]
)
@pytest.mark.parametrize("status", ["open", "closed-longer", "not-known"])
def test_frameworks_without_the_twenty_day_rule_go_by_the_criterion_alone(framework_key, status):
    answer = assess(framework_key=framework_key, status=status, closed_on=None)
    assert answer.eligible
    assert answer.reasons == ("meets the criterion “Attempts suicide”",)


# The status and the closing date must agree (the error belongs to the date)


@pytest.mark.parametrize("framework_key", ["yjs-serious-incident-review", "english-practice-review"])
def test_closed_within_the_last_20_days_with_a_date_more_than_20_days_before_is_refused(framework_key):
    with pytest.raises(EligibilityError) as error:
        assess(framework_key=framework_key, status="closed-recently", closed_on=date(2025, 5, 30))
    assert error.value.field == "case_closed_on"
    assert str(error.value) == (
        "The case closed 21 days before the incident, not within the last 20 days: check the date, "
        "or change the status to ‘Closed more than 20 days ago’"
    )


@pytest.mark.parametrize("closed_on", [date(2025, 5, 31), date(2025, 6, 19), INCIDENT_ON])
def test_closed_more_than_20_days_ago_with_a_date_within_20_days_is_refused(closed_on):
    with pytest.raises(
        EligibilityError, match="change the status to ‘Closed within the last 20 days’"
    ) as error:
        assess(status="closed-longer", closed_on=closed_on)
    assert error.value.field == "case_closed_on"


def test_the_closure_message_reads_in_the_singular_for_one_day():
    problem = closure_problem(
        status_with_service="closed-longer", case_closed_on=date(2025, 6, 19), incident_on=INCIDENT_ON
    )
    assert problem.startswith("The case closed 1 day before the incident, within the last 20 days")


def test_a_status_and_date_that_agree_are_no_problem():
    for status, closed_on in (("closed-recently", date(2025, 5, 31)), ("closed-longer", date(2025, 5, 30))):
        assert (
            closure_problem(status_with_service=status, case_closed_on=closed_on, incident_on=INCIDENT_ON)
            is None
        )
