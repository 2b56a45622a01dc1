"""The models themselves refuse to change a published version, whoever asks."""

import pytest
from django.utils import timezone

from threadline.frameworks.models import (
    Criterion,
    FrameworkVersion,
    FrameworkVersionLocked,
    ReviewMethod,
    Stage,
    VersionStatus,
)

pytestmark = pytest.mark.django_db


def test_a_published_stage_cannot_be_saved(yjs):
    stage = yjs.stages.get(key="initial-learning-review")
    stage.deadline_rule = {"kind": "working_days_after", "n": 20}
    with pytest.raises(FrameworkVersionLocked):
        stage.save()
    assert yjs.stages.get(key="initial-learning-review").deadline_rule["n"] == 10


def test_a_published_stage_cannot_be_deleted_one_by_one_or_in_bulk(yjs):
    with pytest.raises(FrameworkVersionLocked):
        yjs.stages.first().delete()
    with pytest.raises(FrameworkVersionLocked):
        Stage.objects.filter(version=yjs).delete()
    with pytest.raises(FrameworkVersionLocked):
        Stage.objects.filter(version=yjs).update(name="Changed")
    assert yjs.stages.count() == 7


def test_nothing_can_be_added_to_a_published_version(yjs):
    with pytest.raises(FrameworkVersionLocked):
        Stage.objects.create(
            version=yjs,
            order=99,
            key="extra",
            name="Extra",
            completed_by=["reviewer"],
            runs_from="notification",
        )
    with pytest.raises(FrameworkVersionLocked):
        Criterion.objects.create(version=yjs, group="safeguarding", key="extra", text="Extra", order=99)
    with pytest.raises(FrameworkVersionLocked):
        ReviewMethod.objects.create(version=yjs, key="extra", name="Extra", order=1)


def test_a_published_version_keeps_its_number_and_cannot_go_back_to_draft(yjs):
    version = FrameworkVersion.objects.get(pk=yjs.pk)
    version.number = 7
    with pytest.raises(FrameworkVersionLocked):
        version.save()
    version = FrameworkVersion.objects.get(pk=yjs.pk)
    version.status = VersionStatus.DRAFT
    with pytest.raises(FrameworkVersionLocked):
        version.save()
    with pytest.raises(FrameworkVersionLocked):
        FrameworkVersion.objects.filter(pk=yjs.pk).update(notes="changed")


def test_a_published_version_cannot_be_deleted(yjs):
    with pytest.raises(FrameworkVersionLocked):
        FrameworkVersion.objects.get(pk=yjs.pk).delete()
    with pytest.raises(FrameworkVersionLocked):
        FrameworkVersion.objects.filter(pk=yjs.pk).delete()


def test_a_published_version_can_be_retired_and_then_stays_retired(yjs):
    version = FrameworkVersion.objects.get(pk=yjs.pk)
    version.status = VersionStatus.RETIRED
    version.retired_at = timezone.now()
    version.save()
    version.status = VersionStatus.PUBLISHED
    with pytest.raises(FrameworkVersionLocked):
        version.save()


def test_a_drafts_stages_can_change(draft):
    stage = draft.stages.get(key="initial-learning-review")
    stage.name = "ILR"
    stage.save()
    assert draft.stages.get(key="initial-learning-review").name == "ILR"


def test_the_lock_is_a_readable_error(yjs):
    stage = yjs.stages.first()
    with pytest.raises(FrameworkVersionLocked, match="Make a new version instead"):
        stage.save()
