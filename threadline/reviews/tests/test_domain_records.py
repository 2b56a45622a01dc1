"""The vocabulary of what stages record, turned into fields: one place, pure, every built-in
stage's items covered."""

import json
from pathlib import Path

import pytest

from threadline.reviews.domain.considerations import AREAS
from threadline.reviews.domain.decisions import decision_spec
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.domain.records import (
    FieldKind,
    area_field_name,
    data_from_flat,
    field_kind,
    flat_values,
    is_optional,
    missing_parts,
    stage_fields,
)

FIXTURES = Path(__file__).resolve().parents[2] / "frameworks" / "fixtures" / "builtin"


def builtin_stages():
    for path in sorted(FIXTURES.glob("*.json")):
        content = json.loads(path.read_text())
        for stage in content["stages"]:
            yield content["framework"]["key"], stage


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("meeting-date", FieldKind.DATE),
        ("incident-date", FieldKind.DATE),
        ("sent-to-panel-on", FieldKind.DATE),
        ("feedback-given-on", FieldKind.DATE),
        ("check-back-date", FieldKind.DATE),
        ("date-shared", FieldKind.DATE),
        ("available-until", FieldKind.DATE),
        ("date", FieldKind.DATE),
        ("attendees", FieldKind.TEXT),
        ("chairs", FieldKind.TEXT),
        ("notification-date-and-time", FieldKind.TEXT),
        ("communicated-to-family", FieldKind.TEXT),
        ("considerations", FieldKind.CONSIDERATIONS),
        ("decision", FieldKind.DECISION),
        ("recommendation", FieldKind.DECISION),
        ("recommendations", FieldKind.LINKED),
        ("action-plan", FieldKind.LINKED),
        ("immediate-actions", FieldKind.TEXT),
    ],
)
def test_each_kind_of_item_becomes_its_kind_of_field(key, kind):
    assert field_kind(key) is kind


def test_items_optional_by_their_name_are_optional_and_others_are_not():
    for key in ("reasons-for-not-publishing", "reasons-for-delay", "alternative-approach-for-learning"):
        assert is_optional(key), key
    for key in ("attendees", "meeting-date", "action-plan", "rationale"):
        assert not is_optional(key), key
    # None may be found; it is recorded on the findings page, where there is no "none" to type.
    assert is_optional("good-practice")


def test_the_ilr_asks_its_items_then_the_nine_areas_as_optional_prompts():
    fields = stage_fields(
        framework_key="yjs-serious-incident-review",
        stage_key="initial-learning-review",
        records=[
            "meeting-date",
            "chairs",
            "attendees",
            "key-information",
            "critical-issues",
            "immediate-learning",
            "immediate-actions",
        ],
    )
    assert [(f.key, f.kind) for f in fields][:3] == [
        ("meeting-date", FieldKind.DATE),
        ("chairs", FieldKind.TEXT),
        ("attendees", FieldKind.TEXT),
    ]
    assert fields[-1].kind is FieldKind.CONSIDERATIONS and not fields[-1].required
    attendees = next(f for f in fields if f.key == "attendees")
    assert attendees.label == "Attendees" and "One on each line" in attendees.hint


def test_the_flr_needs_at_least_one_of_the_nine_areas():
    fields = stage_fields(
        framework_key="yjs-serious-incident-review",
        stage_key="full-learning-review",
        records=["participants", "considerations", "findings", "good-practice", "action-plan"],
    )
    areas = next(f for f in fields if f.kind is FieldKind.CONSIDERATIONS)
    assert areas.required
    assert missing_parts([areas], {}, has_decision=False) == [
        (area_field_name(AREAS[0].key), "Enter at least one of the areas to consider")
    ]
    answered = {"considerations": {"voice-of-the-child": "Met the child twice."}}
    assert missing_parts([areas], answered, has_decision=False) == []


def test_a_decision_stage_asks_for_the_decision_record_not_free_text_for_its_rationale():
    fields = stage_fields(
        framework_key="yjs-serious-incident-review",
        stage_key="action-plan-and-decision",
        records=["action-plan", "decision", "rationale", "decided-by"],
    )
    assert [(f.key, f.kind) for f in fields] == [
        ("action-plan", FieldKind.LINKED),
        ("decision", FieldKind.DECISION),
    ]


def test_rationale_is_free_text_where_the_stage_records_no_decision_nor_method():
    fields = stage_fields(
        framework_key="english-practice-review", stage_key="x", records=["key-information", "rationale"]
    )
    assert [(f.key, f.kind) for f in fields] == [
        ("key-information", FieldKind.TEXT),
        ("rationale", FieldKind.TEXT),
    ]


def test_the_scottish_recommendation_holds_its_alternative_approach_in_the_decision():
    records = [
        "recommendation",
        "rationale",
        "proposed-terms-of-reference",
        "alternative-approach-for-learning",
    ]
    fields = stage_fields(
        framework_key="scottish-learning-review", stage_key="recommendation", records=records
    )
    assert [(f.key, f.kind) for f in fields] == [
        ("decision", FieldKind.DECISION),
        ("proposed-terms-of-reference", FieldKind.LINKED),
    ]
    assert (
        "alternative-approach-for-learning"
        in decision_spec("scottish-learning-review", "recommendation").covers
    )


def test_the_notification_stage_asks_nothing_again():
    assert (
        stage_fields(
            framework_key="x", stage_key="notification", records=["criterion"], notification_stage=True
        )
        == []
    )


@pytest.mark.parametrize(
    ("framework", "stage"), list(builtin_stages()), ids=lambda v: v if isinstance(v, str) else v["key"]
)
def test_every_built_in_stage_becomes_a_form_with_a_message_for_each_missing_part(framework, stage):
    fields = stage_fields(framework_key=framework, stage_key=stage["key"], records=stage["records"])
    missing = missing_parts(fields, {}, has_decision=False)
    required = [f for f in fields if f.required]
    assert len(missing) == len(required)
    for _name, message in missing:
        assert message.startswith(("Enter the ", "Record the ", "Enter at least one")), message


def test_each_missing_part_is_named():
    fields = stage_fields(
        framework_key="yjs-serious-incident-review",
        stage_key="initial-learning-review",
        records=["meeting-date", "attendees", "immediate-actions"],
    )
    assert missing_parts(fields, {"immediate-actions": "Safety plan"}, has_decision=False) == [
        ("meeting-date", "Enter the meeting date"),
        ("attendees", "Enter the attendees"),
    ]


def test_values_are_checked_and_stored_in_their_shape():
    fields = stage_fields(
        framework_key="yjs-serious-incident-review",
        stage_key="full-learning-review",
        records=["participants", "considerations"],
    )
    data = data_from_flat(
        fields,
        {
            "participants": " Ann\r\nBo ",
            area_field_name("good-practice"): "Quick referral.",
            "unknown": "dropped",
        },
    )
    assert data == {"participants": "Ann\nBo", "considerations": {"good-practice": "Quick referral."}}
    assert flat_values(fields, data)[area_field_name("good-practice")] == "Quick referral."
    with pytest.raises(ReviewRuleError) as error:
        data_from_flat(
            stage_fields(framework_key="x", stage_key="y", records=["meeting-date"]),
            {"meeting-date": "2025-02-30"},
        )
    assert error.value.problems == [("meeting-date", "Meeting date must be a real date")]


# --- items recorded on the review's other pages (terms, team, meetings, family, governance)


@pytest.mark.parametrize(
    ("key", "part"),
    [
        ("terms-of-reference", "terms"),
        ("methods", "terms"),
        ("review-team", "team"),
        ("conflict-of-interest-declaration", "team"),
        ("team-meetings", "meetings"),
        ("family-liaison-strategy", "family"),
        ("signed-off-by", "governance"),
        ("findings", "findings"),
        ("good-practice", "findings"),
        ("clear-strategies", "findings"),
        ("action-plan", "actions"),
        ("actions-for-each-agency", "actions"),
    ],
)
def test_items_with_a_page_of_their_own_are_linked_to_it(key, part):
    fields = stage_fields(framework_key="any", stage_key="any", records=[key, "key-information"])
    linked = [f for f in fields if f.kind is FieldKind.LINKED]
    assert [(f.key, f.part) for f in linked] == [(key, part)]
    assert flat_values(fields, {key: "typed once"}) == {"key-information": ""}


def test_a_linked_item_is_missing_until_its_page_records_it():
    fields = stage_fields(framework_key="any", stage_key="any", records=["review-team", "key-information"])
    data = {"key-information": "What is known"}
    missing = missing_parts(fields, data, has_decision=False)
    assert missing == [
        ("review-team", "Record the review team on the ‘Review team and agencies involved’ page")
    ]
    assert missing_parts(fields, data, has_decision=False, elsewhere={"review-team": "Chair: R. Chair"}) == []
    # A blank summary is not a record.
    assert missing_parts(fields, data, has_decision=False, elsewhere={"review-team": ""}) == missing


def test_the_method_rationale_is_asked_with_the_method_not_again_on_the_stage():
    fields = stage_fields(
        framework_key="english-practice-review",
        stage_key="method",
        records=["methods", "rationale", "terms-of-reference"],
    )
    assert [(f.key, f.kind) for f in fields] == [
        ("methods", FieldKind.LINKED),
        ("terms-of-reference", FieldKind.LINKED),
    ]
