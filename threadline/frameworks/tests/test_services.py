"""Copying, editing and publishing versions: checked, in one transaction, audited once."""

import pytest

from threadline.core.access import NotAllowed
from threadline.core.models import AuditAction, AuditEvent
from threadline.frameworks import services
from threadline.frameworks.domain.rules import FrameworkRuleError
from threadline.frameworks.models import FrameworkVersion, FrameworkVersionLocked, Stage, VersionStatus
from threadline.frameworks.selectors import current_version, stages_of, version_for_new_review

pytestmark = pytest.mark.django_db


def keys(version):
    return [s.key for s in stages_of(version)]


# --- copying -----------------------------------------------------------------------------


def test_copying_a_published_version_makes_an_editable_draft_with_the_next_number(yjs, sysadmin):
    copy = services.framework_version_copy(actor=sysadmin, version=yjs)
    assert copy.number == 2
    assert copy.status == VersionStatus.DRAFT
    assert copy.copied_from == yjs
    assert copy.created_by == sysadmin
    assert keys(copy) == keys(yjs)
    assert copy.stages.get(key="initial-learning-review").deadline_rule == {
        "kind": "working_days_after",
        "n": 10,
    }
    assert copy.criteria.count() == yjs.criteria.count() == 10
    assert copy.criterion_groups.count() == 2
    english = FrameworkVersion.objects.get(fixture_name="english-practice-review.v1.json")
    assert services.framework_version_copy(actor=sysadmin, version=english).methods.count() == 11


def test_a_copy_of_a_copy_takes_the_next_number_again(draft, sysadmin):
    assert services.framework_version_copy(actor=sysadmin, version=draft).number == 3


# --- editing stages --------------------------------------------------------------------


def test_a_drafts_stage_can_be_changed(draft, sysadmin):
    stage = draft.stages.get(key="initial-learning-review")
    services.stage_update(
        actor=sysadmin,
        stage=stage,
        name="ILR at the risk panel",
        deadline_kind="working_days_after",
        deadline_n=15,
        completed_by=["service-manager", "quality-assurer"],
    )
    stage.refresh_from_db()
    assert stage.name == "ILR at the risk panel"
    assert stage.deadline_rule == {"kind": "working_days_after", "n": 15}
    assert stage.completed_by == ["service-manager", "quality-assurer"]
    assert stage.runs_from == "awareness"  # unchanged


def test_changing_a_published_version_is_refused_with_a_readable_error(yjs, sysadmin):
    stage = yjs.stages.get(key="initial-learning-review")
    rows = AuditEvent.objects.count()
    with pytest.raises(FrameworkVersionLocked, match="is published and cannot be changed"):
        services.stage_update(actor=sysadmin, stage=stage, deadline_n=20)
    for refused in (
        lambda: services.stage_add(actor=sysadmin, version=yjs, name="Extra", completed_by=["reviewer"]),
        lambda: services.stage_remove(actor=sysadmin, stage=stage),
        lambda: services.stage_move(actor=sysadmin, stage=stage, direction="down"),
        lambda: services.framework_version_publish(actor=sysadmin, version=yjs),
        lambda: services.framework_version_discard(actor=sysadmin, version=yjs),
    ):
        with pytest.raises(FrameworkRuleError):
            refused()
    stage.refresh_from_db()
    assert stage.deadline_rule == {"kind": "working_days_after", "n": 10}
    assert AuditEvent.objects.count() == rows


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"deadline_n": -5}, "deadline_n", "The number of working days must be 0 or more"),
        ({"deadline_n": 401}, "deadline_n", "The number of working days must be 400 or fewer"),
        ({"completed_by": ["wizard"]}, "completed_by", "not a role in Threadline"),
        ({"completed_by": ["system-administrator"]}, "completed_by", "cannot complete a stage"),
        ({"runs_from": "stage:check-back"}, "runs_from", "only run from a stage that comes before it"),
        ({"runs_from": "full-moon"}, "runs_from", "Select an event or an earlier stage"),
        ({"name": " "}, "name", "Enter the stage's name"),
    ],
)
def test_a_stage_change_that_breaks_a_rule_is_refused(draft, sysadmin, changes, field, message):
    stage = draft.stages.get(key="initial-learning-review")
    with pytest.raises(FrameworkRuleError) as refused:
        services.stage_update(actor=sysadmin, stage=stage, **changes)
    assert refused.value.field == field
    assert message in str(refused.value)
    stage.refresh_from_db()
    assert stage.deadline_rule == {"kind": "working_days_after", "n": 10}


def test_a_deadline_can_be_removed_and_an_outer_limit_added(draft, sysadmin):
    flr = draft.stages.get(key="full-learning-review")
    services.stage_update(actor=sysadmin, stage=flr, outer_limit_n=6)
    flr.refresh_from_db()
    assert flr.outer_limit_rule == {"kind": "calendar_months_after", "n": 6}
    services.stage_update(actor=sysadmin, stage=flr, deadline_kind="", deadline_n=None, outer_limit_n=None)
    flr.refresh_from_db()
    assert flr.deadline_rule is None and flr.outer_limit_rule is None


def test_a_stage_is_added_at_the_end_with_a_key_from_its_name(draft, sysadmin):
    stage = services.stage_add(
        actor=sysadmin,
        version=draft,
        name="Learning shared with the board",
        completed_by=["governance-board-member"],
        deadline_kind="calendar_months_after",
        deadline_n=6,
        runs_from="stage:check-back",
        records=["date-shared"],
    )
    assert stage.order == 8
    assert stage.key == "learning-shared-with-the-board"
    assert stage.deadline_rule == {"kind": "calendar_months_after", "n": 6}
    again = services.stage_add(
        actor=sysadmin, version=draft, name="Learning shared with the board", completed_by=["reviewer"]
    )
    assert again.key == "learning-shared-with-the-board-2"


def test_removing_a_stage_closes_the_gap(draft, sysadmin):
    stage = draft.stages.get(key="learning-shared-with-boards")
    services.stage_remove(actor=sysadmin, stage=stage)
    assert keys(draft) == [
        "notification",
        "initial-learning-review",
        "action-plan-and-decision",
        "full-learning-review",
        "understanding-our-learning",
        "check-back",
    ]
    assert [s.order for s in stages_of(draft)] == [1, 2, 3, 4, 5, 6]


def test_a_stage_another_runs_from_cannot_be_removed(draft, sysadmin):
    ilr = draft.stages.get(key="initial-learning-review")
    with pytest.raises(
        FrameworkRuleError, match="‘Action plan and decision on a Full Learning Review’ runs from"
    ):
        services.stage_remove(actor=sysadmin, stage=ilr)
    assert draft.stages.filter(key="initial-learning-review").exists()


def test_removing_the_first_stage_when_the_next_runs_from_the_previous_one_is_refused(sysadmin, builtin):
    local = services.framework_version_copy(actor=sysadmin, version=builtin["local-board-learning-review"])
    services.stage_remove(actor=sysadmin, stage=local.stages.get(key="annual-report"))
    with pytest.raises(FrameworkRuleError, match="no longer run from something that comes before it"):
        services.stage_remove(actor=sysadmin, stage=local.stages.get(key="preparation"))


def test_moving_a_stage_swaps_it_with_its_neighbour(draft, sysadmin):
    stage = draft.stages.get(key="understanding-our-learning")
    services.stage_move(actor=sysadmin, stage=stage, direction="up")
    assert keys(draft)[4:6] == ["understanding-our-learning", "learning-shared-with-boards"]
    services.stage_move(actor=sysadmin, stage=stage, direction="down")
    assert keys(draft)[4:6] == ["learning-shared-with-boards", "understanding-our-learning"]


def test_a_move_that_would_break_what_a_stage_runs_from_is_refused(draft, sysadmin):
    decision = draft.stages.get(key="action-plan-and-decision")
    with pytest.raises(FrameworkRuleError, match="Cannot move"):
        services.stage_move(actor=sysadmin, stage=decision, direction="up")  # it runs from the ILR
    first = draft.stages.get(key="notification")
    with pytest.raises(FrameworkRuleError, match="already the first stage"):
        services.stage_move(actor=sysadmin, stage=first, direction="up")


# --- publishing ---------------------------------------------------------------------------


def test_publishing_a_draft_freezes_it_and_new_reviews_start_on_it(draft, yjs, sysadmin):
    services.stage_update(
        actor=sysadmin, stage=draft.stages.get(key="initial-learning-review"), deadline_n=12
    )
    services.framework_version_publish(actor=sysadmin, version=draft, notes="ILR within 12 working days")
    draft.refresh_from_db()
    yjs.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED and draft.published_at is not None
    assert draft.notes == "ILR within 12 working days"
    assert yjs.status == VersionStatus.PUBLISHED  # reviews pinned to it carry on; it is untouched
    assert yjs.stages.get(key="initial-learning-review").deadline_rule["n"] == 10
    assert current_version(yjs.framework) == draft
    assert version_for_new_review(framework=yjs.framework) == draft
    with pytest.raises(FrameworkVersionLocked):
        services.stage_update(
            actor=sysadmin, stage=draft.stages.get(key="initial-learning-review"), deadline_n=9
        )


def test_publishing_can_retire_the_versions_before(draft, yjs, sysadmin):
    services.framework_version_publish(actor=sysadmin, version=draft, retire_others=True)
    yjs.refresh_from_db()
    assert yjs.status == VersionStatus.RETIRED and yjs.retired_at is not None
    assert yjs.stages.count() == 7  # its stages stay for the reviews on it


def test_a_retired_version_is_no_longer_offered_to_new_reviews(yjs, sysadmin):
    services.framework_version_retire(actor=sysadmin, version=yjs)
    with pytest.raises(FrameworkRuleError, match="no published version"):
        version_for_new_review(framework=yjs.framework)


def test_a_draft_can_be_deleted(draft, sysadmin):
    services.framework_version_discard(actor=sysadmin, version=draft)
    assert not FrameworkVersion.objects.filter(pk=draft.pk).exists()
    assert not Stage.objects.filter(version_id=draft.pk).exists()


# --- permission and audit, for every service ------------------------------------------------


def _calls(draft, yjs):
    ilr = lambda: draft.stages.get(key="initial-learning-review")  # noqa: E731
    return {
        "framework_version_copy": lambda actor: services.framework_version_copy(actor=actor, version=yjs),
        "stage_update": lambda actor: services.stage_update(actor=actor, stage=ilr(), deadline_n=11),
        "stage_add": lambda actor: services.stage_add(
            actor=actor, version=draft, name="Extra", completed_by=["reviewer"]
        ),
        "stage_remove": lambda actor: services.stage_remove(
            actor=actor, stage=draft.stages.get(key="check-back")
        ),
        "stage_move": lambda actor: services.stage_move(
            actor=actor, stage=draft.stages.get(key="check-back"), direction="up"
        ),
        "framework_version_publish": lambda actor: services.framework_version_publish(
            actor=actor, version=draft
        ),
        "framework_version_retire": lambda actor: services.framework_version_retire(actor=actor, version=yjs),
        "framework_version_discard": lambda actor: services.framework_version_discard(
            actor=actor, version=draft
        ),
    }


SERVICES = [
    "framework_version_copy",
    "stage_update",
    "stage_add",
    "stage_remove",
    "stage_move",
    "framework_version_publish",
    "framework_version_retire",
    "framework_version_discard",
]


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_writes_exactly_one_audit_row(name, draft, yjs, sysadmin):
    before = AuditEvent.objects.count()
    _calls(draft, yjs)[name](sysadmin)
    rows = AuditEvent.objects.order_by("-pk")[: AuditEvent.objects.count() - before]
    assert len(rows) == 1
    [row] = rows
    assert row.actor == sysadmin
    assert row.action in (AuditAction.CREATE, AuditAction.CHANGE, AuditAction.DELETE)
    assert row.target_type.startswith("frameworks.")


@pytest.mark.parametrize("name", SERVICES)
@pytest.mark.parametrize("who", ["practitioner", "manager"])
def test_only_a_system_administrator_may_change_frameworks(name, who, draft, yjs, request):
    actor = request.getfixturevalue(who)
    before = AuditEvent.objects.count()
    with pytest.raises(NotAllowed):
        _calls(draft, yjs)[name](actor)
    assert AuditEvent.objects.count() == before
    yjs.refresh_from_db()
    draft.refresh_from_db()
    assert yjs.status == VersionStatus.PUBLISHED and draft.status == VersionStatus.DRAFT


def test_the_service_rechecks_a_version_published_since_the_page_was_read(draft, sysadmin):
    stale = FrameworkVersion.objects.get(pk=draft.pk)
    stage = Stage.objects.get(version=draft, key="check-back")
    services.framework_version_publish(actor=sysadmin, version=draft)
    with pytest.raises(FrameworkVersionLocked):
        services.stage_add(actor=sysadmin, version=stale, name="Late", completed_by=["reviewer"])
    with pytest.raises(FrameworkVersionLocked):
        services.stage_update(actor=sysadmin, stage=stage, name="Late")
