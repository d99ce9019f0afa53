"""The director names the on-call clinician of each site; a wrong choice is refused and changes nothing."""

from typing import Any

from django.urls import reverse

from trellis.measures.models import OnCall
from trellis.privacy.models import AuditEvent


def test_the_director_sets_and_clears_the_on_call_clinician(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    url = reverse("measures:set_on_call", kwargs={"site_pk": world.site_a.pk})

    response = client.post(url, {"clinician": str(world.alice.pk)})
    assert response.status_code == 302
    assert OnCall.objects.get(site=world.site_a).clinician == world.alice
    page = client.get(reverse("measures:on_call")).content.decode()
    assert f'value="{world.alice.pk}" selected' in page
    assert AuditEvent.objects.filter(actor=world.dana, detail="on-call set at Northside").exists()

    client.post(url, {"clinician": ""})
    assert not OnCall.objects.exists()


def test_a_clinician_of_another_site_or_nonsense_is_refused(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    url = reverse("measures:set_on_call", kwargs={"site_pk": world.site_a.pk})
    for chosen in (str(world.bob.pk), str(world.bill.pk), "not-an-id"):
        response = client.post(url, {"clinician": chosen})
        assert response.status_code == 422
        assert "Choose a clinician who works at this site." in response.content.decode()
    assert not OnCall.objects.exists()
