"""The words of the resource directory and of referrals."""

from django.db import models


class ResourceKind(models.TextChoices):
    COMMUNITY = "community", "Community service"
    SOBER_LIVING = "sober_living", "Sober living home"
    LEGAL_AID = "legal_aid", "Legal aid"
    EMPLOYMENT = "employment", "Employment program"
    OUTPATIENT = "outpatient", "Outpatient provider"
    PSYCHIATRIST = "psychiatrist", "Psychiatrist"
    OTHER = "other", "Other"


# Resources that treat the client: a TPO consent's general designation covers them, for treatment (2.31(a)(4)).
TREATING_KINDS = frozenset({ResourceKind.OUTPATIENT, ResourceKind.PSYCHIATRIST})


class NeedDomain(models.TextChoices):
    HOUSING = "housing", "Housing"
    FOOD = "food", "Food"
    TRANSPORT = "transport", "Transportation"
    UTILITIES = "utilities", "Utilities"
    SAFETY = "safety", "Personal safety"
    EMPLOYMENT = "employment", "Employment"
    LEGAL = "legal", "Legal"
    CHILDCARE = "childcare", "Childcare"
    BENEFITS = "benefits", "Benefits"
    TREATMENT = "treatment", "Treatment / aftercare"
    OTHER = "other", "Other"


class FollowUpOutcome(models.TextChoices):
    ENGAGED = "engaged", "Reached: in care with the next provider"
    NOT_ENGAGED = "not_engaged", "Reached: not in care"
    NOT_REACHED = "not_reached", "Could not be reached"


class ReferralState(models.TextChoices):
    """The states of transitions.State, as the database stores them (the two are tested to agree)."""

    DRAFTED = "drafted", "Drafted"
    SENT = "sent", "Sent"
    RECEIVED = "received", "Received"
    ACCEPTED = "accepted", "Accepted"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    NO_ANSWER = "no_answer", "No answer"
