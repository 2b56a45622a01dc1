"""The findings, recommendation and themes pages: happy paths, messages next to their fields,
nothing typed lost, and nobody else changing or seeing them."""

# ruff: noqa: F811 — the fixtures imported from other modules are used by name, as arguments

from datetime import date

import pytest
from django.urls import reverse

from threadline.core.models import Role
from threadline.core.testing import assert_isolated, make_person
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text
from threadline.reviews.tests.conftest import chair, incident, on, review, reviewer, yjs  # noqa: F401

from ..models import Finding, Recommendation, Theme
from .fixtures_findings import (  # noqa: F401
    GOOD_PARTS,
    TODAY,
    exploitation,
    finding,
    involved,
    minuted_meeting,
)


def rec_post(finding, review, **changes):
    values = {
        "title": "Share exploitation concerns with the school the same day",
        **GOOD_PARTS,
        "findings": [str(finding.pk)],
        "responsible_organisations": [str(review.lead_organisation_id)],
        "review_by_0": "31",
        "review_by_1": "3",
        "review_by_2": "2026",
        "base_version": "0",
    }
    values.update(changes)
    return values


@pytest.mark.django_db
def test_a_finding_is_added_on_its_page_and_listed_with_its_themes(
    client, manager, review, minuted_meeting, exploitation
):
    client.force_login(manager)
    url = reverse("learning:finding_add", kwargs={"review_pk": review.pk})
    with on(TODAY):
        page = client.get(url)
        assert "Child exploitation" in page_text(page) and "Practitioner event" in page_text(page)
        refused = client.post(
            url, {"kind": "learning", "title": "", "text": "Kept text", "base_version": "0"}
        )
        assert refused.status_code == 200
        assert field_error(refused, "id_title") == "Enter a short title for the finding"
        assert "Kept text" in page_text(refused)
        saved = client.post(
            url,
            {
                "kind": "good-practice",
                "title": "The YJS worker visited weekly",
                "text": "Weekly visits kept the child engaged.",
                "themes": [str(exploitation.pk)],
                "meetings": [str(minuted_meeting.pk)],
                "base_version": "0",
            },
        )
        listed = page_text(client.get(reverse("learning:findings", kwargs={"review_pk": review.pk})))
    assert saved.status_code == 302
    assert "The YJS worker visited weekly" in listed and "Child exploitation" in listed
    assert "1 meeting" in listed


@pytest.mark.django_db
def test_a_stale_finding_save_shows_the_merge_screen_with_both_texts(client, manager, review, finding):
    client.force_login(manager)
    url = reverse("learning:finding_change", kwargs={"review_pk": review.pk, "pk": finding.pk})
    Finding.objects.filter(pk=finding.pk).update(text="Their newer text", version=2)
    stale = client.post(url, {"kind": "learning", "title": "Mine", "text": "My text", "base_version": "1"})
    body = page_text(stale)
    assert "Someone else saved this finding while you were editing" in body
    assert "Their newer text" in body and "My text" in body
    # Not knowing what the form started from, every part the two differ on is to be chosen.
    assert "Which text do you want to keep for ‘What was learned’?" in body
    assert "Which text do you want to keep for ‘Title’?" in body
    finding.refresh_from_db()
    assert finding.text == "Their newer text"


@pytest.mark.django_db
def test_a_clear_recommendation_is_saved_and_shown_as_clear(client, manager, review, finding):
    client.force_login(manager)
    url = reverse("learning:recommendation_add", kwargs={"review_pk": review.pk})
    with on(TODAY):
        assert client.post(url, rec_post(finding, review)).status_code == 302
        listed = page_text(client.get(reverse("learning:findings", kwargs={"review_pk": review.pk})))
    assert "Share exploitation concerns with the school the same day" in listed and ">CLEAR<" in listed


@pytest.mark.django_db
def test_flags_are_shown_by_their_fields_and_save_anyway_needs_a_reason(client, manager, review, finding):
    client.force_login(manager)
    url = reverse("learning:recommendation_add", kwargs={"review_pk": review.pk})
    weak = rec_post(
        finding,
        review,
        learning="Raise awareness of exploitation.",
        review_by_0="",
        review_by_1="",
        review_by_2="",
    )
    with on(TODAY):
        flagged = client.post(url, weak)
        body = page_text(flagged)
        assert flagged.status_code == 200 and not Recommendation.objects.exists()
        assert "“Raise awareness” is vague" in body and 'name="override-vague-learning"' in body
        assert "Enter the date the outcome will be reviewed by" in body
        assert "Raise awareness of exploitation." in body  # nothing typed lost
        anyway = client.post(
            url, {**weak, "save_anyway": "1", "override-vague-learning": "The board's words"}
        )
        assert field_error(anyway, "override-no-review-date") == "Enter why you are saving with this flag"
        assert any("Enter the date the outcome" in item for item in error_summary(anyway))
        saved = client.post(
            url,
            {
                **weak,
                "save_anyway": "1",
                "override-vague-learning": "The board's words",
                "override-no-review-date": "Set at the board in July",
            },
        )
    assert saved.status_code == 302
    rec = Recommendation.objects.get()
    assert rec.overrides == {
        "vague-learning": "The board's words",
        "no-review-date": "Set at the board in July",
    }


@pytest.mark.django_db
def test_a_recommendation_with_no_responsible_organisation_is_refused_on_the_page(
    client, manager, review, finding
):
    client.force_login(manager)
    url = reverse("learning:recommendation_add", kwargs={"review_pk": review.pk})
    with on(TODAY):
        refused = client.post(url, rec_post(finding, review, responsible_organisations=[]))
    assert field_error(refused, "id_responsible_organisations") == (
        "Choose the organisation responsible for carrying out the recommendation"
    )
    assert "The school did not know" in page_text(refused)
    assert not Recommendation.objects.exists()


@pytest.mark.django_db
def test_only_writers_change_and_other_organisations_get_404(client, manager, review, finding, organisation):
    url = reverse("learning:findings", kwargs={"review_pk": review.pk})
    assert_isolated(client, url, owner=manager)
    practitioner = make_person(organisation, Role.PRACTITIONER)
    client.force_login(practitioner)
    add = reverse("learning:finding_add", kwargs={"review_pk": review.pk})
    assert client.get(add).status_code == 403


@pytest.mark.django_db
def test_a_finding_of_another_review_is_not_found(client, manager, review, finding):
    client.force_login(manager)
    url = reverse("learning:finding_change", kwargs={"review_pk": review.pk, "pk": finding.pk + 1000})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_themes_page_adds_renames_and_retires(client, sysadmin, manager):
    client.force_login(manager)
    assert client.get(reverse("learning:themes")).status_code == 403
    client.force_login(sysadmin)
    url = reverse("learning:themes")
    assert "Voice of the child" in page_text(client.get(url))
    assert field_error(client.post(url, {"name": ""}), "id_name") == "Enter the theme's name"
    assert client.post(url, {"name": "Domestic abuse"}).status_code == 302
    theme = Theme.objects.get(name="Domestic abuse")
    change = reverse("learning:theme_change", kwargs={"pk": theme.pk})
    assert client.post(change, {"name": "Domestic abuse and coercive control"}).status_code == 302
    assert client.post(change, {"name": "x", "retire": "1"}).status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Domestic abuse and coercive control" and theme.retired_at is not None
    assert date.today()  # the page lists retired themes too
    assert "Retired" in page_text(client.get(url))
