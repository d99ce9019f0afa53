"""The words of case-management and peer-support work: kinds and modes of contact, outside meetings."""

from django.db import models

from trellis.accounts.roles import Capability


class ContactKind(models.TextChoices):
    CASE_MANAGEMENT = "case_management", "Case management"
    PEER_SUPPORT = "peer_support", "Peer support"


# Who may write, read and sign each kind: a case manager's work, or a peer recovery specialist's.
CAPABILITY_FOR: dict[str, Capability] = {
    ContactKind.CASE_MANAGEMENT: Capability.CASE_MANAGEMENT,
    ContactKind.PEER_SUPPORT: Capability.PEER_SUPPORT,
}


class ContactMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    COMMUNITY = "community", "In the community"


class MeetingKind(models.TextChoices):
    """Mutual-help meetings a client goes to outside the program."""

    AA = "aa", "Alcoholics Anonymous (AA)"
    NA = "na", "Narcotics Anonymous (NA)"
    SMART = "smart", "SMART Recovery"
    CELEBRATE = "celebrate", "Celebrate Recovery"
    REFUGE = "refuge", "Refuge Recovery"
    OTHER = "other", "Other (named)"


class MeetingSource(models.TextChoices):
    STAFF = "staff", "Recorded by staff"
    CLIENT = "client", "Reported by the client"
