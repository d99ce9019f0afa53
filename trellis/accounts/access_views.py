"""Pages for API tokens (each user's own) and for the administrator's access controls (locks, tokens)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from trellis.accounts import lockout, mfa, mfa_services, tokens
from trellis.accounts.access import requires
from trellis.accounts.models import ApiToken, TotpDevice, User
from trellis.accounts.roles import Capability, Role
from trellis.core import clock


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@never_cache
@login_required
def token_list_view(request: HttpRequest) -> HttpResponse:
    """Lists the user's tokens; a POST makes one and shows its secret on this answer only."""
    user = _user(request)
    secret = ""
    if request.method == "POST":
        session_only = request.POST.get("session_only") == "on"
        session_key = (request.session.session_key or "") if session_only else ""
        _, secret = tokens.issue_token(user=user, name=request.POST.get("name", ""), session_key=session_key)
    context = {"tokens": tokens.list_tokens_of(user=user), "secret": secret, "now": clock.now()}
    return render(request, "accounts/tokens.html", context)


@require_POST
@login_required
def token_revoke_view(request: HttpRequest, pk: str) -> HttpResponse:
    user = _user(request)
    token = ApiToken.objects.select_related("user").filter(pk=pk).first()
    if token is None or not tokens.may_manage(actor=user, token=token):
        raise Http404
    tokens.revoke_token(token=token, by=user)
    messages.success(request, f"Token {token.prefix}… is revoked.")
    return redirect("accounts:access" if request.POST.get("back") == "access" else "accounts:tokens")


@never_cache
@requires(Capability.MANAGE_ACCESS)
def access_view(request: HttpRequest) -> HttpResponse:
    """Locked accounts and live API tokens of the administrator's organization."""
    user = _user(request)
    context = {
        "locked": lockout.list_locked_accounts(actor=user),
        "tokens": tokens.list_tokens_in_organization(actor=user).filter(
            revoked_at__isnull=True, expires_at__gt=clock.now()
        ),
        "staff": tokens.list_active_colleagues(actor=user).annotate(
            has_totp=Exists(TotpDevice.objects.filter(user=OuterRef("pk"))),
            passkey_count=Count("passkeys", distinct=True),
        ),
        "now": clock.now(),
        "roles": _second_factor_roles(user),
    }
    return render(request, "accounts/access.html", context)


def _second_factor_roles(user: User) -> list[dict[str, object]]:
    required = mfa.required_roles(organization_id=user.organization_id)
    return [{"value": value, "label": label, "required": value in required} for value, label in Role.choices]


@require_POST
@requires(Capability.MANAGE_ACCESS)
def unlock_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _user(request)
    account = User.objects.filter(pk=pk).first()
    if account is None or account.organization_id != actor.organization_id:
        raise Http404
    lockout.unlock_account(user=account, by=actor)
    messages.success(request, f"{account.username} can log in again.")
    return redirect("accounts:access")


@require_POST
@requires(Capability.MANAGE_ACCESS)
def deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A member of staff leaves: no more logins, and every API token of theirs stops working at once."""
    actor = _user(request)
    account = User.objects.filter(pk=pk).first()
    if account is None or account.organization_id != actor.organization_id or account.pk == actor.pk:
        raise Http404
    tokens.deactivate_user(user=account, by=actor)
    messages.success(request, f"{account.username} is deactivated; their API tokens are revoked.")
    return redirect("accounts:access")


def _colleague_or_404(actor: User, pk: int) -> User:
    account = User.objects.filter(pk=pk).first()
    if account is None or account.organization_id != actor.organization_id:
        raise Http404
    return account


@never_cache
@requires(Capability.MANAGE_ACCESS)
def second_factor_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first, then removes every second factor of a colleague who lost theirs (they enrol again)."""
    actor = _user(request)
    account = _colleague_or_404(actor, pk)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") == "yes":
            mfa_services.reset_second_factor(user=account, by=actor)
            messages.success(
                request, f"{account.username}'s second factor is reset; they set a new one up next time."
            )
            return redirect("accounts:access")
        error = "Tick the box to confirm you have checked who is asking."
    context = {"account": account, "error": error, **mfa.describe(account)}
    return render(request, "accounts/second_factor_reset.html", context, status=400 if error else 200)


@require_POST
@requires(Capability.MANAGE_ACCESS)
def second_factor_roles_view(request: HttpRequest) -> HttpResponse:
    actor = _user(request)
    chosen = set(request.POST.getlist("roles"))
    try:
        mfa_services.set_required_roles(by=actor, roles=chosen)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Saved: who must sign in with a second factor.")
    return redirect("accounts:access")
