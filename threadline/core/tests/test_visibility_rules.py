"""Who sees which organisations, and who may keep drafts of which forms."""

import pytest
from django.urls import reverse

from threadline.core.models import Draft, Role
from threadline.core.testing import make_organisation, make_person

pytestmark = pytest.mark.django_db


def test_a_member_agencys_people_see_the_partnership_it_belongs_to(client):
    police = make_organisation("Midshire Police", type="police")
    partnership = make_organisation("Northbridge Partnership", type="safeguarding-partnership")
    partnership.member_organisations.add(police)
    officer = make_person(police, Role.PARTNER_AGENCY_LEAD)
    client.force_login(officer)
    assert client.get(partnership.get_absolute_url()).status_code == 200
    assert "Northbridge Partnership" in client.get(reverse("core:organisation_list")).content.decode()


def test_an_agency_outside_the_partnership_does_not_see_it(client):
    partnership = make_organisation("Northbridge Partnership", type="safeguarding-partnership")
    outsider = make_person(make_organisation("Elsewhere Police", type="police"), Role.PARTNER_AGENCY_LEAD)
    client.force_login(outsider)
    assert client.get(partnership.get_absolute_url()).status_code == 404


def test_a_person_cannot_keep_a_draft_of_a_form_they_may_not_use(client, practitioner):
    client.force_login(practitioner)
    response = client.post(
        reverse("core:draft_autosave"), {"draft_key": reverse("core:organisation_create"), "name": "x"}
    )
    assert response.status_code == 403
    assert not Draft.objects.filter(user=practitioner).exists()
