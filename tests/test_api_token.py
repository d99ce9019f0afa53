"""Token authentication for API clients, its throttle, and the schema and docs served without a CDN."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from conftest import World
from tests.signin import fresh_code
from trellis.privacy.models import AuditEvent

TOKEN_URL = "/api/v1/token/"
PASSWORD = "correct horse battery staple"  # tests/factories.py UserFactory


@pytest.fixture(autouse=True)
def fresh_throttle() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def test_it_gives_a_token_that_opens_the_api(world: World) -> None:
    # given Alice's username and password
    # when she asks for a token and calls the API with it
    token = (
        APIClient()
        .post(
            TOKEN_URL,
            {"username": "alice", "password": PASSWORD, "code": fresh_code(world.alice)},
            format="json",
        )
        .json()["token"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/v1/clients/")
    # then she sees her clients, and the view is logged against her
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(world.carol.pk)]
    assert AuditEvent.objects.filter(actor=world.alice, client=world.carol, action="view").count() == 1


def test_it_scopes_a_token_like_a_session(world: World) -> None:
    # given Bob's token
    token = (
        APIClient()
        .post(
            TOKEN_URL, {"username": "bob", "password": PASSWORD, "code": fresh_code(world.bob)}, format="json"
        )
        .json()["token"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    # when he asks for Carol
    response = client.get(f"/api/v1/clients/{world.carol.pk}/")
    # then she is not found
    assert response.status_code == 404


def test_it_refuses_a_wrong_password_naming_no_user(world: World) -> None:
    # given a wrong password
    # when a token is asked for
    response = APIClient().post(TOKEN_URL, {"username": "alice", "password": "guess"}, format="json")
    # then it is refused without a token
    assert response.status_code == 400
    assert "token" not in response.json()


def test_it_refuses_a_bad_token(world: World) -> None:
    # given a made-up token
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    # when it is used
    response = client.get("/api/v1/clients/")
    # then the API refuses it
    assert response.status_code in (401, 403)


def test_it_throttles_token_requests(world: World) -> None:
    # given one address guessing passwords
    client = APIClient()
    statuses = [
        client.post(TOKEN_URL, {"username": "alice", "password": f"guess {n}"}, format="json").status_code
        for n in range(12)
    ]
    # when it goes on past the limit
    # then it is slowed down
    assert statuses[-1] == 429
    assert 429 not in statuses[:3]


def test_it_serves_the_schema_and_docs_without_a_cdn(world: World) -> None:
    # given the API's documentation, read by signed-in staff (anonymous readers are refused: test_security_headers)
    client = APIClient()
    client.force_authenticate(world.alice)
    # when the schema and the two docs pages are read
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    pages = [client.get("/api/docs/").content.decode(), client.get("/api/redoc/").content.decode()]
    # then the schema lists the endpoints and the pages load their scripts from this server
    assert schema.status_code == 200
    assert "/api/v1/attendance/" in schema.json()["paths"]
    for page in pages:
        assert "drf_spectacular_sidecar" in page
        assert "cdn." not in page
        assert "unpkg" not in page
