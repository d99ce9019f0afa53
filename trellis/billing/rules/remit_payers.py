"""Whether an 835 payment comes from the payer a claim was billed to. Pure.

A payer that sends its own identifier (N1*PR N104, REF*2U) is matched on it against the payer id the claim was
billed under; otherwise on its name, ignoring case, spacing and punctuation. Strict both ways: an identifier that
belongs to another of the organization's payers settles the question, so a payer with no id on file is not
matched by name to a payment that names someone else's id. TRN03 is not used: it names the payer as originator
of the money (often "1" and a tax id), which Trellis does not keep.
"""

import re
from collections.abc import Iterable

NOT_A_WORD = re.compile(r"[^0-9a-z]+")


def _words(name: str) -> str:
    return NOT_A_WORD.sub(" ", name.casefold()).strip()


def _ids(values: Iterable[str]) -> set[str]:
    return {value.strip().upper() for value in values if value.strip()}


def same_payer(
    *,
    payer_id: str,
    payer_name: str,
    remit_ids: tuple[str, ...],
    remit_name: str,
    organization_ids: Iterable[str] = (),
) -> bool:
    """`organization_ids` are the payer ids of all the organization's payers."""
    sent = _ids(remit_ids)
    if payer_id.strip() and sent:
        return payer_id.strip().upper() in sent
    if sent & _ids(organization_ids):
        return False  # the payment names another of the organization's payers by its id
    return bool(_words(payer_name)) and _words(payer_name) == _words(remit_name)
