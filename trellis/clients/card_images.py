"""Insurance card photos: checked to be a picture, and re-encoded so nothing but the picture is kept.

A phone's photo carries EXIF metadata, GPS position included; re-encoding drops it (the card itself is the
minimum necessary, HIPAA 164.502(b)). Files are named by a random id, never by the client, and kept in the
default storage under a folder no URL serves: only the audited card view reads them back.
"""

import io
import uuid
from typing import Any

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_SIDE = 2400  # pixels: a card read at 600 dpi; larger photos are scaled down
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png")}
FOLDER = "private/insurance-cards"


class NotAPicture(ValueError):
    """The upload is not a JPEG or PNG photo of reasonable size."""


def clean_picture(upload: Any) -> ContentFile[bytes]:
    """The upload as a fresh JPEG or PNG without metadata, under a random name; NotAPicture otherwise."""
    if upload.size > MAX_BYTES:
        raise NotAPicture("The photo is larger than 8 MB; take it again at a lower resolution.")
    try:
        with Image.open(upload) as image:
            kind = image.format or ""
            if kind not in FORMATS:
                raise NotAPicture("Upload a photo of the card as a JPEG or PNG file.")
            image.load()
            picture = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise NotAPicture("Upload a photo of the card as a JPEG or PNG file.") from error
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    if kind == "JPEG" and picture.mode not in {"RGB", "L"}:
        picture = picture.convert("RGB")
    out = io.BytesIO()
    picture.save(out, format=kind)  # no exif= argument: the metadata stays behind
    extension, _ = FORMATS[kind]
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def content_type(name: str) -> str:
    return "image/png" if name.endswith(".png") else "image/jpeg"
