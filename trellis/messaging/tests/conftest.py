from trellis.portal.tests.conftest import invited, sms_outbox, world

__all__ = ["invited", "sms_outbox", "world"]
