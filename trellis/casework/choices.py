from django.db import models


class NeedStatus(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    DECLINED = "declined", "Declined by the client"


class NeedDomain(models.TextChoices):
    """The issue's domains, in the screener's order (screeners/ahc_hrsn.json keeps the same codes)."""

    HOUSING = "housing", "Housing"
    FOOD = "food", "Food"
    TRANSPORT = "transport", "Transportation"
    UTILITIES = "utilities", "Utilities"
    SAFETY = "safety", "Interpersonal safety"
    EMPLOYMENT = "employment", "Employment"
    LEGAL = "legal", "Legal"
    CHILDCARE = "childcare", "Childcare"
    BENEFITS = "benefits", "Benefits"
    OTHER = "other", "Other"
