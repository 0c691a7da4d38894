"""The inspection form's address choice (issue 12)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_addresses_to_visit_are_tick_boxes_not_a_ctrl_click_list(
    client_for, gebiedsregisseur, neighbourhood, addresses
):
    """Issue 12: choosing addresses for an inspection was a Ctrl-click multi-select."""
    page = (
        client_for(gebiedsregisseur)
        .get(reverse("areas:inspection_create", args=[neighbourhood.pk]))
        .content.decode()
    )
    assert '<select name="addresses"' not in page
    assert page.count('type="checkbox" name="addresses"') == len(addresses)
