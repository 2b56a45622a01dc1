# ruff: noqa: F811 — the fixtures imported from other modules are used by name, as arguments
"""Two people saving one finding, recommendation or action from the same version: nothing is
overwritten unseen and nothing typed is lost. A finding or recommendation goes through the
reviews' merge screen (part by part: keep theirs, keep yours, or combine long texts) and is
saved through its service at the current version; an action's save is refused with the other
person's answer next to each part both changed."""

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from threadline.core.models import AuditAction, AuditEvent, Role
from threadline.core.testing import make_person
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text
from threadline.reviews.tests.conftest import chair, incident, on, review, reviewer, yjs  # noqa: F401

from ..domain.findings import StaleSave
from ..models import Action, Finding, Recommendation
from ..services.actions import action_change
from ..services.findings import finding_change
from ..services.recommendations import recommendation_change
from ..services.updates import action_update_post
from .fixtures_actions import action, partner_lead, partner_owner, recommendation  # noqa: F401
from .fixtures_findings import GOOD_PARTS, TODAY, exploitation, finding, minuted_meeting  # noqa: F401

pytestmark = pytest.mark.django_db

VAGUE = "Raise awareness of exploitation."


@pytest.fixture
def colleague(organisation):
    return make_person(organisation, Role.REVIEW_CHAIR, full_name="Cora Colleague", email="cora@example.test")


def form_of(response) -> dict:
    """What the browser would send back from the page's form, as the person left it."""
    text = page_text(response)
    (form,) = [f for f in re.findall(r"<form .*?</form>", text, re.S) if 'name="base_version"' in f]
    data: dict = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag, re.S)
        kind = re.search(r'type="([^"]*)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        if kind and kind.group(1) in ("checkbox", "radio") and " checked" not in tag:
            continue
        value = html.unescape(value.group(1)) if value else ""
        data.setdefault(name.group(1), []).append(value)
    for name, value in re.findall(r'<textarea[^>]*name="([^"]*)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = [html.unescape(value).removeprefix("\n")]
    for name, body in re.findall(r'<select[^>]*name="([^"]*)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = [chosen.group(1) if chosen else ""]
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}


# --- the services


def test_a_stale_action_change_is_refused_and_writes_nothing(
    manager, action, partner_owner, other_organisation
):
    values = {
        "description": "Train every duty worker",
        "level": "operational",
        "owner_organisation": other_organisation,
        "owner": partner_owner,
        "due_on": date(2025, 4, 22),
        "success_measure": "All trained",
        "check_back_on": date(2025, 7, 1),
    }
    with on(date(2025, 3, 25)):
        changed = action_change(actor=manager, action=action, base_version=0, **values)
        assert changed.version == 1
        audited = AuditEvent.objects.filter(action=AuditAction.CHANGE).count()
        with pytest.raises(StaleSave) as stale:
            action_change(actor=manager, action=action, base_version=0, **{**values, "description": "Mine"})
    assert stale.value.current_version == 1
    assert Action.objects.get(pk=action.pk).description == "Train every duty worker"
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE).count() == audited


def test_a_finding_saves_on_top_of_the_current_version_after_a_merge(manager, finding):
    values = {"kind": "learning", "title": "Theirs", "text": "Their text"}
    finding_change(actor=manager, finding=finding, base_version=1, **values)
    with pytest.raises(StaleSave):
        finding_change(actor=manager, finding=finding, base_version=1, **{**values, "text": "Mine"})
    saved = finding_change(actor=manager, finding=finding, base_version=2, **{**values, "text": "Mine"})
    assert saved.version == 3 and saved.text == "Mine"


# --- a finding


def finding_url(finding):
    return reverse("learning:finding_change", kwargs={"review_pk": finding.review_id, "pk": finding.pk})


def test_a_stale_finding_save_shows_the_merge_screen_and_saves_the_choices(
    client, manager, colleague, finding
):
    client.force_login(manager)
    mine = form_of(client.get(finding_url(finding)))
    assert mine["original-title"] == finding.title and mine["base_version"] == "1"
    # A colleague saves first: a new title and new text.
    finding_change(
        actor=colleague,
        finding=finding,
        base_version=1,
        kind="learning",
        title="Their title",
        text="Their text",
        theme_ids=list(finding.themes.values_list("pk", flat=True)),
        meeting_ids=list(finding.meetings.values_list("pk", flat=True)),
    )
    screen = client.post(finding_url(finding), {**mine, "text": "My text"})
    body = page_text(screen)
    assert screen.status_code == 200
    assert "Someone else saved this finding while you were editing" in body
    assert "Cora Colleague’s changes to ‘Title’ are kept" in body
    assert "Their text" in body and "My text" in body
    assert "Which text do you want to keep for ‘What was learned’?" in body
    assert "Which text do you want to keep for ‘Title’?" not in body
    assert Finding.objects.get(pk=finding.pk).text == "Their text"

    resolving = form_of(screen)
    unchosen = client.post(finding_url(finding), resolving)
    assert error_summary(unchosen) == ["Select which text to keep"]
    assert "My text" in page_text(unchosen)  # nothing typed is lost

    saved = client.post(finding_url(finding), {**resolving, "choice-text": "yours"})
    assert saved.status_code == 302
    finding.refresh_from_db()
    assert (finding.title, finding.text, finding.version) == ("Their title", "My text", 3)
    assert finding.themes.count() == 1 and finding.meetings.count() == 1


def test_combined_texts_are_saved_as_edited(client, manager, colleague, finding):
    client.force_login(manager)
    mine = form_of(client.get(finding_url(finding)))
    finding_change(
        actor=colleague, finding=finding, base_version=1, kind="learning", title=finding.title, text="A"
    )
    screen = client.post(finding_url(finding), {**mine, "text": "B"})
    resolving = form_of(screen)
    assert resolving["combined-text"] == "A\n\nB"
    client.post(finding_url(finding), {**resolving, "choice-text": "combine", "combined-text": "A and B"})
    assert Finding.objects.get(pk=finding.pk).text == "A and B"


def test_a_third_save_during_the_merge_starts_another_merge_from_it(client, manager, colleague, finding):
    client.force_login(manager)
    mine = form_of(client.get(finding_url(finding)))
    finding_change(
        actor=colleague, finding=finding, base_version=1, kind="learning", title=finding.title, text="A"
    )
    resolving = form_of(client.post(finding_url(finding), {**mine, "text": "B"}))
    finding_change(actor=colleague, finding=finding, base_version=2, kind="learning", title="New", text="A")
    again = client.post(finding_url(finding), {**resolving, "choice-text": "yours"})
    body = page_text(again)
    # The merged text is now measured against what it was merged with: only the title is new.
    assert again.status_code == 200 and "changes to ‘Title’ are kept" in body
    assert "Which text do you want to keep" not in body
    assert client.post(finding_url(finding), form_of(again)).status_code == 302
    finding.refresh_from_db()
    assert (finding.title, finding.text, finding.version) == ("New", "B", 4)


def test_a_merged_finding_that_breaks_a_rule_goes_back_to_the_form_with_it(
    client, manager, colleague, finding
):
    client.force_login(manager)
    mine = form_of(client.get(finding_url(finding)))
    finding_change(
        actor=colleague, finding=finding, base_version=1, kind="learning", title=finding.title, text="A"
    )
    resolving = form_of(client.post(finding_url(finding), {**mine, "text": "B"}))
    page = client.post(finding_url(finding), {**resolving, "choice-text": "combine", "combined-text": " "})
    assert page.status_code == 200 and field_error(page, "id_text") == "Enter what was learned"
    again = form_of(page)
    assert again["base_version"] == "2" and again["original-text"] == "A"


# --- a recommendation


def rec_url(rec):
    return reverse("learning:recommendation_change", kwargs={"review_pk": rec.review_id, "pk": rec.pk})


@pytest.fixture
def rec(manager, review, finding):
    from ..services.recommendations import recommendation_add

    with on(TODAY):
        return recommendation_add(
            actor=manager,
            review=review,
            title="Share exploitation concerns with the school the same day",
            parts=GOOD_PARTS,
            finding_ids=[finding.pk],
            organisation_ids=[review.lead_organisation_id],
            review_by=date(2026, 3, 31),
        )


def change_rec(actor, rec, **parts):
    with on(TODAY):
        return recommendation_change(
            actor=actor,
            recommendation=rec,
            base_version=rec.version,
            title=rec.title,
            parts={**GOOD_PARTS, **parts},
            finding_ids=list(rec.findings.values_list("pk", flat=True)),
            organisation_ids=list(rec.responsible_organisations.values_list("pk", flat=True)),
            review_by=rec.review_by,
            overrides=rec.overrides,
        )


def test_a_stale_recommendation_is_merged_before_its_flags_are_checked(manager, colleague, rec):
    change_rec(colleague, rec, outcome="Every referral shared within one working day, audited.")
    with on(TODAY), pytest.raises(StaleSave):
        recommendation_change(
            actor=manager,
            recommendation=rec,
            base_version=1,
            title=rec.title,
            parts={**GOOD_PARTS, "learning": VAGUE},
            organisation_ids=[rec.review.lead_organisation_id],
            review_by=rec.review_by,
        )


def test_a_merged_recommendation_is_checked_against_clear_before_it_is_saved(client, manager, colleague, rec):
    client.force_login(manager)
    with on(TODAY):
        mine = form_of(client.get(rec_url(rec)))
        change_rec(colleague, rec, outcome="Every referral shared within one working day, audited.")
        screen = client.post(rec_url(rec), {**mine, "learning": VAGUE})
        body = page_text(screen)
        # Only they changed the outcome and only I the learning: nothing to choose.
        assert "Someone else saved this recommendation while you were editing" in body
        assert "changes to ‘Outcome’ are kept" in body and "Which text" not in body
        flagged = client.post(rec_url(rec), form_of(screen))
        assert flagged.status_code == 200
        body = page_text(flagged)
        assert "“Raise awareness” is vague" in body and VAGUE in body
        assert "Every referral shared within one working day, audited." in body
        assert Recommendation.objects.get(pk=rec.pk).learning == GOOD_PARTS["learning"]
        answered = {**form_of(flagged), "save_anyway": "1", "override-vague-learning": "The board's words"}
        assert answered["base_version"] == "2"
        assert client.post(rec_url(rec), answered).status_code == 302
    rec.refresh_from_db()
    assert rec.learning == VAGUE and rec.outcome.startswith("Every referral") and rec.version == 3
    assert rec.overrides == {"vague-learning": "The board's words"}


def test_reasons_given_for_flags_travel_through_the_merge(client, manager, colleague, rec):
    client.force_login(manager)
    with on(TODAY):
        mine = form_of(client.get(rec_url(rec)))
        change_rec(colleague, rec, learning="Exploitation concerns must reach the school the same day.")
        screen = client.post(
            rec_url(rec), {**mine, "learning": VAGUE, "override-vague-learning": "Agreed wording"}
        )
        resolving = form_of(screen)
        assert resolving["override-vague-learning"] == "Agreed wording"
        saved = client.post(rec_url(rec), {**resolving, "choice-learning": "yours"})
    assert saved.status_code == 302
    rec.refresh_from_db()
    assert rec.learning == VAGUE and rec.overrides == {"vague-learning": "Agreed wording"}


def vague_with_reason(actor, rec, reason):
    with on(TODAY):
        return recommendation_change(
            actor=actor,
            recommendation=rec,
            base_version=rec.version,
            title=rec.title,
            parts={**GOOD_PARTS, "learning": VAGUE},
            finding_ids=list(rec.findings.values_list("pk", flat=True)),
            organisation_ids=[rec.review.lead_organisation_id],
            review_by=rec.review_by,
            overrides={"vague-learning": reason},
        )


def test_a_colleagues_changed_reason_is_kept_when_i_did_not_touch_mine(client, manager, colleague, rec):
    vague_with_reason(colleague, rec, "The first reason")
    client.force_login(manager)
    with on(TODAY):
        mine = form_of(client.get(rec_url(rec)))
        assert mine["override-vague-learning"] == "The first reason"
        vague_with_reason(colleague, rec, "A better reason, agreed with the board")
        screen = client.post(rec_url(rec), {**mine, "title": "My new title"})
        assert client.post(rec_url(rec), form_of(screen)).status_code == 302
    rec.refresh_from_db()
    assert rec.title == "My new title"
    assert rec.overrides == {"vague-learning": "A better reason, agreed with the board"}


def test_a_reason_both_changed_keeps_both(client, manager, colleague, rec):
    vague_with_reason(colleague, rec, "The first reason")
    client.force_login(manager)
    with on(TODAY):
        mine = form_of(client.get(rec_url(rec)))
        vague_with_reason(colleague, rec, "Their reason")
        screen = client.post(rec_url(rec), {**mine, "override-vague-learning": "My reason"})
        assert client.post(rec_url(rec), form_of(screen)).status_code == 302
    rec.refresh_from_db()
    assert rec.overrides == {"vague-learning": "My reason\n\nTheir reason"}


def test_a_reason_a_colleague_gave_for_a_new_flag_is_carried(client, manager, colleague, rec):
    client.force_login(manager)
    with on(TODAY):
        mine = form_of(client.get(rec_url(rec)))
        vague_with_reason(colleague, rec, "Their reason for the new flag")
        screen = client.post(rec_url(rec), {**mine, "title": "My new title"})
        assert client.post(rec_url(rec), form_of(screen)).status_code == 302
    rec.refresh_from_db()
    assert rec.title == "My new title" and rec.learning == VAGUE
    assert rec.overrides == {"vague-learning": "Their reason for the new flag"}


@pytest.mark.parametrize("kind", ["finding", "recommendation"])
def test_a_merge_screen_sent_after_the_session_ended_comes_back_as_it_was(
    client, manager, colleague, rec, finding, kind
):
    from threadline.core.services.drafts import draft_save

    url, field = (rec_url(rec), "learning") if kind == "recommendation" else (finding_url(finding), "text")
    client.force_login(manager)
    with on(TODAY):
        mine = form_of(client.get(url))
        if kind == "recommendation":
            change_rec(colleague, rec, learning="Their learning, saved first.")
        else:
            finding_change(
                actor=colleague,
                finding=finding,
                base_version=finding.version,
                kind=finding.kind,
                title=finding.title,
                text="Their text, saved first.",
            )
        screen = client.post(url, {**mine, field: "My unique text, typed with care."})
        # What the sign-in keeps when the merge screen is sent after the session has ended.
        draft_save(actor=manager, key=url, data={**form_of(screen), f"choice-{field}": "yours"})
        again = client.get(url)
        body = page_text(again)
        assert "while you were editing" in body
        assert "My unique text, typed with care." in body and "saved first." in body
        assert client.post(url, form_of(again)).status_code == 302
    saved = rec if kind == "recommendation" else finding
    saved.refresh_from_db()
    assert getattr(saved, field) == "My unique text, typed with care."


def test_the_dates_and_organisations_are_shown_in_words_on_the_merge_screen(client, manager, colleague, rec):
    client.force_login(manager)
    with on(TODAY):
        mine = form_of(client.get(rec_url(rec)))
        rec.review_by = date(2026, 4, 30)
        change_rec(colleague, rec)
        screen = client.post(rec_url(rec), {**mine, "review_by_0": "15", "review_by_1": "5"})
    body = page_text(screen)
    assert "30 April 2026" in body and "15 May 2026" in body


# --- an action


def action_url(action):
    return reverse("learning:action_change", kwargs={"pk": action.pk})


def changed(manager, action, **changes):
    values = {
        "description": action.description,
        "level": action.level,
        "owner_organisation": action.owner_organisation,
        "owner": action.owner,
        "due_on": action.due_on,
        "success_measure": action.success_measure,
        "check_back_on": action.check_back_on,
    }
    return action_change(actor=manager, action=action, base_version=action.version, **values | changes)


def test_a_stale_action_change_shows_their_answer_next_to_mine(client, manager, colleague, action):
    client.force_login(manager)
    with on(date(2025, 3, 25)):
        mine = form_of(client.get(action_url(action)))
        assert mine["base_version"] == "0" and mine["original-due_on"] == "2025-04-17"
        changed(colleague, action, description="Their description", due_on=date(2025, 4, 24))
        refused = client.post(action_url(action), {**mine, "description": "My description"})
        assert refused.status_code == 200
        assert field_error(refused, "id_description") == (
            "Someone else changed this to ‘Their description’ while you were editing. "
            "Your answer is below: save again to keep it, or change it."
        )
        body = page_text(refused)
        assert "My description" in body and "Someone else also changed ‘Due date’" in body
        assert Action.objects.get(pk=action.pk).description == "Their description"
        again = form_of(refused)
        assert again["base_version"] == "1" and again["due_on_0"] == "24"  # their due date kept
        assert client.post(action_url(action), again).status_code == 302
    action.refresh_from_db()
    assert (action.description, action.due_on, action.version) == ("My description", date(2025, 4, 24), 2)


def test_an_action_change_is_saved_when_only_its_status_moved(client, manager, partner_owner, action):
    client.force_login(manager)
    with on(date(2025, 3, 25)):
        mine = form_of(client.get(action_url(action)))
        action_update_post(actor=partner_owner, action=action, text="Started", status="in-progress")
        saved = client.post(action_url(action), {**mine, "description": "My description"})
    assert saved.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.status, action.version) == ("My description", "in-progress", 2)
