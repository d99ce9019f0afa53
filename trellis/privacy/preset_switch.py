"""Switching a consent's preset on the preparation page without losing what the staff member typed.

A preset decides a consent's shape: its kind, the information and purposes ticked, whether the recipient is
named or designated generally and what kind of recipient it is. Switching takes all of that from the new
preset. Text the staff member typed or changed (the recipient's name, the purpose in the client's words,
edited wording, a chosen end) stays wherever the new preset still uses it; wording the old preset put there
untouched follows the new preset. Two things no longer apply and are dropped: a named recipient under a
general designation, and "no expiry" on a consent other than TPO (42 CFR 2.31(a)(4) and (a)(6) allow both
for TPO consents only). The staff member reviews the terms before preparing, so nothing is refused here.
"""

from collections.abc import Mapping
from typing import Any

from trellis.privacy.part2 import ConsentKind

TEXT = ("disclosing_party", "information_detail", "recipient_name", "recipient_detail", "purpose_detail")
RECIPIENT = ("recipient_name", "recipient_detail")
EXPIRY = ("expiry_mode", "expires_on", "expiry_event")


def _changed(typed: str, preset_value: Any) -> bool:
    """Typed, and not what the old preset put there (a textarea posts its line ends as CRLF)."""
    text = typed.replace("\r\n", "\n").strip()
    return bool(text) and text != str(preset_value or "").strip()


def switch_preset(
    posted: Mapping[str, Any], *, source: Mapping[str, Any], target: Mapping[str, Any]
) -> dict[str, Any]:
    """The form's values after switching from the `source` preset's to the `target` preset's starting values."""
    values = dict(target)
    named = target["recipient_mode"] == "named"
    for name in TEXT:
        typed = str(posted.get(name) or "")
        if _changed(typed, source.get(name)) and (named or name not in RECIPIENT):
            values[name] = typed
    expiry = {name: str(posted.get(name) or "") for name in EXPIRY}
    chosen = any(_changed(expiry[name], source.get(name)) for name in EXPIRY)
    if chosen and not (expiry["expiry_mode"] == "none" and target["kind"] != ConsentKind.TPO):
        values.update(expiry)
    return values
