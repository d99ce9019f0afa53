"""REST API for attendance: who came to which session and for how long; recorded through the service."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.attendance import services
from trellis.attendance.models import AttendanceRecord
from trellis.clients.fields import VisibleClientField
from trellis.clients.models import Client
from trellis.core.api import Pagination, ScopedRelatedField
from trellis.privacy import audit
from trellis.scheduling.models import GroupSession


class VisibleSessionField(ScopedRelatedField):
    def scope(self, user: Any) -> Any:
        return GroupSession.objects.visible_to(user)


class AttendanceSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    session = serializers.UUIDField(source="session_id")
    session_date = serializers.DateField(source="session.date")
    group_name = serializers.CharField(source="session.group.name")
    client = serializers.UUIDField(source="client_id")
    client_name = serializers.CharField(source="client.display_name")
    status = serializers.CharField()
    arrived_at = serializers.DateTimeField(allow_null=True)
    left_at = serializers.DateTimeField(allow_null=True)
    minutes_attended = serializers.IntegerField()
    recorded_by = serializers.IntegerField(source="recorded_by_id")
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField()


class AttendanceTimesSerializer(serializers.Serializer[Any]):
    """What happened: the status, and the times when the client came late or left early."""

    status = serializers.ChoiceField(AttendanceRecord.Status.choices)
    arrived_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    left_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    expected_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        help_text="The record's version you changed (0: not recorded yet); a stale one is refused with 409.",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=1000,
        help_text="Why, when correcting attendance behind a signed note or a released charge.",
    )


RECORD_RELATED = ("session__group", "client")
STALE_RESPONSE = OpenApiResponse(
    description="The record changed since the version given: see current_version."
)


def _record_detail(*, user: Any, pk: Any) -> AttendanceRecord:
    records = AttendanceRecord.objects.visible_to(user).select_related(*RECORD_RELATED)
    record: AttendanceRecord = get_object_or_404(records, pk=pk)
    return record


class AttendanceListApi(APIView):
    pagination_class = Pagination

    class AttendanceFilterSerializer(serializers.Serializer[Any]):
        session = serializers.UUIDField(required=False)
        client = serializers.UUIDField(required=False)

    class AttendanceRecordInputSerializer(AttendanceTimesSerializer):
        session = VisibleSessionField(queryset=GroupSession.objects.all())
        client = VisibleClientField(queryset=Client.objects.all())

    @extend_schema(parameters=[AttendanceFilterSerializer], responses=AttendanceSerializer(many=True))
    def get(self, request: Request) -> Response:
        filters = self.AttendanceFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        records = AttendanceRecord.objects.visible_to(request.user).select_related(*RECORD_RELATED)
        if "session" in filters.validated_data:
            records = records.filter(session_id=filters.validated_data["session"])
        if "client" in filters.validated_data:
            records = records.filter(client_id=filters.validated_data["client"])
        paginator = self.pagination_class()
        page = (
            paginator.paginate_queryset(records.order_by("session__starts_at", "client_id"), request, self)
            or []
        )
        audit.record_views(
            actor=request.user, client_ids=[r.client_id for r in page], detail="api attendance list"
        )
        return paginator.get_paginated_response(AttendanceSerializer(page, many=True).data)

    @extend_schema(
        request=AttendanceRecordInputSerializer,
        responses={201: AttendanceSerializer, 200: AttendanceSerializer, 409: STALE_RESPONSE},
        description="Record a client's attendance at a session, or correct it (200) if already recorded.",
    )
    def post(self, request: Request) -> Response:
        require(request.user, Capability.TAKE_ATTENDANCE)
        serializer = self.AttendanceRecordInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        session, client = serializer.validated_data["session"], serializer.validated_data["client"]
        correcting = AttendanceRecord.objects.filter(session=session, client=client).exists()
        record = services.record_attendance(recorded_by=request.user, **serializer.validated_data)
        detail = AttendanceSerializer(_record_detail(user=request.user, pk=record.pk))
        return Response(detail.data, status=status.HTTP_200_OK if correcting else status.HTTP_201_CREATED)


class AttendanceDetailApi(APIView):
    @extend_schema(responses=AttendanceSerializer)
    def get(self, request: Request, pk: Any) -> Response:
        record = _record_detail(user=request.user, pk=pk)
        audit.record(
            actor=request.user,
            action=audit.Action.VIEW,
            client_id=record.client_id,
            obj=record,
            detail="api attendance",
        )
        return Response(AttendanceSerializer(record).data)

    @extend_schema(
        request=AttendanceTimesSerializer, responses={200: AttendanceSerializer, 409: STALE_RESPONSE}
    )
    def put(self, request: Request, pk: Any) -> Response:
        record = _record_detail(user=request.user, pk=pk)
        require(request.user, Capability.TAKE_ATTENDANCE)
        serializer = AttendanceTimesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.record_attendance(
            session=record.session,
            client=record.client,
            recorded_by=request.user,
            **serializer.validated_data,
        )
        return Response(AttendanceSerializer(_record_detail(user=request.user, pk=pk)).data)
