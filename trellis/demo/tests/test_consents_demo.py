"""The demo shows Part 2 on first run: most clients consented, six stand out with a case each."""

from trellis.clients.models import Client
from trellis.core import clock
from trellis.demo.tests.test_demo import demo, loaded  # noqa: F401  (fixtures)
from trellis.privacy.consent_models import Consent, ConsentState
from trellis.privacy.part2 import ConsentKind


def _states(client: Client) -> set[tuple[str, str]]:
    today = clock.today_in(client.site.timezone)
    return {(c.kind, c.state_on(clock.now(), today)) for c in Consent.objects.filter(client=client)}


def _client_named(output: str, case: str) -> Client:
    line = next(line for line in output.splitlines() if line.strip().startswith(case))
    first, last = line.split(": ", 1)[1].strip().split(" ", 1)
    return Client.objects.get(legal_first_name=first, legal_last_name=last)


def test_it_names_a_client_for_each_consent_case_and_the_records_match(demo: str) -> None:  # noqa: F811
    assert _states(_client_named(demo, "no consent")) == set()
    assert _states(_client_named(demo, "TPO consent revoked")) == {(ConsentKind.TPO, ConsentState.REVOKED)}
    assert _states(_client_named(demo, "TPO consent expired")) == {(ConsentKind.TPO, ConsentState.EXPIRED)}
    assert _states(_client_named(demo, "TPO and family consent")) == {
        (ConsentKind.TPO, ConsentState.ACTIVE),
        (ConsentKind.NAMED, ConsentState.ACTIVE),
    }
    assert _states(_client_named(demo, "TPO and SUD counseling notes consent")) == {
        (ConsentKind.TPO, ConsentState.ACTIVE),
        (ConsentKind.COUNSELING_NOTES, ConsentState.ACTIVE),
    }
    assert _states(_client_named(demo, "TPO consent awaiting signature")) == {
        (ConsentKind.TPO, ConsentState.AWAITING_SIGNATURE)
    }


def test_every_other_client_signed_the_tpo_consent_at_admission(demo: str) -> None:  # noqa: F811
    cases = {line.split(": ", 1)[1].strip() for line in demo.splitlines() if line.startswith("  ")}
    assert len(cases) == 6
    for client in Client.objects.prefetch_related("episodes", "consents"):
        if f"{client.legal_first_name} {client.legal_last_name}" in cases:
            continue
        # Later demo stories add consents of other kinds (a family member, a referral); the TPO one is unique.
        (consent,) = [c for c in client.consents.all() if c.kind == ConsentKind.TPO]
        assert consent.no_expiry
        assert consent.general_designation
        assert consent.revoked_at is None
        assert consent.signed_at is not None
        assert consent.signed_at.date() == min(e.admitted_on for e in client.episodes.all())
