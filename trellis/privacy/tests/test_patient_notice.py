"""The written notice each client of a Part 2 program is given at admission (42 CFR 2.22)."""

from typing import Any

from django.urls import reverse

from trellis.privacy.models import AuditEvent


def test_the_admission_notice_holds_what_2_22_asks(world: Any, client: Any) -> None:
    client.force_login(world.amy)
    response = client.get(reverse("consents:patient_notice", kwargs={"client_pk": world.carol.pk}))
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200
    # (b)(1) the limited circumstances of disclosure, (b)(2) violations are a crime and where to report them,
    # (b)(3) crimes on the premises and (b)(4) child abuse reports are not protected, (b)(5) the citation
    assert "medical emergency" in page
    assert "court order" in page
    assert "United States Attorney" in page
    assert "on the program&#x27;s premises" in page
    assert "suspected child abuse or neglect" in page
    assert "42 U.S.C. 290dd-2 and 42 CFR part 2" in page
    assert "Carol" in page
    assert world.organization.name in page
    assert AuditEvent.objects.filter(actor=world.amy, client=world.carol, detail="Part 2 notice").exists()


def test_the_notice_is_on_the_chart(world: Any, client: Any) -> None:
    client.force_login(world.alice)
    chart = client.get(reverse("clients:chart", kwargs={"pk": world.carol.pk})).content.decode()
    assert reverse("consents:patient_notice", kwargs={"client_pk": world.carol.pk}) in chart
