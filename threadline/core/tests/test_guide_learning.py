"""The guide tells each role what it needs to know about findings, CLEAR recommendations,
actions, their updates and evidence, chasing and the tracker, and nothing it cannot do."""

import pytest
from django.urls import reverse

from threadline.core.models import Role

from .support import page_text

pytestmark = pytest.mark.django_db

WRITING = "Recommendations follow the CLEAR model"
PLANNING = "The 'Action plan' turns each recommendation into actions"
OWNING = "Open an action to post an update on your progress"
TRACKING = "'Actions' is the tracker"


def guide_for(client, person, role: Role) -> str:
    client.force_login(person)
    response = client.get(reverse("core:guide_role", kwargs={"role": role.value}))
    assert response.status_code == 200
    return page_text(response)


@pytest.mark.parametrize(
    ("role", "told", "not_told"),
    [
        (Role.REVIEW_CHAIR, (WRITING, PLANNING, TRACKING, "check the evidence"), (OWNING,)),
        (Role.REVIEWER, (WRITING, PLANNING), (OWNING, TRACKING)),
        (Role.TEAM_MEMBER, (WRITING,), (PLANNING, OWNING)),
        (Role.REVIEW_ADMINISTRATOR, (PLANNING,), (WRITING, OWNING)),
        (Role.SERVICE_MANAGER, (WRITING, PLANNING, OWNING, TRACKING), ()),
        (Role.PRACTITIONER, (OWNING,), (WRITING, PLANNING, TRACKING)),
        (Role.PARTNER_AGENCY_LEAD, (OWNING, "any action your agency owns"), (WRITING,)),
        (Role.GOVERNANCE_BOARD_MEMBER, (TRACKING, "digest of its overdue actions"), (WRITING, OWNING)),
        (Role.QUALITY_ASSURER, ("confirm an action's evidence",), (WRITING,)),
        (Role.FAMILY_LIAISON, (), (WRITING, PLANNING, OWNING, TRACKING)),
    ],
)
def test_each_role_is_told_what_it_does_with_learning_and_actions(client, practitioner, role, told, not_told):
    page = guide_for(client, practitioner, role)
    for words in told:
        assert words in page, (role, words)
    for words in not_told:
        assert words not in page, (role, words)


def test_the_guide_explains_that_a_stale_save_is_merged_or_stopped(client, practitioner):
    page = guide_for(client, practitioner, Role.REVIEWER)
    assert "you see their text and yours side by side, part by part" in page
    assert "your save is stopped and their answer is shown next to yours" in page


def test_owners_are_told_when_they_are_reminded_and_when_it_is_escalated(client, practitioner):
    page = guide_for(client, practitioner, Role.PRACTITIONER)
    assert "You are e-mailed 5 working days before the due date and on the day." in page
    assert "1 working day late your organisation's service managers are told" in page
    assert "at 10 working days late the board of the organisation leading the review is told" in page


def test_system_administrators_are_told_how_to_manage_themes(client, practitioner):
    page = guide_for(client, practitioner, Role.SYSTEM_ADMINISTRATOR)
    assert "The 'Themes' page (/learning/themes/)" in page
    assert "A retired theme is not offered for new findings" in page
