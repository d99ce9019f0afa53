"""Whether an 835 payment comes from the payer a claim was billed to. Pure.

A payer that sends its own identifier (N1*PR N104, REF*2U) is matched on it against the payer id the claim was
billed under; otherwise on its name, ignoring case, spacing and punctuation. TRN03 is not used: it names the
payer as originator of the money (often "1" and a tax id), which Trellis does not keep.
"""

import re

NOT_A_WORD = re.compile(r"[^0-9a-z]+")


def _words(name: str) -> str:
    return NOT_A_WORD.sub(" ", name.casefold()).strip()


def same_payer(*, payer_id: str, payer_name: str, remit_ids: tuple[str, ...], remit_name: str) -> bool:
    if payer_id.strip() and remit_ids:
        return payer_id.strip().upper() in {identifier.upper() for identifier in remit_ids}
    return bool(_words(payer_name)) and _words(payer_name) == _words(remit_name)
