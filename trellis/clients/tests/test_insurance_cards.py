"""Insurance card photos on the face sheet: uploaded by the client's own staff, kept where no URL serves them,
shown only through an audited view, and stripped of the metadata a phone adds (GPS position included).

HIPAA 164.502(b) minimum necessary; 164.312(b) audit controls.
"""

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from trellis.clients.models import InsuranceCard
from trellis.clients.tests.cards import picture_bytes, upload
from trellis.privacy.models import AuditEvent


@pytest.fixture
def alice(world: Any, client: Any) -> Any:
    client.force_login(world.alice)
    return client


def _add(browser: Any, world: Any, **files: Any) -> Any:
    url = reverse("clients:add_insurance_card", kwargs={"pk": world.carol.pk})
    return browser.post(url, {"label": "Prairie Mutual PPO", **files}, follow=True)


def test_it_keeps_both_sides_and_shows_them_to_staff_who_see_the_client(world: Any, alice: Any) -> None:
    # when Alice adds photos of both sides of Carol's card
    page = _add(alice, world, front=upload("front.png"), back=upload("back.png"))
    # then the face sheet shows the card, and each side is served to her as a picture
    html = page.content.decode()
    assert "Insurance card added." in html
    assert 'alt="Front of the Prairie Mutual PPO card"' in html
    card = InsuranceCard.objects.get(client=world.carol)
    for side in ("front", "back"):
        url = reverse(
            "clients:insurance_card_image", kwargs={"pk": world.carol.pk, "card_pk": card.pk, "side": side}
        )
        response = alice.get(url)
        assert response["Content-Type"] == "image/png"
        assert Image.open(io.BytesIO(response.content)).size == (320, 200)
    # and the upload and each look are on Carol's trail
    details = set(AuditEvent.objects.filter(client=world.carol).values_list("detail", flat=True))
    assert {"insurance card", "insurance card front", "insurance card back"} <= details


def test_it_stores_the_photo_privately_under_a_random_name(world: Any, alice: Any) -> None:
    _add(alice, world, front=upload("carol-northcott-card.png"))
    card = InsuranceCard.objects.get()
    # the file is in the private folder, named by a random id, not by the client or the upload's name
    assert card.front.name.startswith(f"private/insurance-cards/{world.carol.pk}/")
    assert "northcott" not in card.front.name.lower()
    assert world.carol.chart_number not in card.front.name
    assert default_storage.exists(card.front.name)
    # and no public address serves it
    assert alice.get(f"/media/{card.front.name}").status_code == 404
    assert alice.get(f"/static/{card.front.name}").status_code == 404


def test_it_drops_the_photos_metadata(world: Any, alice: Any) -> None:
    # given a phone's JPEG that carries EXIF (here, the camera model tag)
    exif = Image.Exif()
    exif[0x0110] = "Synthetic Phone 1"
    photo = picture_bytes(kind="JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(photo)).getexif()
    # when it is uploaded
    _add(alice, world, front=upload("card.jpg", data=photo, content_type="image/jpeg"))
    # then the stored picture has no metadata left
    with InsuranceCard.objects.get().front.open("rb") as stored:
        assert not Image.open(stored).getexif()


@pytest.mark.parametrize(
    ("files", "field_message"),
    [
        ({"front": "not-a-picture"}, "Upload a photo of the card as a JPEG or PNG file."),
        ({}, "This field is required."),
    ],
)
def test_it_refuses_what_is_not_a_photo_and_stores_nothing(
    world: Any, alice: Any, files: dict[str, str], field_message: str
) -> None:
    uploads = {
        side: upload("card.png", data=b"%PDF-1.4 not a picture", content_type="image/png") for side in files
    }
    page = _add(alice, world, **uploads)
    assert page.status_code == 400
    assert field_message in page.content.decode()
    assert 'value="Prairie Mutual PPO"' in page.content.decode()
    assert not InsuranceCard.objects.exists()
