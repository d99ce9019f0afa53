from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from trellis.accounts import lockout, mfa, tokens
from trellis.privacy import audit


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("idle"):
            messages.info(request, "You were logged out after a period of inactivity.")
        elif request.GET.get("expired"):
            hours = settings.TRELLIS_SESSION_MAX_HOURS
            messages.info(request, f"Sessions last at most {hours} hours; please log in again.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "demo_skip": mfa.demo_skip_on()}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        audit.record(actor=user, action=audit.Action.LOGIN, detail="login")
        # The password is only the first step: the session is held until the second (accounts.mfa).
        step = mfa.begin(self.request, user=user)
        return redirect(mfa.step_url(step, next_url=self.get_success_url())) if step else response

    def form_invalid(self, form: Any) -> HttpResponse:
        lockout.record_failed_login(username=str(form.data.get("username", "")), channel="login form")
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            audit.record(actor=request.user, action=audit.Action.LOGOUT, detail="logout")
            tokens.revoke_session_tokens(user=request.user, session_key=request.session.session_key or "")
        return super().post(request, *args, **kwargs)


@require_POST
def keepalive_view(request: HttpRequest) -> HttpResponse:
    """ "Stay logged in": the idle clock restarts (the middleware saw this request); 401 once it has ended."""
    return HttpResponse(status=204 if request.user.is_authenticated else 401)
