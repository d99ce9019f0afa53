"""How services refuse bad input: a ValidationError that names the field, raised before anything is written."""

from typing import NoReturn

from django.core.exceptions import ValidationError


def reject(field: str, message: str, *, code: str = "invalid") -> NoReturn:
    raise ValidationError({field: [ValidationError(message, code=code)]})
