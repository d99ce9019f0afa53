"""Changing one's password, and resetting a forgotten one by an e-mailed link (Django's views, our pages).

The reset pages never say whether an address belongs to an account: every request ends on the same page.
"""

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy

from trellis.accounts import services
from trellis.core import context

# Light limits on reset mail: enough for a person who mistypes, too few to flood an inbox or probe addresses.
RESETS_PER_ADDRESS = 3
RESETS_PER_IP = 10
RESET_WINDOW_SECONDS = 3600


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("today")

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.user
        services.change_password(
            user=user, new_password=form.cleaned_data["new_password1"], actor=user, how="changed by its user"
        )
        # This session stays logged in; every other session of the user ends.
        update_session_auth_hash(self.request, user)
        messages.success(self.request, "Your password was changed. Your other sessions have been logged out.")
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        if not _may_send_reset(email=email, ip_address=context.current().ip_address):
            return HttpResponseRedirect(self.get_success_url())  # the same page: nothing revealed
        services.record_password_reset_request(accounts=list(form.get_users(email)))
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form: Any) -> HttpResponse:
        services.change_password(
            user=form.user,
            new_password=form.cleaned_data["new_password1"],
            actor=None,
            how="reset by e-mailed link",
        )
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, "Your password was changed. Log in with the new one.")
        return HttpResponseRedirect(self.get_success_url())


def _may_send_reset(*, email: str, ip_address: str | None) -> bool:
    """Counts this request against its address and its IP; False once either has had its share this hour."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    within_address = _count(f"password-reset:address:{digest}") <= RESETS_PER_ADDRESS
    within_ip = _count(f"password-reset:ip:{ip_address or 'unknown'}") <= RESETS_PER_IP
    return within_address and within_ip


def _count(key: str) -> int:
    cache.add(key, 0, timeout=RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RESET_WINDOW_SECONDS)
        return 1
