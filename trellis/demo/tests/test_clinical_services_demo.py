"""The demo shows family therapy and psychiatry: a consented family member in a signed family session, and a
signed medication-management visit that reviewed an order, each with its charge."""

from trellis.billing.models import Charge
from trellis.demo.tests.test_demo import demo, loaded  # noqa: F401  (fixtures)
from trellis.notes.models import FamilyParticipant, IndividualNote, VisitOrderAction


def test_it_has_a_family_session_and_a_psychiatric_visit_with_their_charges(demo: str) -> None:  # noqa: F811
    family = IndividualNote.objects.get(service="family_with_client")
    visit = IndividualNote.objects.get(service="medication_management")
    assert family.is_signed
    assert visit.is_signed
    assert [p.contact.name for p in FamilyParticipant.objects.filter(note=family)] == ["Robin Whitfield"]
    assert VisitOrderAction.objects.filter(note=visit, action="reviewed").count() == 1
    codes = dict(
        Charge.objects.filter(individual_note__in=[family, visit]).values_list("individual_note", "code")
    )
    assert codes == {family.pk: "90847", visit.pk: "99213"}
