"""What each staff role may do. One table, so the permission matrix is read in one place."""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    ADMISSIONS = "admissions", "Admissions coordinator"
    CLINICIAN = "clinician", "Clinician / counselor"
    PRESCRIBER = "prescriber", "Prescriber"
    NURSE = "nurse", "Nurse"
    CASE_MANAGER = "case_manager", "Case manager"
    PEER_SPECIALIST = "peer_specialist", "Peer recovery specialist"
    DIRECTOR = "director", "Clinical director"
    BILLER = "biller", "Biller"
    ADMIN = "admin", "Administrator"


class Capability(StrEnum):
    VIEW_CLIENTS = "view_clients"  # demographics, episode, enrollment and attendance
    EDIT_CLIENTS = "edit_clients"
    MANAGE_ENROLLMENT = "manage_enrollment"  # admit, enroll, step down/up, discharge, waitlist
    TAKE_ATTENDANCE = "take_attendance"
    SETUP_PROGRAMS = "setup_programs"  # sites, rooms, programs, tracks, groups, topics
    VIEW_AUDIT = "view_audit"
    PUBLISH_SCHEDULE = "publish_schedule"  # propose a site's week with the solver and publish it
    WORK_INQUIRIES = "work_inquiries"  # intake pipeline: callers, referrers, next actions (PHI-like)
    VIEW_ASSESSMENTS = "view_assessments"  # ASAM ratings, narratives, level-of-care decisions
    ASSESS_LEVEL_OF_CARE = "assess_level_of_care"  # rate dimensions, confirm or override the level
    VIEW_CLINICAL = "view_clinical"  # medications, drug screens and other treatment records
    WRITE_NOTES = "write_notes"  # group and individual notes, addenda
    SUPERVISE_NOTES = "supervise_notes"  # decide whose notes need a supervisor's co-signature
    MANAGE_BILLING = "manage_billing"  # coverage, authorizations, charges, claims, billing reports
    CERTIFY_IOP = "certify_iop"  # sign Medicare IOP certifications of need (physicians, with an NPI)
    # Order a medication for a client; a nurse then records it against the order (issue 12, item 10).
    ORDER_MEDICATIONS = "order_medications"
    MANAGE_ACCESS = "manage_access"  # unlock locked accounts, revoke staff API tokens, deactivate staff
    # Prepare a 42 CFR Part 2 consent, hand it to the client to sign, revoke it, print the client's copy.
    MANAGE_CONSENTS = "manage_consents"
    # The privacy officer's work: decide restriction requests, record court orders, review emergency
    # disclosures, keep the breach register (42 CFR 2.26, 2.51, 2.64; HIPAA 164.400-414).
    MANAGE_PRIVACY = "manage_privacy"
    # Register the outside systems that may read client records through the API (42 CFR Part 2 recipients).
    MANAGE_OUTSIDE_SYSTEMS = "manage_outside_systems"
    # Whole-person care (issue 15): screen social needs, keep the case plan and caseload, document
    # case-management contacts, keep the resource directory and send and track referrals.
    CASE_MANAGEMENT = "case_management"
    # Document peer-support contacts and the client's outside meetings (AA, NA, SMART Recovery).
    PEER_SUPPORT = "peer_support"
    # Outcome dashboards (issue 14): aggregate figures of the sites and programs the user works in.
    VIEW_OUTCOMES = "view_outcomes"
    # Read and answer clients' secure messages from the shared inbox (issue 13): clinicians, case managers,
    # directors (every capability); not billers, nurses, prescribers or peer specialists.
    ANSWER_MESSAGES = "answer_messages"


_CLINICAL = {
    Capability.VIEW_CLIENTS,
    Capability.EDIT_CLIENTS,
    Capability.TAKE_ATTENDANCE,
    Capability.VIEW_CLINICAL,
    Capability.WRITE_NOTES,
}

# Billers see who attended what (to bill it) but nothing clinical beyond that; administrators set the
# program up but see no client at all: minimum necessary access (HIPAA 164.502(b)).
CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMISSIONS: frozenset(
        {
            Capability.VIEW_CLIENTS,
            Capability.EDIT_CLIENTS,
            Capability.MANAGE_ENROLLMENT,
            Capability.WORK_INQUIRIES,
            Capability.VIEW_ASSESSMENTS,
            Capability.PUBLISH_SCHEDULE,
            Capability.MANAGE_CONSENTS,
        }
    ),
    Role.CLINICIAN: frozenset(
        _CLINICAL
        | {
            Capability.MANAGE_ENROLLMENT,
            Capability.WORK_INQUIRIES,
            Capability.VIEW_ASSESSMENTS,
            Capability.ASSESS_LEVEL_OF_CARE,
            Capability.MANAGE_CONSENTS,
            Capability.CASE_MANAGEMENT,
            Capability.PEER_SUPPORT,
            Capability.VIEW_OUTCOMES,
            Capability.ANSWER_MESSAGES,
        }
    ),
    Role.PRESCRIBER: frozenset(
        _CLINICAL | {Capability.VIEW_ASSESSMENTS, Capability.CERTIFY_IOP, Capability.ORDER_MEDICATIONS}
    ),
    Role.NURSE: frozenset(_CLINICAL | {Capability.VIEW_ASSESSMENTS, Capability.MANAGE_CONSENTS}),
    Role.CASE_MANAGER: frozenset(
        _CLINICAL
        | {
            Capability.VIEW_ASSESSMENTS,
            Capability.MANAGE_CONSENTS,
            Capability.CASE_MANAGEMENT,
            Capability.PEER_SUPPORT,
            Capability.ANSWER_MESSAGES,
        }
    ),
    # A peer recovery specialist is a person in recovery trained to support others: they see who the client
    # is and when they attend, and record their own contacts and the client's outside meetings, but not
    # clinical records (notes, medications, screens, assessments).
    Role.PEER_SPECIALIST: frozenset(
        {Capability.VIEW_CLIENTS, Capability.TAKE_ATTENDANCE, Capability.PEER_SUPPORT}
    ),
    # A clinical director is often a licensed counselor, not a prescriber: ordering stays the prescriber's.
    Role.DIRECTOR: frozenset(set(Capability) - {Capability.ORDER_MEDICATIONS}),
    Role.BILLER: frozenset({Capability.VIEW_CLIENTS, Capability.MANAGE_BILLING}),
    Role.ADMIN: frozenset({Capability.SETUP_PROGRAMS, Capability.VIEW_AUDIT, Capability.MANAGE_ACCESS}),
}


def capabilities_of(role: str) -> frozenset[Capability]:
    return CAPABILITIES.get(role, frozenset())
