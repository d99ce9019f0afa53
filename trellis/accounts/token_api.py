"""The endpoint that issues API tokens for a username and password."""

from typing import Any

from rest_framework import exceptions
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from trellis.accounts import lockout, mfa, mfa_services, tokens
from trellis.accounts.models import User
from trellis.core.throttles import TokenRequestThrottle
from trellis.privacy import audit


class ObtainTokenApi(APIView):
    """POST a username and password (and `code`, from the authenticator app or a recovery code, when the
    person has a second factor or their role needs one), get a token that expires; the secret is in this
    answer only."""

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
        _second_factor(request, user)
        token, secret = tokens.issue_token(user=user, name="API token endpoint")
        return Response({"token": secret, "prefix": token.prefix, "expires_at": token.expires_at})


def _second_factor(request: Request, user: User) -> None:
    """A password alone must not buy what the sign-in page would hold back: the same second step applies."""
    step = mfa.step_for(user)
    if step == mfa.ENROL:
        raise exceptions.PermissionDenied(
            "Your role must use a second factor: sign in on the website to set one up, then ask again with a code."
        )
    if step != mfa.VERIFY:
        return
    if not mfa_services.check_code(user=user, code=str(request.data.get("code", ""))):
        mfa_services.record_failure(
            request._request, user=user, action=audit.Action.MFA_FAILED, detail="wrong code for an API token"
        )
        raise exceptions.ValidationError(
            {"code": ["Give the code from your authenticator app or a recovery code."]}
        )
