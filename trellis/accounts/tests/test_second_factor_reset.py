"""An administrator resets the second factor of a colleague who lost theirs: after a confirmation, audited,
within their own organization only."""

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.signin import PASSWORD, give_authenticator
from trellis.accounts import mfa_services
from trellis.accounts.models import Passkey, RecoveryCode, TotpDevice
from trellis.privacy.models import AuditEvent


def _as(user: Any) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def _alice_with_every_factor(world: Any) -> None:
    give_authenticator(world.alice)
    Passkey.objects.create(user=world.alice, name="Laptop", credential_id="c1", public_key=b"k")
    mfa_services.issue_recovery_codes(user=world.alice)


def test_it_asks_for_confirmation_then_removes_every_factor(world: Any) -> None:
    # given Alice lost her phone; Adam opens the reset from the access page
    _alice_with_every_factor(world)
    adam = _as(world.adam)
    access = adam.get(reverse("accounts:access")).content.decode()
    url = reverse("accounts:second_factor_reset", kwargs={"pk": world.alice.pk})
    assert url in access
    page = adam.get(url).content.decode()
    assert "their authenticator app, 1 passkey" in page
    # when he submits without ticking the confirmation, then nothing is removed
    unconfirmed = adam.post(url)
    assert unconfirmed.status_code == 400
    assert TotpDevice.objects.filter(user=world.alice).exists()
    # when he confirms, then her app, passkey and codes are gone, and the trail names him
    adam.post(url, {"confirm": "yes"})
    assert not TotpDevice.objects.filter(user=world.alice).exists()
    assert not Passkey.objects.filter(user=world.alice).exists()
    assert not RecoveryCode.objects.filter(user=world.alice).exists()
    event = AuditEvent.objects.get(action="mfa_reset")
    assert (event.actor, event.object_id) == (world.adam, str(world.alice.pk))
    # and at her next sign-in she sets a new factor up
    login = Client().post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert login["Location"].startswith(reverse("accounts:security"))


def test_an_administrator_of_another_organization_cannot_reset(world: Any) -> None:
    # given Olga, who manages access at Harbor Light, and Alice of Riverside
    _alice_with_every_factor(world)
    olga = _as(world.olga)
    url = reverse("accounts:second_factor_reset", kwargs={"pk": world.alice.pk})
    # then the reset does not exist for her, and nothing of Alice's changes
    assert olga.get(url).status_code == 404
    assert olga.post(url, {"confirm": "yes"}).status_code == 404
    assert TotpDevice.objects.filter(user=world.alice).exists()
    assert not AuditEvent.objects.filter(action="mfa_reset").exists()


def test_a_clinician_cannot_reset_a_colleague(world: Any) -> None:
    give_authenticator(world.bob)
    url = reverse("accounts:second_factor_reset", kwargs={"pk": world.bob.pk})
    assert _as(world.alice).post(url, {"confirm": "yes"}).status_code == 403
    assert TotpDevice.objects.filter(user=world.bob).exists()


def test_the_role_rule_of_one_organization_leaves_the_other_alone(world: Any) -> None:
    # given Olga makes the second factor optional for every role at Harbor Light
    _as(world.olga).post(reverse("accounts:second_factor_roles"), {})
    # then Riverside's clinicians must still use one
    login = Client().post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert login["Location"].startswith(reverse("accounts:security"))


def test_people_remove_their_own_factors_but_not_the_last_one_their_role_needs(world: Any) -> None:
    # given Alice, whose role needs a factor, with an app and a passkey
    _alice_with_every_factor(world)
    alice = _as(world.alice)
    passkey = Passkey.objects.get(user=world.alice)
    # when she removes the passkey, then the app; then the passkey goes, the app (her last) stays
    alice.post(reverse("accounts:passkey_remove", kwargs={"pk": passkey.pk}))
    response = alice.post(reverse("accounts:totp_remove"), follow=True)
    assert not Passkey.objects.filter(user=world.alice).exists()
    assert TotpDevice.objects.filter(user=world.alice).exists()
    assert "add another before removing this" in response.content.decode()
    assert AuditEvent.objects.filter(actor=world.alice, action="mfa_removed").count() == 1
    # and nobody removes another person's passkey
    Passkey.objects.create(user=world.bob, name="Bob's", credential_id="b1", public_key=b"k")
    bobs = Passkey.objects.get(user=world.bob)
    assert alice.post(reverse("accounts:passkey_remove", kwargs={"pk": bobs.pk})).status_code == 404


def test_new_recovery_codes_replace_the_old(world: Any) -> None:
    give_authenticator(world.alice)
    old = mfa_services.issue_recovery_codes(user=world.alice)
    page = _as(world.alice).post(reverse("accounts:recovery_codes")).content.decode()
    assert page.count("<li><code>") == 10
    assert old[0] not in page
    assert not mfa_services.use_recovery_code(user=world.alice, code=old[0])


def test_a_reset_signs_the_person_out_everywhere(world: Any) -> None:
    # given Alice signed in on two devices, and Bob signed in too
    _alice_with_every_factor(world)
    phone, desk, bob = _as(world.alice), _as(world.alice), _as(world.bob)
    today = reverse("today")
    assert phone.get(today).status_code == 200
    # when Adam resets her second factor (her account may be in someone else's hands)
    mfa_services.reset_second_factor(user=world.alice, by=world.adam)
    # then both of her sessions are over and she is sent to sign in; Bob's is untouched
    for device in (phone, desk):
        assert device.get(today)["Location"].startswith(reverse("accounts:login"))
    assert bob.get(today).status_code == 200
    assert "2 signed-in session(s) ended" in AuditEvent.objects.get(action="mfa_reset").detail
