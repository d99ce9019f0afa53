"""REST API for the client record: list and search, read, register and change demographics."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.clients import services
from trellis.clients.models import Client
from trellis.core.api import Pagination
from trellis.core.search import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS, shorten
from trellis.privacy import audit, outside_api
from trellis.privacy.part2 import InfoKind
from trellis.programs.choices import Population
from trellis.programs.models import Site


class ClientSerializer(outside_api.ReleaseMetadataFields):
    id = serializers.UUIDField()
    chart_number = serializers.CharField()
    display_name = serializers.CharField()
    legal_first_name = serializers.CharField()
    legal_last_name = serializers.CharField()
    preferred_name = serializers.CharField()
    pronouns = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    site = serializers.UUIDField(source="site_id")


class ContactSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    name = serializers.CharField()
    relationship = serializers.CharField()
    phone = serializers.CharField()
    is_emergency_contact = serializers.BooleanField()


class ClientDetailSerializer(ClientSerializer):
    gender_identity = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    address_line1 = serializers.CharField()
    address_line2 = serializers.CharField()
    city = serializers.CharField()
    state = serializers.CharField()
    postal_code = serializers.CharField()
    populations = serializers.ListField(child=serializers.CharField())
    contacts = ContactSerializer(many=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class UserSiteField(serializers.PrimaryKeyRelatedField[Site]):
    """A site the requesting user works at."""

    def get_queryset(self) -> Any:
        return Site.objects.filter(pk__in=self.context["request"].user.site_ids())


class ClientFieldsSerializer(serializers.Serializer[Any]):
    """The demographics staff may set; everything but the legal name is optional (a client may decline)."""

    legal_first_name = serializers.CharField(max_length=80)
    legal_last_name = serializers.CharField(max_length=80)
    preferred_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    pronouns = serializers.CharField(max_length=30, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    gender_identity = serializers.CharField(max_length=60, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address_line1 = serializers.CharField(max_length=55, required=False, allow_blank=True)
    address_line2 = serializers.CharField(max_length=55, required=False, allow_blank=True)
    city = serializers.CharField(max_length=30, required=False, allow_blank=True)
    state = serializers.CharField(
        max_length=2, required=False, allow_blank=True, help_text="USPS code, e.g. IL"
    )
    postal_code = serializers.CharField(
        max_length=10, required=False, allow_blank=True, help_text="ZIP or ZIP+4"
    )
    populations = serializers.ListField(child=serializers.ChoiceField(Population.choices), required=False)


def _client_detail(*, user: Any, pk: Any) -> Client:
    clients = Client.objects.visible_to(user).select_related("site").prefetch_related("contacts")
    client: Client = get_object_or_404(clients, pk=pk)
    return client


# What the client endpoints show an outside system: demographics and contacts (minimum necessary).
CLIENT_INFORMATION = (InfoKind.IDENTITY,)


class ClientListApi(APIView):
    pagination_class = Pagination
    outside_information = CLIENT_INFORMATION

    class ClientFilterSerializer(serializers.Serializer[Any]):
        # `?search=` stays a GET parameter, unlike the web page's search (core.saved_search): API clients are
        # our own integrations and the API's access log is kept as PHI, with the same access as the database.
        search = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=MAX_SEARCH_CHARS,
            help_text=f"Name or chart number words, at most {MAX_SEARCH_WORDS}.",
        )
        active = serializers.BooleanField(required=False, allow_null=True, default=None)

        def validate_search(self, value: str) -> str:
            if shorten(value).shortened:
                raise serializers.ValidationError(
                    f"Search with at most {MAX_SEARCH_WORDS} words and {MAX_SEARCH_CHARS} characters."
                )
            return value

    class ClientCreateInputSerializer(ClientFieldsSerializer):
        site = UserSiteField(queryset=Site.objects.all())

    @extend_schema(
        parameters=[ClientFilterSerializer, *outside_api.RESPONSE_HEADERS],
        responses=ClientSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = self.ClientFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        clients = Client.objects.visible_to(request.user)
        if filters.validated_data.get("search"):
            clients = clients.search(filters.validated_data["search"])
        if filters.validated_data["active"]:
            clients = clients.active()
        system = outside_api.system_of(request)
        context = None
        if system is not None:  # an outside system sees only the clients whose consent covers it
            candidates = clients.values_list("pk", flat=True)
            context, allowed = outside_api.consented(
                system, client_ids=candidates, information=CLIENT_INFORMATION
            )
            clients = clients.filter(pk__in=allowed)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            clients.order_by("legal_last_name", "legal_first_name", "id"), request, self
        )
        page = page or []
        data = ClientSerializer(page, many=True).data
        ids = [c.pk for c in page]
        if system is None:
            audit.record_views(actor=request.user, client_ids=ids, detail="api clients list")
            return paginator.get_paginated_response(data)
        releases = outside_api.release(
            system,
            client_ids=ids,
            information=CLIENT_INFORMATION,
            description="API client list",
            context=context,
        )
        return outside_api.attach(paginator.get_paginated_response(data), list(data), ids, releases)

    @extend_schema(request=ClientCreateInputSerializer, responses={201: ClientDetailSerializer})
    def post(self, request: Request) -> Response:
        require(request.user, Capability.EDIT_CLIENTS)
        serializer = self.ClientCreateInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        client = services.register_client(registered_by=request.user, **serializer.validated_data)
        detail = ClientDetailSerializer(_client_detail(user=request.user, pk=client.pk))
        return Response(detail.data, status=status.HTTP_201_CREATED)


class ClientDetailApi(APIView):
    outside_information = CLIENT_INFORMATION

    @extend_schema(parameters=outside_api.RESPONSE_HEADERS, responses=ClientDetailSerializer)
    def get(self, request: Request, pk: Any) -> Response:
        client = _client_detail(user=request.user, pk=pk)
        system = outside_api.system_of(request)
        if system is not None:
            releases = outside_api.release(
                system,
                client_ids=[client.pk],
                information=CLIENT_INFORMATION,
                description="API client record",
            )
            data = ClientDetailSerializer(client).data
            return outside_api.attach(Response(data), [data], [client.pk], releases)
        audit.record(
            actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="api client"
        )
        return Response(ClientDetailSerializer(client).data)

    @extend_schema(request=ClientFieldsSerializer, responses=ClientDetailSerializer)
    def patch(self, request: Request, pk: Any) -> Response:
        client = _client_detail(user=request.user, pk=pk)
        require(request.user, Capability.EDIT_CLIENTS)
        serializer = ClientFieldsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_client(client=client, changed_by=request.user, **serializer.validated_data)
        return Response(ClientDetailSerializer(_client_detail(user=request.user, pk=pk)).data)
