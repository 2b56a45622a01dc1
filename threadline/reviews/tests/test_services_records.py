"""Saving a stage's record: versions, audit rows that name fields (never their text), the nine
areas read back, and two people saving from the same version, one after the other or at once."""

import threading

import pytest
from django.db import connection, connections

from threadline.core.access import NotAllowed
from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_person
from threadline.reviews.domain.considerations import AREAS
from threadline.reviews.domain.records import area_field_name
from threadline.reviews.models import StageRecord, StageRecordRevision
from threadline.reviews.selectors import considerations_of
from threadline.reviews.services import ReviewRuleError, StageRecordConflict, stage_record_save

from .conftest import ILR_VALUES

pytestmark = pytest.mark.django_db


def save(actor, review, stage, values, base):
    return stage_record_save(actor=actor, review=review, stage=stage, values=values, base_version=base)


def test_each_save_is_the_next_version_and_each_version_is_kept(manager, reviewer, review, ilr):
    first = save(manager, review, ilr, ILR_VALUES, 0)
    assert first.version == 1 and first.data["attendees"] == ILR_VALUES["attendees"]
    second = save(reviewer, review, ilr, {**ILR_VALUES, "attendees": "Everyone"}, 1)
    assert second.version == 2 and second.updated_by == reviewer
    assert list(StageRecordRevision.objects.filter(record=second).values_list("version", "saved_by")) == [
        (1, manager.pk),
        (2, reviewer.pk),
    ]


def test_saving_is_audited_with_the_fields_changed_but_not_their_text(manager, review, ilr):
    save(manager, review, ilr, ILR_VALUES, 0)
    save(manager, review, ilr, {**ILR_VALUES, "attendees": "Private names"}, 1)
    details = list(
        AuditEvent.objects.filter(target_type="reviews.review", target_id=str(review.pk), action="change")
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details[-1] == {
        "stage_record": "initial-learning-review",
        "version": 2,
        "fields_changed": ["attendees"],
    }
    assert "Private names" not in str(details)


def test_the_second_of_two_people_who_opened_the_same_version_is_refused(manager, reviewer, review, ilr):
    save(manager, review, ilr, ILR_VALUES, 0)  # version 1: both open it
    save(reviewer, review, ilr, {**ILR_VALUES, "key-information": "Sofia's words"}, 1)
    with pytest.raises(StageRecordConflict) as conflict:
        save(manager, review, ilr, {**ILR_VALUES, "key-information": "Mia's words"}, 1)
    assert str(conflict.value) == "Sofia Lind changed this stage while you were editing"
    assert (conflict.value.base_version, conflict.value.current_version) == (1, 2)
    record = StageRecord.objects.get(review=review, stage=ilr)
    assert record.version == 2 and record.data["key-information"] == "Sofia's words", (
        "nothing was overwritten"
    )
    merged = save(manager, review, ilr, {**ILR_VALUES, "key-information": "Sofia's words\n\nMia's words"}, 2)
    assert merged.version == 3


@pytest.mark.django_db(transaction=True)
def test_two_saves_racing_from_the_same_version_cannot_both_win(manager, reviewer, review, ilr):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database refuses a second writer instead of waiting")
    save(manager, review, ilr, ILR_VALUES, 0)
    barrier = threading.Barrier(2)
    outcomes = []

    def racer(person, words):
        try:
            barrier.wait()
            save(person, review, ilr, {**ILR_VALUES, "key-information": words}, 1)
            outcomes.append("saved")
        except StageRecordConflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=racer, args=(p, w)) for p, w in ((manager, "Mia"), (reviewer, "Sofia"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert StageRecord.objects.get(review=review, stage=ilr).version == 2


def test_two_first_saves_of_a_new_record_cannot_both_win(manager, reviewer, review, ilr):
    save(manager, review, ilr, ILR_VALUES, 0)
    with pytest.raises(StageRecordConflict):
        save(reviewer, review, ilr, ILR_VALUES, 0)


def test_the_nine_areas_are_stored_in_the_stage_record_and_read_back_for_the_report(manager, review, ilr):
    answers = {area.key: f"About {area.name.lower()}." for area in AREAS}
    values = {**ILR_VALUES, **{area_field_name(key): text for key, text in answers.items()}}
    record = save(manager, review, ilr, values, 0)
    assert record.data["considerations"] == answers
    read = considerations_of(review)
    assert [stage.stage_key for stage in read] == ["initial-learning-review", "full-learning-review"]
    assert [answer.area.name for answer in read[0].answers] == [
        "Diversity and disproportionality",
        "The child's behaviour and lived experience",
        "Voice of the child",
        "Staffing and workload",
        "Skills and knowledge",
        "Partnership and services",
        "Strengths and protective factors",
        "Good practice",
        "Management oversight",
    ]
    assert read[0].by_area == answers
    assert read[1].answered == []


def test_people_outside_the_review_team_cannot_save(organisation, review, ilr, stranger):
    with pytest.raises(NotAllowed):
        save(make_person(organisation, Role.PRACTITIONER), review, ilr, ILR_VALUES, 0)
    with pytest.raises(NotAllowed):
        save(stranger, review, ilr, ILR_VALUES, 0)


def test_a_date_that_is_not_real_is_refused_next_to_it(manager, review, ilr):
    with pytest.raises(ReviewRuleError) as error:
        save(manager, review, ilr, {**ILR_VALUES, "meeting-date": "2025-13-01"}, 0)
    assert error.value.problems == [("meeting-date", "Meeting date must be a real date")]
    assert not StageRecord.objects.filter(version__gt=0).exists()
