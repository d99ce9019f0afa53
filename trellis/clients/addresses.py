"""US postal addresses: the state codes and ZIP forms we accept, and reading an old one-line address.

State codes are the USPS two-letter abbreviations (USPS Publication 28, appendix B): the 50 states, DC, the
territories and the armed forces "states". ZIP codes are five digits or ZIP+4 (12345-6789). The 837's N3/N4
segments carry at most 55 characters a street line and 30 for the city (X12 005010X222A1, 2010CA).
No Django import: this module is a pure rule, tested in milliseconds.
"""

import re
from dataclasses import dataclass

STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
    "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri",
    "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "AS": "American Samoa", "GU": "Guam", "MP": "Northern Mariana Islands", "PR": "Puerto Rico",
    "VI": "U.S. Virgin Islands", "AA": "Armed Forces Americas", "AE": "Armed Forces Europe",
    "AP": "Armed Forces Pacific",
}  # fmt: skip

LINE_LENGTH = 55
CITY_LENGTH = 30
POSTAL_CODE = re.compile(r"^\d{5}(-\d{4})?$")
_ONE_LINE = re.compile(
    r"^(?P<line1>[^,]+),\s*(?:(?P<line2>[^,]+),\s*)?(?P<city>[^,]+),\s*(?P<state>[A-Za-z]{2})\.?,?\s+"
    r"(?P<zip>\d{5}(?:-?\d{4})?)$"
)


@dataclass(frozen=True)
class Address:
    line1: str = ""
    line2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""

    @property
    def is_complete(self) -> bool:
        """What a claim needs: a street, a city, a state and a ZIP (837 N3/N4)."""
        return all((self.line1.strip(), self.city.strip(), self.state, self.postal_code))


def normal_state(text: str) -> str | None:
    """The USPS code for "il" or "IL", or None when it is not one."""
    code = text.strip().upper()
    return code if code in STATES else None


def normal_postal_code(text: str) -> str | None:
    """A ZIP as 62702 or 62702-1234 (nine bare digits get their hyphen), or None when it is not one."""
    digits = text.strip()
    if re.fullmatch(r"\d{9}", digits):
        digits = f"{digits[:5]}-{digits[5:]}"
    return digits if POSTAL_CODE.match(digits) else None


def parse_one_line(text: str) -> Address:
    """An old one-line address ("12 Elm Street, Springfield, IL 62702") in its parts; what does not read
    cleanly stays whole in line 1 with the rest blank, so nobody's address is guessed."""
    text = " ".join(text.split())
    match = _ONE_LINE.match(text)
    state = normal_state(match["state"]) if match else None
    postal_code = normal_postal_code(match["zip"]) if match else None
    if match is None or state is None or postal_code is None:
        return Address(line1=text)
    parts = (match["line1"].strip(), (match["line2"] or "").strip(), match["city"].strip())
    if len(parts[0]) > LINE_LENGTH or len(parts[1]) > LINE_LENGTH or len(parts[2]) > CITY_LENGTH:
        return Address(line1=text)
    return Address(line1=parts[0], line2=parts[1], city=parts[2], state=state, postal_code=postal_code)


def one_line(address: Address) -> str:
    """The parts joined back the way the old single field held them."""
    street = ", ".join(part for part in (address.line1, address.line2, address.city) if part)
    tail = " ".join(part for part in (address.state, address.postal_code) if part)
    return ", ".join(part for part in (street, tail) if part)
