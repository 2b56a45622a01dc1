"""Notifying completes the framework's notification stage where notifying is that stage."""

from datetime import date

import pytest

from ..domain.notification import notification_stage_done_on
from ..models import StageCompletion
from .builders import ENGLISH, NATIONAL, SCOTTISH, YJS, framework_version, notify

NOTIFIED = date(2026, 3, 10)


@pytest.mark.parametrize("framework", [YJS, NATIONAL, SCOTTISH])
def test_notifying_in_threadline_is_the_notification_stage(framework):
    assert notification_stage_done_on(framework, notified_on=NOTIFIED, told=[]) == NOTIFIED


def test_the_english_notification_stage_is_done_when_the_panel_was_told():
    told = [("police", date(2026, 3, 8), ""), ("panel", date(2026, 3, 9), "")]
    assert notification_stage_done_on(ENGLISH, notified_on=NOTIFIED, told=told) == date(2026, 3, 9)
    assert notification_stage_done_on(ENGLISH, notified_on=NOTIFIED, told=told[:1]) is None


def test_a_framework_made_in_threadline_leaves_the_stage_to_a_person():
    assert notification_stage_done_on("our-own-review", notified_on=NOTIFIED, told=[]) is None


@pytest.mark.django_db
def test_a_yjs_notification_shows_its_notification_stage_done(manager, organisation):
    incident = notify(actor=manager, organisation=organisation, version=framework_version(YJS))
    done = StageCompletion.objects.get(incident=incident)
    assert done.stage.key == "notification"
    assert done.completed_by == manager
