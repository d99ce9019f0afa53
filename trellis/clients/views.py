from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients import card_images, face_sheet, face_sheet_panels, listing
from trellis.clients.face_sheet import EmergencyContact
from trellis.clients.forms import AllergyForm, FaceSheetForm, InsuranceCardForm
from trellis.clients.models import Allergy, Client, InsuranceCard
from trellis.core import clock, saved_search, search
from trellis.core.csv_export import csv_download
from trellis.core.form_errors import attach_errors
from trellis.privacy import audit

PAGE_SIZE = 50
SEARCH_FIELDS = ("q",)


@requires(Capability.VIEW_CLIENTS)
def client_list_view(request: HttpRequest) -> HttpResponse:
    """Clients the user may see, with where each stands; a search by name, chart number or date of birth is
    posted, never put in the address, and the filters (status, track, counselor) are ids in the address."""
    if saved_search.asks_to_search(request, SEARCH_FIELDS):
        return saved_search.remember_and_redirect(request, scope="clients", fields=SEARCH_FIELDS)
    key, terms = saved_search.recall(request, scope="clients")
    wanted = search.shorten(terms.get("q", ""))
    query = wanted.text
    filters = listing.Filters.from_query(request.GET)
    clients = listing.with_standing(Client.objects.visible_to(request.user).select_related("site"))
    if query:
        clients = clients.search(query)
    clients = listing.filtered(clients, filters)
    if request.GET.get("format") == "csv":
        return _client_list_csv(request.user, clients)
    page = Paginator(clients.order_by("legal_last_name", "legal_first_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counselors = listing.counselor_names(list(page))
    rows = [
        {"client": c, "status": listing.status_of(c), "counselor": counselors.get(c.counselor_id, "")}
        for c in page
    ]
    audit.record_views(actor=request.user, client_ids=[c.pk for c in page], detail="client list")
    note = saved_search.EXPIRED_NOTE if saved_search.is_expired(request, key) else wanted.note
    context: dict[str, Any] = {
        "page": page,
        "rows": rows,
        "query": query,
        "search_key": key,
        "search_note": note,
        "filters": filters,
        "choices": listing.choices_for(request.user),
        "csv_query": "&".join(part for part in (f"s={key}" if key else "", filters.as_query()) if part),
    }
    return render(request, "clients/client_list.html", context)


def _client_list_csv(user: Any, clients: Any) -> HttpResponse:
    """The whole list as filtered (a caseload, when filtered by counselor), not one page of it."""
    everyone = list(clients.order_by("legal_last_name", "legal_first_name", "pk"))
    counselors = listing.counselor_names(everyone)
    rows = [
        (
            c.display_name,
            c.chart_number,
            listing.status_of(c),
            c.track_name or "",
            counselors.get(c.counselor_id, ""),
            c.site.name,
        )
        for c in everyone
    ]
    return csv_download(
        filename=f"clients-{clock.now():%Y-%m-%d}.csv",
        header=("Name", "Chart number", "Status", "Track", "Counselor", "Site"),
        rows=rows,
        actor=user,
        client_ids=[c.pk for c in everyone],
        what="client list",
    )


def _visible_client(request: HttpRequest, pk: Any) -> Client:
    """A client of the user's own sites and programs; anyone else's is a 404, not a 403 (no probing)."""
    client: Client = get_object_or_404(Client.objects.visible_to(request.user).select_related("site"), pk=pk)
    return client


def _emergency_contact(client: Client) -> EmergencyContact:
    current = client.contacts.filter(is_emergency_contact=True).order_by("created_at").first()
    if current is None:
        return EmergencyContact()
    return EmergencyContact(name=current.name, relationship=current.relationship, phone=current.phone)


def _face_sheet_page(
    request: HttpRequest,
    client: Client,
    form: FaceSheetForm,
    allergy_form: AllergyForm,
    *,
    card_form: InsuranceCardForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "client": client,
        "form": form,
        "allergy_form": allergy_form,
        "allergies": list(client.allergies.all()),
        "panels": face_sheet_panels.render(client=client, request=request),
        "card_form": card_form or InsuranceCardForm(),
        "cards": list(client.insurance_cards.all()),
    }
    return render(request, "clients/face_sheet.html", context, status=status)


@requires(Capability.EDIT_CLIENTS)
def face_sheet_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """The client's demographics, address, contact preferences, emergency contact, outside care and allergies,
    edited on one page; a refused edit shows what was typed with the reason and changes nothing."""
    client = _visible_client(request, pk)
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="face sheet"
    )
    form = FaceSheetForm(request.POST or None, instance=client, contact=_emergency_contact(client))
    if request.method == "POST" and form.is_valid():
        try:
            face_sheet.save_face_sheet(
                client=client, changed_by=request.user, changes=form.changes(),
                emergency_contact=form.emergency_contact(),
            )  # fmt: skip
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Face sheet saved.")
            return redirect("clients:face_sheet", pk=client.pk)
    status = 400 if form.errors else 200
    return _face_sheet_page(request, client, form, AllergyForm(), status=status)


@requires(Capability.EDIT_CLIENTS)
@require_POST
def add_allergy_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _visible_client(request, pk)
    allergy_form = AllergyForm(request.POST)
    if allergy_form.is_valid():
        try:
            face_sheet.add_allergy(client=client, added_by=request.user, **allergy_form.cleaned_data)
        except ValidationError as error:
            attach_errors(allergy_form, error)
        else:
            messages.success(
                request, f"Allergy to {allergy_form.cleaned_data['substance'].strip()} recorded."
            )
            return redirect("clients:face_sheet", pk=client.pk)
    form = FaceSheetForm(instance=client, contact=_emergency_contact(client))
    return _face_sheet_page(request, client, form, allergy_form, status=400)


@requires(Capability.EDIT_CLIENTS)
@require_POST
def remove_allergy_view(request: HttpRequest, pk: Any, allergy_pk: Any) -> HttpResponse:
    client = _visible_client(request, pk)
    allergy = get_object_or_404(Allergy.objects.select_related("client"), pk=allergy_pk, client=client)
    face_sheet.remove_allergy(allergy=allergy, removed_by=request.user)
    messages.success(request, f"Allergy to {allergy.substance} removed.")
    return redirect("clients:face_sheet", pk=client.pk)


@requires(Capability.EDIT_CLIENTS)
@require_POST
def add_insurance_card_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _visible_client(request, pk)
    card_form = InsuranceCardForm(request.POST, request.FILES)
    if card_form.is_valid():
        try:
            face_sheet.add_insurance_card(client=client, uploaded_by=request.user, **card_form.cleaned_data)
        except ValidationError as error:
            attach_errors(card_form, error)
        else:
            messages.success(request, "Insurance card added.")
            return redirect("clients:face_sheet", pk=client.pk)
    form = FaceSheetForm(instance=client, contact=_emergency_contact(client))
    return _face_sheet_page(request, client, form, AllergyForm(), card_form=card_form, status=400)


@requires(Capability.VIEW_CLIENTS)
def insurance_card_image_view(request: HttpRequest, pk: Any, card_pk: Any, side: str) -> HttpResponse:
    """One side of a card, to staff who may see the client; every look is on the client's trail."""
    client = _visible_client(request, pk)
    card = get_object_or_404(InsuranceCard, pk=card_pk, client=client)
    picture = getattr(card, side) if side in {"front", "back"} else None
    if not picture:
        raise Http404("No such side of the card.")
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        client_id=client.pk,
        obj=card,
        detail=f"insurance card {side}",
    )
    with picture.open("rb") as stored:
        return HttpResponse(stored.read(), content_type=card_images.content_type(picture.name))
