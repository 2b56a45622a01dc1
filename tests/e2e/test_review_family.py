"""In a browser, with axe on every page: a service manager records the family liaison strategy,
a contact, the child's views, consent and the family's feedback on the draft report with what
was done with it; a clash over the strategy ends on the merge screen."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from threadline.reviews.models import FamilyLiaisonStrategy
from threadline.reviews.services.family import family_strategy_save

from .journey import Visitor, already_signed_in
from .test_incidents import fill_date

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def back_to_the_family(mia: Visitor, message: str) -> None:
    expect(mia.page.get_by_text(message)).to_be_visible()
    assert mia.heading() == "The family and the child"


def test_a_manager_records_the_family_and_the_child(open_browser, manager, reviewer, review):
    today = timezone.localdate()
    mia = open_browser()
    already_signed_in(mia, manager)
    page = mia.page
    mia.visit(reverse("reviews:family", kwargs={"pk": review.pk}))
    assert mia.heading() == "The family and the child"

    mia.follow("Record the family liaison strategy")
    page.get_by_label("Who liaises with the family").fill(
        "Sofia Lind, lead reviewer\nGrace Adeyemi, key contact"
    )
    page.get_by_label("How the review involves the family").fill("Meet the mother at home first.")
    mia.press("Save the strategy")
    back_to_the_family(mia, "The family liaison strategy is saved (version 1)")

    mia.follow("Record a contact")
    mia.press("Record the contact")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what the family said")
    fill_date(page, "id_contacted_on", today - timedelta(days=1))
    page.get_by_label("Who in the family?").fill("The child's mother")
    page.get_by_label("Who made the contact?").fill("Sofia Lind, lead reviewer")
    page.get_by_label("Telephone").check()
    page.get_by_label("What did they say?").fill("She said nobody listened.\nShe wants the school to change.")
    mia.press("Record the contact")
    back_to_the_family(mia, "The contact is recorded")

    mia.follow("Record views")
    page.get_by_label("Yes, the child’s own views").check()
    page.get_by_label("Their views, in their own words").fill("I wanted someone to ask me.")
    fill_date(page, "id_captured_on", today)
    mia.press("Record their views")
    back_to_the_family(mia, "Their views are recorded")
    expect(page.locator("blockquote", has_text="I wanted someone to ask me.")).to_be_visible()

    mia.follow("Record consent")
    page.get_by_label("Whose consent?").fill("The child's mother")
    page.get_by_label("Their views being quoted in the report").check()
    page.get_by_label("Given").check()
    fill_date(page, "id_on", today)
    mia.press("Record the consent")
    back_to_the_family(mia, "The consent is recorded")

    mia.follow("Record feedback on the draft report")
    page.get_by_label("Who gave the feedback?").fill("The child's mother")
    fill_date(page, "id_received_on", today)
    page.get_by_label("Their feedback on the draft report").fill("Page 3 is wrong about the school.")
    mia.press("Record the feedback")
    back_to_the_family(mia, "The feedback is recorded")
    expect(page.get_by_text("Awaiting a response")).to_be_visible()

    mia.arrive_by(page.get_by_role("link", name="Record what was done"))
    page.get_by_label("What was done with it?").fill("Page 3 was rewritten with her.")
    fill_date(page, "id_responded_on", today)
    mia.press("Save what was done")
    back_to_the_family(mia, "What was done with the feedback is recorded")
    expect(page.get_by_text("Awaiting a response")).to_have_count(0)

    mia.follow("Change the family liaison strategy")
    family_strategy_save(
        actor=reviewer, review=review, base_version=1, liaison_people="Sofia Lind", strategy="Meet by video."
    )
    page.get_by_label("How the review involves the family").fill("Meet the mother at her sister's home.")
    mia.press("Save the strategy")
    assert mia.heading() == "Sofia Lind changed the family liaison strategy while you were editing"
    page.get_by_label("Keep your text").check()
    mia.press("Save the strategy")
    back_to_the_family(mia, "The family liaison strategy is saved (version 3)")
    saved = FamilyLiaisonStrategy.objects.get(review=review)
    assert (saved.liaison_people, saved.strategy) == ("Sofia Lind", "Meet the mother at her sister's home.")
