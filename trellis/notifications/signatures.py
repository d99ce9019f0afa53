"""Twilio's request signature (X-Twilio-Signature): base64 HMAC-SHA1, keyed by the account's auth token, of
the full URL followed by each POST parameter's name and value in name order
(https://www.twilio.com/docs/usage/security#validating-requests). Pure: no Django.
"""

import base64
import hashlib
import hmac
from collections.abc import Mapping


def sign(*, url: str, params: Mapping[str, str], token: str) -> str:
    payload = url + "".join(name + params[name] for name in sorted(params))
    digest = hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def is_valid(*, url: str, params: Mapping[str, str], token: str, signature: str) -> bool:
    if not token or not signature:
        return False
    return hmac.compare_digest(sign(url=url, params=params, token=token), signature)
