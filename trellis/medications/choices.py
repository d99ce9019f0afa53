from django.db import models


class Route(models.TextChoices):
    ORAL = "oral", "Oral"
    SUBLINGUAL = "sublingual", "Sublingual"
    BUCCAL = "buccal", "Buccal film"
    INTRAMUSCULAR = "im", "Intramuscular injection"
    SUBCUTANEOUS = "subcut", "Subcutaneous injection"
    TRANSDERMAL = "transdermal", "Transdermal patch"
    NASAL = "nasal", "Nasal"
    INHALED = "inhaled", "Inhaled"
    TOPICAL = "topical", "Topical"
    OTHER = "other", "Other"


class MatKind(models.TextChoices):
    """Medications for addiction treatment (REFERENCE.md section 1; FHIR MedicationStatement)."""

    BUPRENORPHINE = "buprenorphine", "Buprenorphine"
    NALTREXONE_ORAL = "naltrexone_oral", "Naltrexone, oral"
    NALTREXONE_XR = "naltrexone_xr", "Naltrexone, extended-release injectable"
    # Methadone for opioid use disorder is dispensed only by a certified opioid treatment program
    # (42 CFR 8.12); Trellis records which OTP, it never dispenses.
    METHADONE = "methadone", "Methadone (through an OTP)"
    ACAMPROSATE = "acamprosate", "Acamprosate"
    DISULFIRAM = "disulfiram", "Disulfiram"
    OTHER = "other", "Other"


class Specimen(models.TextChoices):
    URINE = "urine", "Urine"
    ORAL_FLUID = "oral_fluid", "Oral fluid"
    BREATH = "breath", "Breath"
    BLOOD = "blood", "Blood"


class ScreenMethod(models.TextChoices):
    """How a screen was read; the method decides the billing code later (REFERENCE.md section 4)."""

    READ_BY_EYE = "read_by_eye", "Presumptive, read by eye (cup, dipstick)"  # CPT 80305
    INSTRUMENT_READ = "instrument_read", "Presumptive, instrument-read cup or card"  # CPT 80306
    ANALYZER = "analyzer", "Presumptive, chemistry analyzer"  # CPT 80307
    DEFINITIVE = "definitive", "Definitive, laboratory"  # 80320-80377 / G0480-G0483 by drug classes


class Substance(models.TextChoices):
    """Drug classes on common presumptive and definitive panels."""

    ALCOHOL = "alcohol", "Alcohol (EtG/EtS or breath)"
    AMPHETAMINES = "amphetamines", "Amphetamines"
    METHAMPHETAMINE = "methamphetamine", "Methamphetamine"
    MDMA = "mdma", "MDMA"
    BARBITURATES = "barbiturates", "Barbiturates"
    BENZODIAZEPINES = "benzodiazepines", "Benzodiazepines"
    BUPRENORPHINE = "buprenorphine", "Buprenorphine"
    CANNABINOIDS = "cannabinoids", "Cannabinoids (THC)"
    COCAINE = "cocaine", "Cocaine"
    FENTANYL = "fentanyl", "Fentanyl"
    METHADONE = "methadone", "Methadone"
    OPIATES = "opiates", "Opiates (morphine, codeine)"
    OXYCODONE = "oxycodone", "Oxycodone"
    PCP = "pcp", "Phencyclidine (PCP)"
    TRAMADOL = "tramadol", "Tramadol"


class Result(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"
    INVALID = "invalid", "Invalid"


class FlagStatus(models.TextChoices):
    OPEN = "open", "Open"
    REVIEWED = "reviewed", "Reviewed"


class MedicationSource(models.TextChoices):
    """Where a medication on the list comes from: a nurse never names a prescriber on her own."""

    ORDER = "order", "Against a prescriber's order"
    CLIENT_REPORTED = "client_reported", "Reported by the client"


class OrderStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DISCONTINUED = "discontinued", "Discontinued"
