"""Findings and recommendations: the services' rules, audit rows and permissions."""

# ruff: noqa: F811 — the fixtures imported from other modules are used by name, as arguments

from datetime import date

import pytest

from threadline.core.access import NotAllowed
from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_person
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.tests.conftest import chair, incident, on, review, reviewer, yjs  # noqa: F401

from ..domain.findings import FlagsToAnswer, StaleSave
from ..models import Theme
from ..selectors.findings import findings_of, recommendations_of
from ..services.findings import finding_add, finding_change
from ..services.recommendations import recommendation_add, recommendation_change
from ..services.themes import theme_add, theme_rename, theme_retire
from .fixtures_findings import (  # noqa: F401
    GOOD_PARTS,
    TODAY,
    exploitation,
    finding,
    involved,
    minuted_meeting,
)

LATER = date(2026, 3, 31)


@pytest.mark.django_db
def test_the_starting_themes_are_the_nine_areas_and_practice_themes():
    keys = set(Theme.objects.values_list("key", flat=True))
    assert {"voice-of-the-child", "management-oversight", "good-practice"} <= keys
    assert {"information-sharing", "exploitation", "professional-curiosity", "escalation"} <= keys
    assert Theme.objects.get(key="voice-of-the-child").source == "seed 000 §9.6"


@pytest.mark.django_db
def test_a_finding_is_added_with_its_themes_and_evidence_and_audited(finding, review, exploitation):
    assert list(findings_of(review)) == [finding]
    assert list(finding.themes.all()) == [exploitation]
    assert finding.meetings.count() == 1 and finding.version == 1
    event = AuditEvent.objects.filter(action="create").latest("pk")
    assert event.detail["finding"] == finding.pk
    assert event.detail["themes"] == ["exploitation"] and event.detail["meetings"] == 1
    assert "five weeks" not in str(event.detail)


@pytest.mark.django_db
def test_a_finding_needs_a_kind_a_title_and_text(manager, review):
    for changes, field in (({"kind": "x"}, "kind"), ({"title": " "}, "title"), ({"text": ""}, "text")):
        values = {
            "kind": "good-practice",
            "title": "Good",
            "text": "The YJS worker visited weekly.",
            **changes,
        }
        with pytest.raises(ReviewRuleError) as refused:
            finding_add(actor=manager, review=review, **values)
        assert refused.value.problems[0][0] == field


@pytest.mark.django_db
def test_evidence_of_another_review_or_without_minutes_is_refused(manager, review, minuted_meeting):
    minuted_meeting.minutes = ""
    minuted_meeting.save()
    with pytest.raises(ReviewRuleError) as refused:
        finding_add(
            actor=manager,
            review=review,
            kind="learning",
            title="T",
            text="X",
            meeting_ids=[minuted_meeting.pk],
        )
    assert refused.value.problems[0][0] == "meetings"
    with pytest.raises(ReviewRuleError) as refused:
        finding_add(actor=manager, review=review, kind="learning", title="T", text="X", entry_uids=["nope"])
    assert refused.value.problems[0][0] == "entries"


@pytest.mark.django_db
def test_a_stale_finding_save_is_refused(finding, manager):
    values = {"kind": "learning", "title": "New title", "text": "New text"}
    finding_change(actor=manager, finding=finding, base_version=1, **values)
    with pytest.raises(StaleSave) as stale:
        finding_change(actor=manager, finding=finding, base_version=1, **{**values, "title": "Mine"})
    assert stale.value.current_version == 2
    finding.refresh_from_db()
    assert finding.title == "New title"


@pytest.mark.django_db
def test_someone_who_may_not_write_learning_is_refused(review, organisation):
    practitioner = make_person(organisation, Role.PRACTITIONER)
    with pytest.raises(NotAllowed):
        finding_add(actor=practitioner, review=review, kind="learning", title="T", text="X")


def add(manager, review, **changes):
    values = {
        "title": "Share exploitation concerns with the school the same day",
        "parts": GOOD_PARTS,
        "organisation_ids": [review.lead_organisation_id],
        "review_by": LATER,
        **changes,
    }
    with on(TODAY):
        return recommendation_add(actor=manager, review=review, **values)


@pytest.mark.django_db
def test_a_clear_recommendation_from_an_evidenced_finding_is_saved_without_flags(manager, review, finding):
    rec = add(manager, review, finding_ids=[finding.pk])
    assert list(recommendations_of(review)) == [rec]
    assert rec.overrides == {} and rec.version == 1
    assert list(rec.responsible_organisations.all()) == [review.lead_organisation]
    event = AuditEvent.objects.filter(action="create").latest("pk")
    assert event.detail["recommendation"] == rec.pk and event.detail["flags_passed"] == []


@pytest.mark.django_db
def test_a_recommendation_with_no_responsible_organisation_is_refused(manager, review, finding):
    with pytest.raises(ReviewRuleError) as refused:
        add(
            manager, review, finding_ids=[finding.pk], organisation_ids=[], overrides={"no-organisation": "x"}
        )
    assert refused.value.problems == [
        (
            "responsible_organisations",
            "Choose the organisation responsible for carrying out the recommendation",
        )
    ]


@pytest.mark.django_db
def test_an_organisation_not_involved_cannot_be_made_responsible(
    manager, review, finding, other_organisation
):
    with pytest.raises(ReviewRuleError) as refused:
        add(manager, review, finding_ids=[finding.pk], organisation_ids=[other_organisation.pk])
    assert refused.value.problems[0][0] == "responsible_organisations"


@pytest.mark.django_db
def test_an_involved_agency_can_share_responsibility(manager, review, finding, involved, other_organisation):
    rec = add(
        manager,
        review,
        finding_ids=[finding.pk],
        organisation_ids=[review.lead_organisation_id, other_organisation.pk],
    )
    assert rec.responsible_organisations.count() == 2


@pytest.mark.django_db
def test_flags_stop_the_save_until_each_has_a_reason(manager, review):
    weak = {**GOOD_PARTS, "learning": "Raise awareness of exploitation."}
    with pytest.raises(FlagsToAnswer) as flagged:
        add(manager, review, parts=weak)
    assert sorted(f.key for f in flagged.value.flags) == ["no-evidence", "vague-learning"]
    with pytest.raises(FlagsToAnswer) as flagged:
        add(manager, review, parts=weak, overrides={"no-evidence": "The evidence is the serious case file"})
    assert [f.key for f in flagged.value.flags] == ["vague-learning"]
    rec = add(
        manager,
        review,
        parts=weak,
        overrides={
            "no-evidence": "The evidence is the serious case file",
            "vague-learning": "Agreed wording with the board",
            "no-measure": "Not raised: dropped",
        },
    )
    assert rec.overrides == {
        "no-evidence": "The evidence is the serious case file",
        "vague-learning": "Agreed wording with the board",
    }
    assert AuditEvent.objects.filter(action="create").latest("pk").detail["flags_passed"] == [
        "no-evidence",
        "vague-learning",
    ]


@pytest.mark.django_db
def test_a_stale_recommendation_save_is_refused(manager, review, finding):
    rec = add(manager, review, finding_ids=[finding.pk])
    values = {"title": rec.title, "parts": GOOD_PARTS, "finding_ids": [finding.pk], "review_by": LATER}
    with on(TODAY):
        recommendation_change(
            actor=manager,
            recommendation=rec,
            base_version=1,
            organisation_ids=[review.lead_organisation_id],
            **values,
        )
        with pytest.raises(StaleSave):
            recommendation_change(
                actor=manager,
                recommendation=rec,
                base_version=1,
                organisation_ids=[review.lead_organisation_id],
                **{**values, "title": "Mine"},
            )
    rec.refresh_from_db()
    assert rec.version == 2 and rec.title != "Mine"


@pytest.mark.django_db
def test_system_administrators_manage_themes(sysadmin, manager):
    theme = theme_add(actor=sysadmin, name="Domestic abuse")
    assert theme.key == "domestic-abuse"
    theme_rename(actor=sysadmin, theme=theme, name="Domestic abuse and coercive control")
    theme_retire(actor=sysadmin, theme=theme)
    theme.refresh_from_db()
    assert theme.name == "Domestic abuse and coercive control" and theme.retired_at is not None
    with pytest.raises(ReviewRuleError) as refused:
        theme_add(actor=sysadmin, name="neglect")
    assert refused.value.problems[0] == ("name", "There is already a theme with this name")
    with pytest.raises(NotAllowed):
        theme_add(actor=manager, name="Housing")
