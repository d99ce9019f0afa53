"""REST API for recurring groups and their dated sessions, with each session's roster."""

import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from trellis.accounts.access import require
from trellis.accounts.models import User
from trellis.accounts.roles import Capability
from trellis.core.api import Pagination, ScopedRelatedField
from trellis.episodes.models import Enrollment
from trellis.privacy import audit
from trellis.programs.models import CurriculumTopic, Room, Track
from trellis.scheduling import services
from trellis.scheduling.models import GroupSession, RecurringGroup

MAX_SESSION_LIST_DAYS = 62


class UserTrackField(ScopedRelatedField):
    def scope(self, user: Any) -> Any:
        return Track.objects.filter(site_id__in=user.site_ids(), program_id__in=user.program_ids())


class UserRoomField(ScopedRelatedField):
    def scope(self, user: Any) -> Any:
        return Room.objects.filter(site_id__in=user.site_ids())


class ColleagueField(ScopedRelatedField):
    def scope(self, user: Any) -> Any:
        mine = User.objects.filter(organization_id=user.organization_id, is_active=True)
        return mine.filter(sites__in=user.site_ids()).distinct()


class UserTopicField(ScopedRelatedField):
    def scope(self, user: Any) -> Any:
        return CurriculumTopic.objects.filter(organization_id=user.organization_id)


class GroupSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    name = serializers.CharField()
    track = serializers.UUIDField(source="track_id")
    track_name = serializers.CharField(source="track.name")
    weekdays = serializers.ListField(child=serializers.IntegerField())
    starts_at = serializers.TimeField()
    duration_minutes = serializers.IntegerField()
    room = serializers.UUIDField(source="room_id")
    room_name = serializers.CharField(source="room.name")
    facilitator = serializers.IntegerField(source="facilitator_id")
    facilitator_name = serializers.CharField(source="facilitator.get_full_name")
    default_topic = serializers.UUIDField(source="default_topic_id", allow_null=True)
    session_kind = serializers.CharField()
    active_from = serializers.DateField()
    active_until = serializers.DateField(allow_null=True)


class SessionSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    group = serializers.UUIDField(source="group_id")
    group_name = serializers.CharField(source="group.name")
    track = serializers.UUIDField(source="track_id")
    track_name = serializers.CharField(source="track.name")
    date = serializers.DateField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField()
    room = serializers.UUIDField(source="room_id")
    room_name = serializers.CharField(source="room.name")
    facilitator = serializers.IntegerField(source="facilitator_id")
    facilitator_name = serializers.CharField(source="facilitator.get_full_name")
    topic = serializers.UUIDField(source="topic_id", allow_null=True)
    topic_name = serializers.CharField(source="topic.name", allow_null=True, default=None)
    status = serializers.CharField()
    cancel_reason = serializers.CharField()


class RosterAttendanceSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    status = serializers.CharField()
    arrived_at = serializers.DateTimeField(allow_null=True)
    left_at = serializers.DateTimeField(allow_null=True)
    minutes_attended = serializers.IntegerField()


class RosterLineSerializer(serializers.Serializer[Any]):
    client = serializers.UUIDField(source="enrollment.episode.client_id")
    client_name = serializers.CharField(source="enrollment.episode.client.display_name")
    chart_number = serializers.CharField(source="enrollment.episode.client.chart_number")
    enrollment = serializers.UUIDField(source="enrollment.id")
    phase_number = serializers.IntegerField(source="enrollment.phase.number")
    days_per_week = serializers.IntegerField(source="enrollment.days_per_week")
    attendance = RosterAttendanceSerializer(allow_null=True)


class SessionDetailSerializer(SessionSerializer):
    roster = RosterLineSerializer(many=True)


GROUP_RELATED = ("track", "room", "facilitator")
SESSION_RELATED = ("group", "track", "room", "facilitator", "topic")


def _roster(*, session: GroupSession, user: Any) -> list[dict[str, Any]]:
    """The clients enrolled in the session's track that day whom the user may see, with their attendance."""
    enrollments = (
        Enrollment.objects.visible_to(user)
        .on(session.date)
        .filter(track_id=session.track_id)
        .select_related("episode__client", "phase")
        .order_by("episode__client__legal_last_name", "episode__client__legal_first_name", "id")
    )
    records = {record.client_id: record for record in session.attendance.visible_to(user)}
    return [{"enrollment": e, "attendance": records.get(e.episode.client_id)} for e in enrollments]


class GroupListApi(APIView):
    pagination_class = Pagination

    class GroupFilterSerializer(serializers.Serializer[Any]):
        track = serializers.UUIDField(required=False)

    class GroupCreateInputSerializer(serializers.Serializer[Any]):
        track = UserTrackField(queryset=Track.objects.all())
        name = serializers.CharField(max_length=120)
        weekdays = serializers.ListField(
            child=serializers.IntegerField(min_value=0, max_value=6), min_length=1, max_length=7
        )
        starts_at = serializers.TimeField()
        duration_minutes = serializers.IntegerField(min_value=15, max_value=600)
        room = UserRoomField(queryset=Room.objects.all())
        facilitator = ColleagueField(queryset=User.objects.all())
        active_from = serializers.DateField()
        default_topic = UserTopicField(
            queryset=CurriculumTopic.objects.all(), required=False, allow_null=True
        )
        session_kind = serializers.ChoiceField(choices=RecurringGroup.SessionKind.choices, required=False)

    @extend_schema(parameters=[GroupFilterSerializer], responses=GroupSerializer(many=True))
    def get(self, request: Request) -> Response:
        filters = self.GroupFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        groups = RecurringGroup.objects.visible_to(request.user).select_related(*GROUP_RELATED)
        if "track" in filters.validated_data:
            groups = groups.filter(track_id=filters.validated_data["track"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            groups.order_by("track__name", "starts_at", "name", "id"), request, self
        )
        return paginator.get_paginated_response(GroupSerializer(page or [], many=True).data)

    @extend_schema(request=GroupCreateInputSerializer, responses={201: GroupSerializer})
    def post(self, request: Request) -> Response:
        require(request.user, Capability.SETUP_PROGRAMS)
        serializer = self.GroupCreateInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        group = services.create_group(created_by=request.user, **serializer.validated_data)
        return Response(GroupSerializer(group).data, status=status.HTTP_201_CREATED)


class GroupDetailApi(APIView):
    @extend_schema(responses=GroupSerializer)
    def get(self, request: Request, pk: Any) -> Response:
        groups = RecurringGroup.objects.visible_to(request.user).select_related(*GROUP_RELATED)
        return Response(GroupSerializer(get_object_or_404(groups, pk=pk)).data)


class SessionFilterSerializer(serializers.Serializer[Any]):
    """One day (?date=), or a span of days (?from=&to=, both inclusive); today when neither is given."""

    date = serializers.DateField(required=False)
    to = serializers.DateField(required=False)
    track = serializers.UUIDField(required=False)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False)  # a keyword in Python, a plain word in a URL
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        first, last = attrs.get("from"), attrs.get("to")
        if "date" in attrs and (first or last):
            raise serializers.ValidationError({"date": "Give either a date or a span (from, to), not both."})
        if (first is None) != (last is None):
            raise serializers.ValidationError({"to" if last is None else "from": "A span needs both ends."})
        if first and last and last < first:
            raise serializers.ValidationError({"to": "The span ends before it starts."})
        if first and last and (last - first).days >= MAX_SESSION_LIST_DAYS:
            raise serializers.ValidationError({"to": f"List at most {MAX_SESSION_LIST_DAYS} days at a time."})
        return attrs

    def span(self) -> tuple[dt.date, dt.date]:
        data = self.validated_data
        if "from" in data:
            return data["from"], data["to"]
        day = data.get("date") or timezone.localdate()
        return day, day


class SessionListApi(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[SessionFilterSerializer], responses=SessionSerializer(many=True))
    def get(self, request: Request) -> Response:
        filters = SessionFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        first, last = filters.span()
        sessions = (
            GroupSession.objects.visible_to(request.user)
            .between(first, last)
            .select_related(*SESSION_RELATED)
        )
        if "track" in filters.validated_data:
            sessions = sessions.filter(track_id=filters.validated_data["track"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(sessions.order_by("starts_at", "id"), request, self)
        return paginator.get_paginated_response(SessionSerializer(page or [], many=True).data)


class SessionDetailApi(APIView):
    @extend_schema(responses=SessionDetailSerializer)
    def get(self, request: Request, pk: Any) -> Response:
        sessions = GroupSession.objects.visible_to(request.user).select_related(*SESSION_RELATED)
        session = get_object_or_404(sessions, pk=pk)
        roster = _roster(session=session, user=request.user)
        client_ids = [line["enrollment"].episode.client_id for line in roster]
        audit.record_views(actor=request.user, client_ids=client_ids, detail="api session roster")
        return Response(
            {**SessionSerializer(session).data, "roster": RosterLineSerializer(roster, many=True).data}
        )
