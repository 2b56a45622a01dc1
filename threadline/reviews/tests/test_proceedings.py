"""Proceedings running alongside a review (issue 5 item 9; seed 004): starting one may pause the
incident's deadlines and ending it resumes them; checked, audited, and on its page."""

from datetime import date

import pytest
from django.urls import reverse

from threadline.core.access import NotAllowed
from threadline.core.models import AuditEvent
from threadline.core.testing import assert_isolated
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text
from threadline.incidents.models import ClockPause
from threadline.incidents.selectors import incident_timeline
from threadline.reviews.models import ParallelProceeding, ProceedingStatus
from threadline.reviews.services import ReviewRuleError, review_proceeding_end, review_proceeding_start

from .conftest import on

pytestmark = pytest.mark.django_db


def start(actor, review, **changes):
    given = {
        "kind": "police-investigation",
        "liaison": "DS Amara Khan, public protection unit",
        "started_on": date(2025, 3, 6),
        "pause_clock": True,
        "reason": "Police investigation: the review waits for charging advice",
    }
    return review_proceeding_start(actor=actor, review=review, **{**given, **changes})


def states(incident, today):
    return {row.stage.key: row.state for row in incident_timeline(incident, today=today)}


def test_starting_with_pause_clock_pauses_the_deadlines_and_ending_resumes_them(manager, review):
    incident = review.incident
    assert "paused" not in states(incident, date(2025, 3, 10)).values()
    with on(date(2025, 3, 10)):
        proceeding = start(manager, review)
    assert proceeding.pause is not None and proceeding.pause.incident_id == incident.pk
    assert "paused" in states(incident, date(2025, 3, 10)).values()
    with on(date(2025, 3, 20)):
        ended = review_proceeding_end(actor=manager, proceeding=proceeding, ended_on=date(2025, 3, 20))
    assert ended.status == ProceedingStatus.ENDED and ended.ended_on == date(2025, 3, 20)
    assert ClockPause.objects.get(pk=proceeding.pause_id).ended_on == date(2025, 3, 20)
    assert "paused" not in states(incident, date(2025, 3, 21)).values()
    details = [e.detail for e in AuditEvent.objects.filter(target_id=review.pk).order_by("pk")]
    assert any(d.get("proceeding") == proceeding.pk and d.get("pauses_clock") for d in details)
    assert any(d.get("proceeding") == proceeding.pk and d.get("clock_resumed") for d in details)


def test_proceedings_that_do_not_pause_the_clock_leave_the_deadlines_running(chair, review):
    with on(date(2025, 3, 10)):
        proceeding = start(chair, review, kind="inquest", pause_clock=False, reason="")
        review_proceeding_end(actor=chair, proceeding=proceeding, ended_on=date(2025, 3, 10))
    assert proceeding.pause is None and not ClockPause.objects.exists()


def test_only_managers_and_chairs_of_the_lead_organisation_record_proceedings(reviewer, stranger, review):
    for person in (reviewer, stranger):
        with on(date(2025, 3, 10)), pytest.raises(NotAllowed):
            start(person, review)
    assert not ParallelProceeding.objects.exists() and not ClockPause.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": "rumour"}, "kind", "Choose the kind of proceedings"),
        ({"liaison": " "}, "liaison", "Enter who liaises with the proceedings"),
        ({"started_on": None}, "started_on", "Enter the date the proceedings started"),
        ({"started_on": date(2025, 4, 1)}, "started_on", "must be today or in the past"),
        ({"reason": ""}, "reason", "Enter why the clock is paused"),
    ],
)
def test_a_mistake_is_named_with_its_field_and_nothing_is_saved(manager, review, changes, field, message):
    with on(date(2025, 3, 10)), pytest.raises(ReviewRuleError, match=message) as refused:
        start(manager, review, **changes)
    assert refused.value.field == field
    assert not ParallelProceeding.objects.exists() and not ClockPause.objects.exists()


def test_a_second_pause_while_the_clock_is_paused_is_refused_and_rolled_back(manager, review):
    with on(date(2025, 3, 10)):
        start(manager, review)
        with pytest.raises(ReviewRuleError, match="already paused"):
            start(manager, review, kind="criminal-trial")
    assert ParallelProceeding.objects.count() == 1


def test_the_proceedings_page_adds_and_ends_them_with_errors_by_the_fields(client, manager, review):
    url = reverse("reviews:proceedings", kwargs={"pk": review.pk})
    client.force_login(manager)
    with on(date(2025, 3, 10)):
        refused = client.post(url, {"kind": "inquest", "liaison": ""})
        assert refused.status_code == 200
        assert field_error(refused, "id_liaison") == "Enter who liaises with the proceedings"
        assert "Enter who liaises with the proceedings" in error_summary(refused)
        added = client.post(
            url,
            {
                "kind": "inquest",
                "liaison": "Coroner's officer",
                "started_on_0": "6",
                "started_on_1": "3",
                "started_on_2": "2025",
                "pause_clock": "on",
                "reason": "Inquest opened",
            },
        )
        assert added.status_code == 302
        proceeding = ParallelProceeding.objects.get(review=review)
        body = page_text(client.get(url))
        assert "Inquest" in body and "Coroner's officer" in body and "is paused" in body
        end_url = reverse("reviews:proceeding_end", kwargs={"pk": review.pk, "proceeding_pk": proceeding.pk})
        too_early = client.post(end_url, {"ended_on_0": "1", "ended_on_1": "3", "ended_on_2": "2025"})
        assert field_error(too_early, "id_ended_on") == "The proceedings cannot end before they started"
        ended = client.post(end_url, {"ended_on_0": "10", "ended_on_1": "3", "ended_on_2": "2025"})
        assert "Parallel proceedings</a>" in page_text(client.get(review.get_absolute_url()))
    assert ended.status_code == 302
    assert ParallelProceeding.objects.get(pk=proceeding.pk).status == ProceedingStatus.ENDED


def test_the_proceedings_pages_are_isolated_and_refuse_other_roles(client, manager, reviewer, review):
    url = reverse("reviews:proceedings", kwargs={"pk": review.pk})
    assert_isolated(client, url, owner=manager)
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    assert client.post(url, {"kind": "inquest", "liaison": "x"}).status_code == 403
    with on(date(2025, 3, 10)):
        proceeding = start(manager, review)
    end_url = reverse("reviews:proceeding_end", kwargs={"pk": review.pk, "proceeding_pk": proceeding.pk})
    assert client.get(end_url).status_code == 403
    assert_isolated(client, end_url, owner=manager)
