"""The endpoint that issues API tokens for a username and password."""

from typing import Any

from rest_framework import exceptions
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from trellis.accounts import lockout, tokens
from trellis.accounts.models import User
from trellis.core.throttles import TokenRequestThrottle


class ObtainTokenApi(APIView):
    """POST a username and password, get a token that expires; the secret is in this answer only."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenRequestThrottle]
    serializer_class = AuthTokenSerializer

    def post(self, request: Request) -> Response:
        # Django's own request, so axes marks a locked-out attempt where its middleware looks for the mark.
        serializer = AuthTokenSerializer(data=request.data, context={"request": request._request})
        if not serializer.is_valid():
            lockout.record_failed_login(username=str(request.data.get("username", "")), channel="API token")
            raise exceptions.ValidationError(serializer.errors)
        user: User = serializer.validated_data["user"]
        token, secret = tokens.issue_token(user=user, name="API token endpoint")
        return Response({"token": secret, "prefix": token.prefix, "expires_at": token.expires_at})
