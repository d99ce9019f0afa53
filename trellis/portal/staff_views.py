"""Staff side of the portal: invite a client (or send the invitation again with new addresses) and turn
their access off, from the face sheet. Each answer goes back to the face sheet, or, when refused, to a page
that keeps what was typed beside the reason."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core.form_errors import attach_errors
from trellis.notifications.channels import ChannelError
from trellis.portal import services
from trellis.portal.forms import InviteForm
from trellis.portal.models import PortalAccount


@requires(Capability.EDIT_CLIENTS)
def invite_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client: Client = get_object_or_404(Client.objects.visible_to(request.user), pk=pk)
    form = InviteForm(request.POST or None, initial={"email": client.email, "mobile": client.phone})
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_client(client=client, invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        except ChannelError:
            form.add_error(
                None, "The invitation could not be sent just now; the account is ready. Try again."
            )
        else:
            messages.success(request, "Portal invitation sent.")
            return redirect("clients:face_sheet", pk=client.pk)
    context = {"client": client, "form": form}
    return render(request, "portal/invite.html", context, status=400 if form.errors else 200)


@requires(Capability.EDIT_CLIENTS)
@require_POST
def deactivate_view(request: HttpRequest, pk: Any) -> HttpResponse:
    visible = Client.objects.visible_to(request.user)
    account = get_object_or_404(PortalAccount.objects.filter(client__in=visible), pk=pk)
    services.deactivate_account(account=account, deactivated_by=request.user)
    messages.success(request, "Portal access turned off.")
    return redirect("clients:face_sheet", pk=account.client_id)
