"""What a prescription says about taking a drug, shared by orders and the medication list."""

from dataclasses import dataclass

from trellis.core.errors import reject
from trellis.medications.choices import Route


@dataclass(frozen=True)
class Regimen:
    """What a prescription says: the parts a change of dose, route or frequency replaces."""

    dose: str
    route: str
    frequency: str


def check_regimen(regimen: Regimen) -> Regimen:
    if not regimen.dose.strip():
        reject("dose", "Give the dose, e.g. 8 mg.")
    if regimen.route not in Route.values:
        reject("route", "Choose the route from the list.")
    if not regimen.frequency.strip():
        reject("frequency", "Give how often it is taken, e.g. once daily.")
    return Regimen(dose=regimen.dose.strip(), route=regimen.route, frequency=regimen.frequency.strip())
