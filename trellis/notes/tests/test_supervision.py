"""Supervision: the director's co-signature rules, the co-sign queue, review before bulk co-signing.

Sources: REFERENCE.md section 7 (supervisor co-signature where required); state SUD counselor rules commonly
require an uncertified or intern counselor's documentation to be co-signed by a licensed or certified
supervisor, which is why the rule names a role and/or a license rather than being built in.
"""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from trellis.accounts.models import Credential
from trellis.accounts.roles import Role
from trellis.notes import cosign, cosign_rules, services
from trellis.notes.choices import SECTIONS
from trellis.notes.models import CosignRule, IndividualNote
from trellis.notes.tests import given
from trellis.privacy.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]


def _rule(role: str = "", license_type: str = "", kinds: tuple[str, ...] = ("group",)) -> CosignRule:
    return CosignRule(role=role, license_type=license_type, kinds=list(kinds))


@pytest.mark.parametrize(
    ("rule", "role", "licenses", "kind", "matches"),
    [
        # a role rule covers that role, on the kinds it names only
        (_rule(role="clinician"), "clinician", set(), "group", True),
        (_rule(role="clinician"), "nurse", set(), "group", False),
        (_rule(role="clinician"), "clinician", set(), "dap", False),
        (_rule(role="clinician", kinds=("group", "dap", "birp", "soap")), "clinician", set(), "soap", True),
        # "holds no license": an unlicensed counselor, but not a licensed one
        (_rule(license_type="none"), "clinician", set(), "group", True),
        (_rule(license_type="none"), "clinician", {"lcsw"}, "group", False),
        # a license rule: holders of that license (a CADC-level counselor), not holders of another
        (_rule(license_type="cadc"), "clinician", {"cadc"}, "group", True),
        (_rule(license_type="cadc"), "clinician", {"lpc"}, "group", False),
        (_rule(license_type="peer", kinds=("dap",)), "case_manager", {"peer"}, "dap", True),
        # both named: both must hold
        (_rule(role="nurse", license_type="lpn"), "nurse", {"lpn"}, "group", True),
        (_rule(role="nurse", license_type="lpn"), "clinician", {"lpn"}, "group", False),
    ],
)
def test_a_rule_matches_by_role_license_and_kind(
    rule: CosignRule, role: str, licenses: set[str], kind: str, matches: bool
) -> None:
    assert cosign_rules.rule_matches(rule, role=role, licenses=licenses, kind=kind) is matches


def _full(note_format: str) -> dict[str, str]:
    return {key: f"{label} text." for key, label in SECTIONS[note_format]}


def _signed_individual(world: Any, author: Any, note_format: str = "dap") -> IndividualNote:
    note = services.create_individual_note(
        client=world.carol,
        author=author,
        service_date=given.SESSION_DAY,
        duration_minutes=50,
        note_format=note_format,
        sections=_full(note_format),
    )
    return services.sign_individual_note(note=note, signed_by=author)


def _signed_group(world: Any, author: Any) -> Any:
    session = given.session(world)
    given.mark(session, world.carol, author)
    note = given.draft(session, author)
    given.write_entries(note, [world.carol], author)
    return services.sign_group_note(note=note, signed_by=author)


def _add(world: Any, **fields: Any) -> CosignRule:
    defaults = {"role": "", "license_type": "", "kinds": ["group"], "signer": "any"}
    return cosign_rules.add_rule(set_by=world.dana, **{**defaults, **fields})


def test_an_unlicensed_counselors_notes_wait_for_any_supervisor_at_the_site(world: Any) -> None:
    # given the director's rule: unlicensed staff have their DAP notes co-signed by any supervisor at the site
    _add(world, license_type="none", kinds=["dap"])
    # when Alice, who holds no license, signs a DAP note and a SOAP note
    dap = _signed_individual(world, world.alice, "dap")
    soap = _signed_individual(world, world.alice, "soap")
    # then only the DAP note waits, and it is on Dana's queue
    assert dap.awaiting_cosignature
    assert dap.cosign_any_supervisor
    assert dap.cosign_supervisor is None
    assert not soap.awaiting_cosignature
    assert [row.ref for row in cosign.waiting_for(world.dana)] == [f"individual:{dap.pk}"]
    assert cosign.waiting_count(world.dana) == 1


def test_a_licensed_counselor_is_not_covered_by_the_no_license_rule(world: Any) -> None:
    _add(world, license_type="none", kinds=["group"])
    Credential.objects.create(user=world.alice, license_type="lcsw", number="L-1", state="IL")
    assert not _signed_group(world, world.alice).awaiting_cosignature


def test_an_expired_license_no_longer_counts(world: Any) -> None:
    _add(world, license_type="none", kinds=["group"])
    expired = given.SESSION_DAY - dt.timedelta(days=1)
    Credential.objects.create(user=world.alice, license_type="lcsw", number="L-1", expires_on=expired)
    assert _signed_group(world, world.alice).awaiting_cosignature


def test_a_rule_naming_the_supervisor_sends_the_note_to_them(world: Any) -> None:
    # given Nora is Alice's named supervisor, and clinicians' group notes go to their named supervisor
    services.require_cosignature(user=world.alice, supervisor=world.nora, set_by=world.dana)
    _add(world, role=Role.CLINICIAN, signer="named")
    note = _signed_group(world, world.alice)
    # then it waits for Nora alone: the director at the same site may not co-sign it
    assert note.cosign_supervisor == world.nora
    assert not note.cosign_any_supervisor
    assert cosign.waiting_for(world.dana) == []
    with pytest.raises(ValidationError, match="Nora Test, the designated supervisor"):
        services.cosign_note(note=note, supervisor=world.dana)
    assert services.cosign_note(note=note, supervisor=world.nora).cosigned_by == world.nora


def test_where_a_rule_names_the_staff_member_it_decides_which_notes_wait(world: Any) -> None:
    # given Alice has a named supervisor, and clinicians' group notes (only) need co-signature
    services.require_cosignature(user=world.alice, supervisor=world.nora, set_by=world.dana)
    _add(world, role=Role.CLINICIAN, kinds=["group"], signer="named")
    # then her DAP note is signed outright, while with no rule naming her every note would wait
    assert not _signed_individual(world, world.alice).awaiting_cosignature
    CosignRule.objects.all().delete()
    assert _signed_individual(world, world.alice).cosign_supervisor == world.nora


def test_nobody_cosigns_their_own_note(world: Any) -> None:
    # given a rule covering directors too (Dana writes a note herself)
    _add(world, role=Role.DIRECTOR, kinds=["dap"])
    note = _signed_individual(world, world.dana)
    assert note.awaiting_cosignature
    # then it is not on her own queue, and co-signing it herself is refused
    assert cosign.waiting_for(world.dana) == []
    with pytest.raises(ValidationError, match="Nobody co-signs their own note"):
        services.cosign_note(note=note, supervisor=world.dana)


def test_only_a_supervisor_at_the_notes_site_cosigns_an_open_note(world: Any) -> None:
    _add(world, license_type="none", kinds=["dap"])
    note = _signed_individual(world, world.alice)
    # Nora works at the site but does not supervise notes
    with pytest.raises(ValidationError, match="supervisor at the note's site"):
        services.cosign_note(note=note, supervisor=world.nora)
    assert cosign.waiting_for(world.nora) == []


def test_bulk_cosign_refuses_notes_not_opened_and_signs_none(world: Any) -> None:
    # given two waiting notes, of which Dana opened one
    _add(world, license_type="none", kinds=["dap", "group"])
    opened = _signed_individual(world, world.alice)
    unopened = _signed_group(world, world.alice)
    cosign.record_opened(supervisor=world.dana, note=opened)
    refs = [row.ref for row in cosign.waiting_for(world.dana)]
    opened_by_ref = {row.ref: row.opened for row in cosign.waiting_for(world.dana)}
    assert opened_by_ref == {f"individual:{opened.pk}": True, f"group:{unopened.pk}": False}
    # when she co-signs both at once, then nothing is co-signed
    with pytest.raises(ValidationError, match="1 of the chosen notes you have not opened"):
        cosign.cosign_many(supervisor=world.dana, refs=refs)
    assert cosign.waiting_count(world.dana) == 2
    # and after opening the other, both are co-signed, each audited
    cosign.record_opened(supervisor=world.dana, note=unopened)
    assert cosign.cosign_many(supervisor=world.dana, refs=refs) == 2
    assert cosign.waiting_for(world.dana) == []
    assert AuditEvent.objects.filter(actor=world.dana, detail="co-signed").count() == 2


def test_bulk_cosign_refuses_an_empty_or_unknown_choice(world: Any) -> None:
    with pytest.raises(ValidationError, match="Tick the notes"):
        cosign.cosign_many(supervisor=world.dana, refs=[])
    with pytest.raises(ValidationError, match="no longer waiting"):
        cosign.cosign_many(supervisor=world.dana, refs=["individual:not-a-uuid"])
    with pytest.raises(ValidationError, match="not a list of notes"):
        cosign.cosign_many(supervisor=world.dana, refs=["plan:1"])


def test_another_organizations_waiting_notes_are_not_found(world: Any) -> None:
    # given a waiting note at Riverside, and Olga who directs Harbor Light
    _add(world, license_type="none", kinds=["dap"])
    note = _signed_individual(world, world.alice)
    cosign.record_opened(supervisor=world.olga, note=note)
    # then it is not on her queue, she cannot co-sign it in bulk nor one by one
    assert cosign.waiting_for(world.olga) == []
    with pytest.raises(ValidationError, match="no longer waiting"):
        cosign.cosign_many(supervisor=world.olga, refs=[f"individual:{note.pk}"])
    with pytest.raises(ValidationError, match="supervisor at the note's site"):
        services.cosign_note(note=note, supervisor=world.olga)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, "role", "Name a role"),
        ({"role": "clinician", "kinds": []}, "kinds", "Tick at least one"),
        ({"role": "pilot"}, "role", "Choose a role"),
        ({"license_type": "jedi"}, "license_type", "Choose a license"),
        ({"role": "clinician", "signer": "anyone"}, "signer", "Choose who"),
    ],
)
def test_a_rule_needs_who_and_which_notes(
    world: Any, fields: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _add(world, **fields)
    assert message in refused.value.message_dict[field][0]
    assert not CosignRule.objects.exists()


def test_only_the_director_sets_rules_and_supervisors_of_her_organization(world: Any) -> None:
    with pytest.raises(ValidationError, match="Only a clinical director"):
        cosign_rules.add_rule(
            set_by=world.alice, role="clinician", license_type="", kinds=["group"], signer="any"
        )
    harbor = factories.UserFactory.create(organization=world.olga.organization, role=Role.CLINICIAN)
    with pytest.raises(ValidationError, match="your organization"):
        services.require_cosignature(user=harbor, supervisor=world.olga, set_by=world.dana)
