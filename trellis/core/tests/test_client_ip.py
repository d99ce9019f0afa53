"""Which address is the client's: the socket's, or the hop the nearest trusted proxy wrote."""

import pytest
from django.test import RequestFactory, override_settings

from trellis.core.client_ip import client_ip

PROXY = "10.0.0.2"


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "", PROXY),  # no proxy trusted, no header: the socket
        (0, "203.0.113.9", PROXY),  # no proxy trusted: the header is the client's own words, ignored
        (1, "203.0.113.9", "203.0.113.9"),  # one proxy: the hop it added
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # a forged entry left of the proxy's is ignored
        (
            2,
            "198.51.100.1, 203.0.113.9, 10.0.0.1",
            "203.0.113.9",
        ),  # two proxies: the second hop from the right
        (2, "203.0.113.9", PROXY),  # fewer hops than proxies: the request skipped one; trust the socket
        (1, "not-an-address", PROXY),  # garbage in the trusted hop: the socket
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_it_picks_the_hop_of_the_nearest_trusted_proxy(trusted: int, forwarded: str, expected: str) -> None:
    # given a request through `trusted` proxies with this X-Forwarded-For
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY)
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    # when its client address is read
    with override_settings(TRELLIS_TRUSTED_PROXIES=trusted):
        address = client_ip(request)
    # then it is the expected hop
    assert address == expected
