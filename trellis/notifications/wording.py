"""What a reminder says. A text on a lock screen or a shared phone is itself a disclosure: by default it names
no substance-use treatment, program type, diagnosis or clinic name that would reveal one (42 CFR Part 2;
SAMHSA's guidance on patient communications). The program's name appears only if the client chose it.
Pure: no Django.
"""

import datetime as dt
import re
from dataclasses import dataclass

# Words that would tell a reader of the phone what the care is for.
REVEALING = re.compile(
    r"\b(substance|addiction|addict\w*|recovery|rehab\w*|detox\w*|sobriety|sober|alcohol\w*|drug\w*|opioid\w*|"
    r"methadone|suboxone|buprenorphine|naltrexone|mat|iop|sud|treatment|intensive outpatient|mental health|"
    r"psychiatr\w*|behavioral|counsel\w*|therapy|clinic)\b",
    re.IGNORECASE,
)
NEUTRAL_FALLBACK = "Your care team"


@dataclass(frozen=True)
class Reminder:
    purpose_phrase: str  # "an appointment", "a group session", "a check-in due"
    starts_at_local: dt.datetime | None


def reveals_treatment(text: str) -> bool:
    return bool(REVEALING.search(text))


def neutral_sender(name: str) -> str:
    """The organization's chosen sender name, unless it itself gives the care away."""
    cleaned = name.strip()
    return cleaned if cleaned and not reveals_treatment(cleaned) else NEUTRAL_FALLBACK


def when(moment: dt.datetime) -> str:
    hour = moment.strftime("%I").lstrip("0")
    minutes = "" if moment.minute == 0 else moment.strftime(":%M")
    return f"{moment:%a %b} {moment.day} at {hour}{minutes} {moment.strftime('%p').lower()}"


def compose(*, reminder: Reminder, sender: str, opt_out_hint: bool) -> str:
    """'Riverside: You have an appointment on Tue Dec 8 at 3 pm. Reply STOP to opt out.'"""
    text = f"{sender}: You have {reminder.purpose_phrase}"
    if reminder.starts_at_local is not None:
        text += f" on {when(reminder.starts_at_local)}"
    text += "."
    if opt_out_hint:
        text += " Reply STOP to opt out."
    return text


def compose_message_alert(*, sender: str, opt_out_hint: bool) -> str:
    """A new secure message: that one is waiting, never what it says (the message stays in the portal)."""
    text = f"{sender}: You have a new message from your care team. Sign in to read it."
    return text + (" Reply STOP to opt out." if opt_out_hint else "")
