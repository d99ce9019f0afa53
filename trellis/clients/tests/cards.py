"""Synthetic insurance card photos for tests: drawn in memory, never a real card."""

import io
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from trellis.clients.models import Client, InsuranceCard


def picture_bytes(*, kind: str = "PNG", exif: bytes | None = None) -> bytes:
    image = Image.new("RGB", (320, 200), (40, 110, 90))
    out = io.BytesIO()
    if exif is None:
        image.save(out, format=kind)
    else:
        image.save(out, format=kind, exif=exif)
    return out.getvalue()


def upload(name: str = "card.png", *, data: bytes | None = None, content_type: str = "image/png") -> Any:
    return SimpleUploadedFile(name, picture_bytes() if data is None else data, content_type=content_type)


def card_on_file(client: Client) -> InsuranceCard:
    card = InsuranceCard(client=client, label="Prairie Mutual PPO (fictional)")
    card.front.save("front.png", ContentFile(picture_bytes()), save=False)
    card.save()
    return card
