"""The words of 42 CFR Part 2 as Trellis uses them: what information, for what purpose, to whom, and the notice.

Pure vocabulary: the consent models, the disclosure gate and the pages all speak it, so a consent's scope and a
disclosure's content are compared value for value.
"""

from django.db import models

# 42 CFR 2.32(a)(2), 2024 rule: the abbreviated statement that may accompany a disclosure made with consent.
NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."

# HL7 v3 confidentiality code "restricted" and the ActCode policy for Part 2 records (REFERENCE.md s5).
SECURITY_LABELS = ("R", "42CFRPart2")

# 42 CFR 2.31(a)(7) asks each consent to say that it may be revoked and how; 2.31(a)(5)-(6) ask for this.
RIGHT_TO_REVOKE = (
    "You may revoke this consent at any time, in writing or by telling program staff, except to the extent "
    "the program has already acted on it. Revocation stops future disclosures at once."
)

# What a consent says about redisclosure, so the signer knows what the recipient may do (2.31, 2.32).
REDISCLOSURE = (
    "Information disclosed under this consent is protected by 42 CFR part 2. Recipients may not use or "
    "disclose it further except as that rule permits, and may not use it in any civil, criminal, "
    "administrative or legislative proceeding against you without your consent or a court order (42 CFR 2.64)."
)


class InfoKind(models.TextChoices):
    """Kinds of record a consent may cover and a disclosure may carry; each names SUD information plainly,
    as 2.31(a)(3) requires a consent to describe it."""

    IDENTITY = "identity", "Name, date of birth, contact details and that the client is in SUD treatment"
    ATTENDANCE = "attendance", "Dates of service and attendance"
    DIAGNOSIS = "diagnosis", "Diagnoses, including substance use disorder diagnoses"
    BILLING = "billing", "Services, charges and insurance details"
    ASSESSMENTS = "assessments", "Assessments and level-of-care ratings"
    MEASURES = "measures", "Outcome measure scores (for example PHQ-9, GAD-7)"
    TREATMENT_PLAN = "treatment_plan", "Treatment plan problems, goals and objectives"
    MEDICATIONS = "medications", "Medications, including medications for substance use disorder"
    DRUG_SCREENS = "drug_screens", "Drug screen results"
    DISCHARGE = "discharge", "Discharge summary and aftercare plan"
    # What a family contact may see in the portal (issue 13), each chosen on its own in the consent.
    SCHEDULE = "schedule", "Upcoming groups and appointments in substance use disorder treatment"
    FAMILY_GROUPS = "family_groups", "Invitations to family groups and family sessions of the SUD program"
    COUNSELING_NOTES = "counseling_notes", "SUD counseling notes (kept apart from the rest of the record)"


class Purpose(models.TextChoices):
    TREATMENT = "treatment", "Treatment"
    PAYMENT = "payment", "Payment"
    OPERATIONS = "operations", "Health care operations"
    FAMILY = "family", "Involving family or a support person"
    EMPLOYMENT = "employment", "Employment"
    COURT_PROGRAM = "court_program", "Reporting to a court-ordered program"
    PROBATION = "probation", "Probation or parole supervision"
    LEGAL = "legal", "Use in civil, criminal, administrative or legislative proceedings"
    CLIENT_REQUEST = "client_request", "At the client's request"


TPO_PURPOSES = frozenset({Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS})


class RecipientKind(models.TextChoices):
    HEALTH_PLAN = "health_plan", "Health plan or payer"
    PROVIDER = "provider", "Treating provider"
    OPERATIONS = "operations", "Business associate of the program"
    FAMILY = "family", "Family member or support person"
    EMPLOYER = "employer", "Employer"
    COURT = "court", "Court or court-ordered program"
    PROBATION = "probation", "Probation or parole"
    OTHER = "other", "Other"


# The recipients a TPO consent may name by general designation (42 CFR 2.31(a)(4)(i)): the client's treating
# providers, health plans and third-party payers, and those who help operate the program.
GENERAL_DESIGNATION_KINDS = frozenset(
    {RecipientKind.HEALTH_PLAN, RecipientKind.PROVIDER, RecipientKind.OPERATIONS}
)
GENERAL_DESIGNATION_TEXT = (
    "My treating providers, my health plans and third-party payers, and people who help operate this program "
    "(general designation, 42 CFR 2.31(a)(4)(i))"
)


class ConsentKind(models.TextChoices):
    TPO = "tpo", "Treatment, payment and health care operations (single consent)"
    NAMED = "named", "To a named recipient"
    COUNSELING_NOTES = "counseling_notes", "SUD counseling notes (separate consent)"
    LEGAL = "legal", "Use in legal proceedings (separate consent)"


class SignerRole(models.TextChoices):
    CLIENT = "client", "The client"
    GUARDIAN = "guardian", "Parent or legal guardian"
    REPRESENTATIVE = "representative", "Personal representative"


class SignatureMethod(models.TextChoices):
    DRAWN = "drawn", "Drawn"
    TYPED = "typed", "Typed"


def labels(values: object, vocabulary: type[models.TextChoices] | None = None) -> list[str]:
    """The display words of stored choice values, in the given order (unknown values shown as they are).

    Name the `vocabulary` where it is known: "family" and "operations" are both a purpose and a kind of
    recipient, and only the vocabulary says which words fit.
    """
    if vocabulary is not None:
        words = dict(vocabulary.choices)
    else:
        words = {**dict(InfoKind.choices), **dict(Purpose.choices), **dict(RecipientKind.choices)}
    return [str(words.get(str(v), str(v))) for v in (values if isinstance(values, list | tuple) else [])]


# 42 CFR 2.22(b): the written summary each client of a Part 2 program is given at admission. Program names and
# contacts are filled in on the page; these are the elements the rule asks for, in plain words.
PATIENT_NOTICE = (
    (
        "Your records are protected",
        "Federal law and regulations (42 U.S.C. 290dd-2 and 42 CFR part 2) protect the confidentiality of "
        "records of substance use disorder treatment. This program may not say to anyone outside it that you "
        "attend it, or disclose any information identifying you as having or having had a substance use "
        "disorder, unless you consent in writing or the law allows it in a few limited cases.",
    ),
    (
        "When records may be shared without your written consent",
        "Only in these limited circumstances: to medical personnel in a medical emergency; for scientific "
        "research, audits or program evaluations under strict conditions; under a court order that meets "
        "42 CFR 2.64; to report suspected child abuse or neglect as state law requires; to report a crime "
        "committed on the program's premises or against its staff; and within the program, to staff who need "
        "the information to treat you. With your consent, one consent may cover treatment, payment and health "
        "care operations; you may revoke a consent at any time.",
    ),
    (
        "Violations are a crime",
        "A program that violates these rules may be fined. Suspected violations may be reported to the United "
        "States Attorney for the judicial district where the violation occurred, to the Substance Abuse and "
        "Mental Health Services Administration (SAMHSA) Part 2 program, and to the Secretary of Health and "
        "Human Services (Office for Civil Rights), as 42 CFR 2.4 describes.",
    ),
    (
        "What is not protected",
        "Information about a crime you commit, or threaten to commit, on the program's premises or against its "
        "staff is not protected. Reports of suspected child abuse or neglect made under state law to the "
        "appropriate state or local authorities are not protected.",
    ),
    (
        "Your rights",
        "You may ask for a list of disclosures of your records made with your consent in the past three years, "
        "ask the program to restrict disclosures (and, for services you pay for in full yourself, that your "
        "health plan not be told), and receive a copy of any consent you sign.",
    ),
    (
        "The law",
        "42 U.S.C. 290dd-2 and 42 CFR part 2 (Confidentiality of Substance Use Disorder Patient Records).",
    ),
)
