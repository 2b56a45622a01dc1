"""A review's costs: the services (checked, audited) and the costs page with its errors, the
split per organisation, isolation and the CSV download (issue 5 item 10)."""

import csv
import io

import pytest
from django.urls import reverse

from threadline.core.access import NotAllowed
from threadline.core.models import AuditEvent, Role
from threadline.core.testing import assert_isolated, make_organisation, make_person
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text
from threadline.reviews.domain.costs import CostRuleError, Share
from threadline.reviews.models import CostApportionment, ReviewCost
from threadline.reviews.services import review_cost_apportionment_set, review_cost_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(organisation):
    partner = make_organisation("Northbridge Police")
    organisation.member_organisations.add(partner)
    return partner


def costs_url(review):
    return reverse("reviews:costs", kwargs={"pk": review.pk})


def test_setting_a_cost_saves_it_and_writes_one_audit_row(manager, review):
    before = AuditEvent.objects.filter(target_id=review.pk).count()
    cost = review_cost_set(
        actor=manager, review=review, heading="independent-author", estimated_pence=500000, note="Two days"
    )
    assert (cost.estimated_pence, cost.actual_pence, cost.note) == (500000, None, "Two days")
    changed = review_cost_set(
        actor=manager,
        review=review,
        heading="independent-author",
        estimated_pence=500000,
        actual_pence=480050,
    )
    assert changed.pk == cost.pk and changed.actual_pence == 480050
    events = AuditEvent.objects.filter(target_id=review.pk).order_by("pk")[before:]
    assert [e.action for e in events] == ["create", "change"]
    assert events[1].detail["before"] == {"estimated_pence": 500000, "actual_pence": None}


def test_a_chair_may_set_costs_but_a_reviewer_or_another_organisation_may_not(
    chair, reviewer, stranger, review
):
    review_cost_set(actor=chair, review=review, heading="media", estimated_pence=100)
    for person in (reviewer, stranger):
        with pytest.raises(NotAllowed):
            review_cost_set(actor=person, review=review, heading="media", estimated_pence=100)
        with pytest.raises(NotAllowed):
            review_cost_apportionment_set(
                actor=person,
                review=review,
                option="by-involvement",
                shares=[Share(review.lead_organisation_id, 1)],
            )
    assert ReviewCost.objects.count() == 1


def test_an_unknown_heading_or_a_negative_amount_is_refused(manager, review):
    with pytest.raises(CostRuleError) as refused:
        review_cost_set(actor=manager, review=review, heading="travel", estimated_pence=100)
    assert refused.value.field == "heading"
    with pytest.raises(CostRuleError) as refused:
        review_cost_set(actor=manager, review=review, heading="media", estimated_pence=-1)
    assert refused.value.field == "estimated"
    assert not ReviewCost.objects.exists()


def test_option_2_above_80_percent_is_refused_and_nothing_is_saved(manager, review, police):
    with pytest.raises(CostRuleError, match="The highest share is 85%: no partner may pay more than 80%"):
        review_cost_apportionment_set(
            actor=manager,
            review=review,
            option="agreed-percentages",
            shares=[Share(review.lead_organisation_id, 85), Share(police.pk, 15)],
        )
    assert not CostApportionment.objects.exists()


def test_one_partner_bears_the_total_cost_only_with_who_decided_it(manager, review, police):
    with pytest.raises(
        CostRuleError, match="Enter who decided that one partner bears the total cost"
    ) as raised:
        review_cost_apportionment_set(
            actor=manager, review=review, option="one-partner", shares=[Share(police.pk, 100)]
        )
    assert raised.value.field == "agreed_by"
    assert not CostApportionment.objects.exists()
    chosen = review_cost_apportionment_set(
        actor=manager,
        review=review,
        option="one-partner",
        shares=[Share(police.pk, 100), Share(review.lead_organisation_id, 0)],
        agreed_by="Statutory partners, 2 April 2025: the police are the primary responsible partner",
    )
    assert chosen.shares == [{"organisation": police.pk, "amount": 100}]


def test_only_the_reviews_partners_can_share_its_costs(manager, review):
    elsewhere = make_organisation("Elsewhere Council")
    with pytest.raises(CostRuleError, match="partner organisations"):
        review_cost_apportionment_set(
            actor=manager, review=review, option="by-involvement", shares=[Share(elsewhere.pk, 1)]
        )


def test_an_agreed_split_is_saved_and_audited(manager, review, police):
    chosen = review_cost_apportionment_set(
        actor=manager,
        review=review,
        option="agreed-percentages",
        shares=[Share(review.lead_organisation_id, 60), Share(police.pk, 40)],
        agreed_by="Statutory partners, 1 April 2025",
    )
    assert chosen.shares == [
        {"organisation": review.lead_organisation_id, "amount": 60},
        {"organisation": police.pk, "amount": 40},
    ]
    event = AuditEvent.objects.filter(target_id=review.pk, action="create").latest("pk")
    assert event.detail["apportionment"] == "agreed-percentages"


def test_the_costs_page_shows_totals_and_each_organisations_part(client, manager, review, police):
    review_cost_set(actor=manager, review=review, heading="commissioning", estimated_pence=1000_00)
    review_cost_set(
        actor=manager, review=review, heading="legal-advice", estimated_pence=250_50, actual_pence=300_00
    )
    review_cost_apportionment_set(
        actor=manager,
        review=review,
        option="by-involvement",
        shares=[Share(review.lead_organisation_id, 3), Share(police.pk, 1)],
    )
    client.force_login(manager)
    body = page_text(client.get(costs_url(review)))
    assert "£1,250.50" in body and "£300.00" in body
    assert "Option 1: shared by agency involvement" in body
    assert "£937.88" in body and "£312.62" in body, "3:1 of £1,250.50, to the penny"
    assert "£225.00" in body and "£75.00" in body
    assert f'href="{costs_url(review)}">Costs</a>' in page_text(client.get(review.get_absolute_url()))


def test_amounts_are_typed_in_pounds_and_mistakes_show_next_to_the_field(client, manager, review):
    client.force_login(manager)
    saved = client.post(
        costs_url(review), {"action": "cost", "heading": "media", "estimated": "1,250.50", "actual": ""}
    )
    assert saved.status_code == 302
    assert ReviewCost.objects.get(review=review, heading="media").estimated_pence == 125050
    refused = client.post(
        costs_url(review), {"action": "cost", "heading": "media", "estimated": "-3", "actual": "lots"}
    )
    assert refused.status_code == 200
    assert field_error(refused, "id_estimated") == "The amount cannot be negative"
    assert field_error(refused, "id_actual") == "Enter the amount as a number of pounds, like 1,250.50"
    assert "The amount cannot be negative" in error_summary(refused)
    assert ReviewCost.objects.get(review=review, heading="media").estimated_pence == 125050


def test_a_split_above_80_percent_is_shown_in_the_error_summary_and_by_the_shares(
    client, manager, review, police
):
    client.force_login(manager)
    lead = review.lead_organisation_id
    response = client.post(
        costs_url(review),
        {
            "action": "apportionment",
            "option": "agreed-percentages",
            f"share_{lead}": "85",
            f"share_{police.pk}": "15",
        },
    )
    message = "The highest share is 85%: no partner may pay more than 80%"
    assert response.status_code == 200 and message in error_summary(response)
    assert field_error(response, f"id_share_{police.pk}") == message, "by the first organisation listed"
    assert not CostApportionment.objects.exists()
    saved = client.post(
        costs_url(review),
        {
            "action": "apportionment",
            "option": "agreed-percentages",
            f"share_{lead}": "80",
            f"share_{police.pk}": "20",
        },
    )
    assert (
        saved.status_code == 302
        and CostApportionment.objects.get(review=review).option == "agreed-percentages"
    )


def test_people_who_may_not_change_costs_see_them_but_cannot_post(client, organisation, review):
    reviewer = make_person(organisation, Role.REVIEWER)
    client.force_login(reviewer)
    page = client.get(costs_url(review))
    assert page.status_code == 200 and "Add or change a cost" not in page_text(page)
    posted = client.post(costs_url(review), {"action": "cost", "heading": "media", "estimated": "1"})
    assert posted.status_code == 403 and not ReviewCost.objects.exists()


def test_the_costs_pages_are_isolated_from_other_organisations(client, manager, review):
    assert_isolated(client, costs_url(review), owner=manager)
    assert_isolated(client, reverse("reviews:costs_export", kwargs={"pk": review.pk}), owner=manager)


def test_the_csv_download_is_audited_and_neutralises_formulas(client, manager, review):
    review_cost_set(
        actor=manager, review=review, heading="other", estimated_pence=12_00, note="=HYPERLINK(1)"
    )
    client.force_login(manager)
    response = client.get(reverse("reviews:costs_export", kwargs={"pk": review.pk}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    other = next(row for row in rows if row[1] == "Other")
    assert other[3] == "12.00" and other[5] == "'=HYPERLINK(1)"
    assert rows[-1][:2] == ["total", "Total"] or any(row[0] == "total" for row in rows)
    assert AuditEvent.objects.filter(actor=manager, action="export", target_id=review.pk).count() == 1
