"""Every way records leave the program, in one registry (DESIGN.md rule 8).

A new way out (an export, an API client, a PDF release, a message, family access) is added here and goes
through `trellis.privacy.gate.disclose`; tests/test_outbound_paths.py drives each registered path for real and
fails when one has no test.
"""

from dataclasses import dataclass

from trellis.privacy.part2 import InfoKind, Purpose, RecipientKind


@dataclass(frozen=True)
class OutboundPath:
    key: str
    label: str
    # How the notice travels with the records: "pdf" (first page), "packet" (cover sheet), "x12" (a companion
    # file beside the export), "api" (response metadata), "page" (shown above the records on the page).
    medium: str
    # The most this path ever carries; a caller may disclose less (minimum necessary), never more.
    information: frozenset[str]
    purposes: frozenset[str]
    recipient_kinds: frozenset[str]


def _path(
    key: str, label: str, medium: str, information: set[str], purposes: set[str], recipients: set[str]
) -> OutboundPath:
    return OutboundPath(
        key, label, medium, frozenset(information), frozenset(purposes), frozenset(recipients)
    )


_ANY_RECIPIENT = {str(kind) for kind in RecipientKind}
_ANY_PURPOSE = {str(purpose) for purpose in Purpose}

CLAIMS_EXPORT = "claims_export"
REVIEW_PACKET = "review_packet"
PLAN_PDF = "plan_pdf"
DISCHARGE_PDF = "discharge_pdf"
AFTERCARE_REFERRAL = "aftercare_referral"
OUTSIDE_API = "outside_api"
REFERRAL = "referral"
FAMILY_PORTAL = "family_portal"

OUTBOUND_PATHS: dict[str, OutboundPath] = {
    p.key: p
    for p in (
        _path(
            CLAIMS_EXPORT,
            "Claims (837) to a payer",
            "x12",
            {InfoKind.IDENTITY, InfoKind.ATTENDANCE, InfoKind.DIAGNOSIS, InfoKind.BILLING},
            {Purpose.PAYMENT},
            {RecipientKind.HEALTH_PLAN},
        ),
        _path(
            REVIEW_PACKET,
            "Utilization review packet to a payer",
            "packet",
            {
                InfoKind.IDENTITY,
                InfoKind.ATTENDANCE,
                InfoKind.DIAGNOSIS,
                InfoKind.BILLING,
                InfoKind.MEASURES,
                InfoKind.TREATMENT_PLAN,
            },
            {Purpose.PAYMENT},
            {RecipientKind.HEALTH_PLAN},
        ),
        _path(
            PLAN_PDF,
            "Treatment plan PDF released to someone other than the client",
            "pdf",
            {InfoKind.IDENTITY, InfoKind.DIAGNOSIS, InfoKind.TREATMENT_PLAN},
            _ANY_PURPOSE,
            _ANY_RECIPIENT,
        ),
        _path(
            DISCHARGE_PDF,
            "Discharge summary PDF released to someone other than the client",
            "pdf",
            {InfoKind.IDENTITY, InfoKind.ATTENDANCE, InfoKind.DIAGNOSIS, InfoKind.DISCHARGE},
            _ANY_PURPOSE,
            _ANY_RECIPIENT,
        ),
        _path(
            AFTERCARE_REFERRAL,
            "Aftercare referral to the next provider",
            "pdf",
            # The referral carries the discharge summary, whose admission and discharge dates are dates of care.
            {InfoKind.IDENTITY, InfoKind.ATTENDANCE, InfoKind.DIAGNOSIS, InfoKind.DISCHARGE},
            {Purpose.TREATMENT},
            {RecipientKind.PROVIDER},
        ),
        _path(
            OUTSIDE_API,
            "API access by an outside system",
            "api",
            {
                InfoKind.IDENTITY,
                InfoKind.ATTENDANCE,
                InfoKind.DIAGNOSIS,
                InfoKind.BILLING,
                InfoKind.TREATMENT_PLAN,
                InfoKind.DISCHARGE,
            },
            {Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS},
            {RecipientKind.HEALTH_PLAN, RecipientKind.PROVIDER, RecipientKind.OPERATIONS},
        ),
        _path(
            REFERRAL,
            "Referral to a community resource or provider (closed-loop referrals)",
            "packet",
            # Every sent referral names the client to the resource, so identity always goes (42 CFR 2.11, 2.13).
            {
                InfoKind.IDENTITY,
                InfoKind.ATTENDANCE,
                InfoKind.DIAGNOSIS,
                InfoKind.ASSESSMENTS,
                InfoKind.TREATMENT_PLAN,
                InfoKind.MEDICATIONS,
                InfoKind.DISCHARGE,
            },
            {Purpose.TREATMENT, Purpose.CLIENT_REQUEST},
            {RecipientKind.PROVIDER, RecipientKind.OTHER},
        ),
        _path(
            FAMILY_PORTAL,
            "A family contact's portal pages (the client's schedule, family-group invitations)",
            "page",
            {InfoKind.IDENTITY, InfoKind.SCHEDULE, InfoKind.FAMILY_GROUPS},
            {Purpose.FAMILY},
            {RecipientKind.FAMILY},
        ),
    )
}
