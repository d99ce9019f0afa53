"""Phone numbers as E.164 (+15555550123), the form SMS providers and inbound webhooks use.

US and Canada only (NANP): every program we serve is there, so a small normalizer does instead of a
dependency. A number that is not a NANP number is refused rather than guessed.
"""

import re

_DIGITS = re.compile(r"\d")
_ALLOWED = re.compile(r"^[\d\s()+.\-]+$")


class NotAPhoneNumber(ValueError):
    pass


def to_e164(text: str) -> str:
    """'(555) 555-0123', '555.555.0123', '1 555 555 0123' and '+15555550123' all give '+15555550123'."""
    raw = text.strip()
    if not raw or not _ALLOWED.match(raw):
        raise NotAPhoneNumber("Enter a US phone number, such as (555) 555-0123.")
    digits = "".join(_DIGITS.findall(raw))
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    # NANP: area code and exchange never start with 0 or 1.
    if len(digits) != 10 or digits[0] in "01" or digits[3] in "01":
        raise NotAPhoneNumber("Enter a US phone number, such as (555) 555-0123.")
    return f"+1{digits}"


def try_e164(text: str) -> str | None:
    try:
        return to_e164(text)
    except NotAPhoneNumber:
        return None
