"""Pure rules: phone numbers, quiet hours, wording, request signatures."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from trellis.notifications import phones, quiet_hours, signatures, wording

NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    "typed", ["(555) 555-0123", "555.555.0123", "1 555 555 0123", "+15555550123", " 555-555-0123 "]
)
def test_it_writes_us_numbers_as_e164(typed: str) -> None:
    assert phones.to_e164(typed) == "+15555550123"


@pytest.mark.parametrize(
    "typed", ["", "555-0123", "+44 20 7946 0958", "055 555 0123", "call me", "555 155 0123"]
)
def test_it_refuses_what_is_not_a_us_number(typed: str) -> None:
    with pytest.raises(phones.NotAPhoneNumber):
        phones.to_e164(typed)


QUIET = {"start": dt.time(21), "end": dt.time(8)}


@pytest.mark.parametrize(
    ("local", "released"),
    [
        (dt.datetime(2026, 12, 7, 20, 59, tzinfo=NY), None),
        (dt.datetime(2026, 12, 7, 21, 0, tzinfo=NY), dt.datetime(2026, 12, 8, 8, 0, tzinfo=NY)),
        (dt.datetime(2026, 12, 7, 23, 30, tzinfo=NY), dt.datetime(2026, 12, 8, 8, 0, tzinfo=NY)),
        (dt.datetime(2026, 12, 8, 3, 0, tzinfo=NY), dt.datetime(2026, 12, 8, 8, 0, tzinfo=NY)),
        (dt.datetime(2026, 12, 8, 7, 59, tzinfo=NY), dt.datetime(2026, 12, 8, 8, 0, tzinfo=NY)),
        (dt.datetime(2026, 12, 8, 8, 0, tzinfo=NY), None),
    ],
)
def test_it_holds_until_the_end_of_quiet_hours(local: dt.datetime, released: dt.datetime | None) -> None:
    assert quiet_hours.release_at(local, **QUIET) == released


def test_quiet_hours_within_one_day() -> None:
    assert quiet_hours.is_quiet(dt.time(13), start=dt.time(12), end=dt.time(14))
    assert not quiet_hours.is_quiet(dt.time(14), start=dt.time(12), end=dt.time(14))


def test_a_default_reminder_names_no_treatment() -> None:
    # given an organization whose chosen sender name gives the care away
    sender = wording.neutral_sender("Riverside Recovery")
    # when a reminder is written with it
    text = wording.compose(
        reminder=wording.Reminder("an appointment", dt.datetime(2026, 12, 8, 15, tzinfo=NY)),
        sender=sender, opt_out_hint=True,
    )  # fmt: skip
    # then it names no treatment, only the time
    assert text == "Your care team: You have an appointment on Tue Dec 8 at 3 pm. Reply STOP to opt out."
    assert not wording.reveals_treatment(text)


def test_a_neutral_sender_name_is_kept() -> None:
    assert wording.neutral_sender("Riverside") == "Riverside"


@pytest.mark.parametrize(
    "name",
    [
        "IOP Substance Use",
        "New Dawn Addiction Services",
        "Opioid Treatment Program",
        "Hope Rehab",
        "SUD clinic",
    ],
)
def test_revealing_names_are_caught(name: str) -> None:
    assert wording.reveals_treatment(name)


def test_a_signature_matches_only_its_own_request() -> None:
    params = {"From": "+15555550123", "Body": "STOP"}
    signature = signatures.sign(
        url="https://t.example.org/notifications/sms/inbound/", params=params, token="k"
    )
    url = "https://t.example.org/notifications/sms/inbound/"
    assert signatures.is_valid(url=url, params=params, token="k", signature=signature)
    assert not signatures.is_valid(
        url=url, params={**params, "Body": "START"}, token="k", signature=signature
    )
    assert not signatures.is_valid(url=url, params=params, token="other", signature=signature)
    assert not signatures.is_valid(url=url, params=params, token="", signature=signature)


def test_the_signature_follows_twilios_published_example() -> None:
    # https://www.twilio.com/docs/usage/security#validating-requests (the documented example)
    params = {
        "CallSid": "CA1234567890ABCDE", "Caller": "+12349013030", "Digits": "1234", "From": "+12349013030",
        "To": "+18005551212",
    }  # fmt: skip
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert signatures.sign(url=url, params=params, token="12345") == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
