"""REST API for episodes of care and enrollments: admit, enroll, step down or up, discharge."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from trellis.accounts.access import require
from trellis.accounts.models import User
from trellis.accounts.roles import Capability
from trellis.clients.fields import VisibleClientField
from trellis.clients.models import Client
from trellis.core.api import Pagination, ScopedRelatedField
from trellis.episodes import services
from trellis.episodes.choices import DischargeReason, EnrollmentEndReason, LevelOfCare
from trellis.episodes.models import Enrollment, Episode
from trellis.privacy import audit, outside_api, part2
from trellis.privacy.part2 import InfoKind
from trellis.programs.models import Phase, Program, Track


class VisibleEpisodeField(ScopedRelatedField):
    def scope(self, user: Any) -> Any:
        return Episode.objects.visible_to(user).select_related("client")


class UserProgramField(ScopedRelatedField):
    def scope(self, user: Any) -> Any:
        return Program.objects.filter(pk__in=user.program_ids())


class UserTrackField(ScopedRelatedField):
    def scope(self, user: Any) -> Any:
        return Track.objects.filter(site_id__in=user.site_ids(), program_id__in=user.program_ids())


class UserPhaseField(ScopedRelatedField):
    def scope(self, user: Any) -> Any:
        return Phase.objects.filter(program_id__in=user.program_ids())


class ColleagueField(ScopedRelatedField):
    def scope(self, user: Any) -> Any:
        mine = User.objects.filter(organization_id=user.organization_id, is_active=True)
        return mine.filter(sites__in=user.site_ids()).distinct()


def _labels(program: Program) -> list[str]:
    """HL7 confidentiality and policy labels for a Part 2 program's records (42 CFR Part 2; REFERENCE.md s5)."""
    return list(part2.SECURITY_LABELS) if program.part2 else []


def _reads_clinical(serializer: serializers.Serializer[Any]) -> bool:
    user = getattr(serializer.context.get("request"), "user", None)
    return bool(user is not None and user.can(Capability.VIEW_CLINICAL))


class EnrollmentSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    episode = serializers.UUIDField(source="episode_id")
    client = serializers.UUIDField(source="episode.client_id")
    client_name = serializers.CharField(source="episode.client.display_name")
    track = serializers.UUIDField(source="track_id")
    track_name = serializers.CharField(source="track.name")
    phase = serializers.UUIDField(source="phase_id")
    phase_number = serializers.IntegerField(source="phase.number")
    days_per_week = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()
    security_labels = serializers.SerializerMethodField(
        help_text='["R", "42CFRPart2"] for records of a 42 CFR Part 2 program, else empty.'
    )

    def get_security_labels(self, enrollment: Enrollment) -> list[str]:
        return _labels(enrollment.episode.program)


class LevelOfCareChangeSerializer(serializers.Serializer[Any]):
    level = serializers.CharField()
    effective_on = serializers.DateField()
    reason = serializers.CharField()


class EpisodeSerializer(outside_api.ReleaseMetadataFields):
    id = serializers.UUIDField()
    client = serializers.UUIDField(source="client_id")
    client_name = serializers.CharField(source="client.display_name")
    program = serializers.UUIDField(source="program_id")
    program_name = serializers.CharField(source="program.name")
    admitted_on = serializers.DateField()
    primary_clinician = serializers.IntegerField(source="primary_clinician_id", allow_null=True)
    discharged_on = serializers.DateField(allow_null=True)
    discharge_reason = serializers.IntegerField(allow_null=True)
    # Every reader, staff or outside system, sees the labels: computed from the episode's program.
    security_labels = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text='["R", "42CFRPart2"] for records of a 42 CFR Part 2 program, else empty.'
    )

    def get_security_labels(self, episode: Episode) -> list[str]:
        return _labels(episode.program)


class EpisodeDetailSerializer(EpisodeSerializer):
    discharge_summary = serializers.SerializerMethodField(
        help_text="Clinical narrative: null for a role that may not read clinical records (minimum necessary)."
    )
    level_changes = LevelOfCareChangeSerializer(many=True)
    enrollments = EnrollmentSerializer(many=True)

    def get_discharge_summary(self, episode: Episode) -> str | None:
        return episode.discharge_summary if _reads_clinical(self) else None


EPISODE_RELATED = ("client", "program")
# What an episode shows an outside system: who, the dates of care, and how and why it ended.
EPISODE_INFORMATION = (InfoKind.IDENTITY, InfoKind.ATTENDANCE, InfoKind.DISCHARGE)
ENROLLMENT_RELATED = ("episode__client", "episode__program", "track", "phase")


def _episode_detail(*, user: Any, pk: Any) -> Episode:
    episodes = (
        Episode.objects.visible_to(user)
        .select_related(*EPISODE_RELATED)
        .prefetch_related(
            "level_changes",
            "enrollments__track",
            "enrollments__phase",
            "enrollments__episode__client",
            "enrollments__episode__program",
        )
    )
    episode: Episode = get_object_or_404(episodes, pk=pk)
    return episode


def _enrollment_detail(*, user: Any, pk: Any) -> Enrollment:
    enrollments = Enrollment.objects.visible_to(user).select_related(*ENROLLMENT_RELATED)
    enrollment: Enrollment = get_object_or_404(enrollments, pk=pk)
    return enrollment


class EpisodeListApi(APIView):
    pagination_class = Pagination
    outside_information = EPISODE_INFORMATION

    class EpisodeFilterSerializer(serializers.Serializer[Any]):
        client = serializers.UUIDField(required=False)
        open = serializers.BooleanField(required=False, allow_null=True, default=None)

    class EpisodeAdmitInputSerializer(serializers.Serializer[Any]):
        client = VisibleClientField(queryset=Client.objects.all())
        program = UserProgramField(queryset=Program.objects.all())
        admitted_on = serializers.DateField()
        level = serializers.ChoiceField(LevelOfCare.choices, default=LevelOfCare.IOP)
        reason = serializers.CharField(max_length=200, default="Admission")
        primary_clinician = ColleagueField(queryset=User.objects.all(), required=False, allow_null=True)

    @extend_schema(
        parameters=[EpisodeFilterSerializer, *outside_api.RESPONSE_HEADERS],
        responses=EpisodeSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = self.EpisodeFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        episodes = Episode.objects.visible_to(request.user).select_related(*EPISODE_RELATED)
        if "client" in filters.validated_data:
            episodes = episodes.filter(client_id=filters.validated_data["client"])
        if filters.validated_data["open"] is not None:
            episodes = episodes.filter(discharged_on__isnull=filters.validated_data["open"])
        system = outside_api.system_of(request)
        context = None
        if system is not None:  # an outside system sees only the clients whose consent covers it
            candidates = episodes.values_list("client_id", flat=True).distinct()
            context, allowed = outside_api.consented(
                system, client_ids=candidates, information=EPISODE_INFORMATION
            )
            episodes = episodes.filter(client_id__in=allowed)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(episodes.order_by("-admitted_on", "id"), request, self) or []
        data = EpisodeSerializer(page, many=True).data
        client_ids = [e.client_id for e in page]
        if system is None:
            audit.record_views(actor=request.user, client_ids=client_ids, detail="api episodes list")
            return paginator.get_paginated_response(data)
        releases = outside_api.release(
            system,
            client_ids=client_ids,
            information=EPISODE_INFORMATION,
            description="API episode list",
            context=context,
        )
        return outside_api.attach(paginator.get_paginated_response(data), list(data), client_ids, releases)

    @extend_schema(request=EpisodeAdmitInputSerializer, responses={201: EpisodeDetailSerializer})
    def post(self, request: Request) -> Response:
        require(request.user, Capability.MANAGE_ENROLLMENT)
        serializer = self.EpisodeAdmitInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        episode = services.admit_client(admitted_by=request.user, **serializer.validated_data)
        detail = EpisodeDetailSerializer(
            _episode_detail(user=request.user, pk=episode.pk), context={"request": request}
        )
        return Response(detail.data, status=status.HTTP_201_CREATED)


class EpisodeDetailApi(APIView):
    outside_information = EPISODE_INFORMATION

    @extend_schema(parameters=outside_api.RESPONSE_HEADERS, responses=EpisodeDetailSerializer)
    def get(self, request: Request, pk: Any) -> Response:
        episode = _episode_detail(user=request.user, pk=pk)
        system = outside_api.system_of(request)
        if system is not None:
            releases = outside_api.release(
                system,
                client_ids=[episode.client_id],
                information=EPISODE_INFORMATION,
                description="API episode record",
            )
            data = EpisodeDetailSerializer(episode).data
            return outside_api.attach(Response(data), [data], [episode.client_id], releases)
        audit.record(
            actor=request.user,
            action=audit.Action.VIEW,
            client_id=episode.client_id,
            obj=episode,
            detail="api episode",
        )
        return Response(EpisodeDetailSerializer(episode, context={"request": request}).data)


def _discharge_answers(data: dict[str, Any]) -> dict[str, Any]:
    """The API's medication decisions under the names the discharge steps ask them by (see the form)."""
    answers: dict[str, Any] = {f"medication_{pk}": decision for pk, decision in data["medications"].items()}
    answers["medication_handover_to"] = data["medication_handover_to"]
    return answers


class EpisodeDischargeApi(APIView):
    class EpisodeDischargeInputSerializer(serializers.Serializer[Any]):
        discharged_on = serializers.DateField()
        discharge_reason = serializers.ChoiceField(DischargeReason.choices)
        summary = serializers.CharField(required=False, allow_blank=True, default="")
        medications = serializers.DictField(
            child=serializers.CharField(),
            required=False,
            default=dict,
            help_text="Each current medication's id: continue, stop or hand_over.",
        )
        medication_handover_to = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=EpisodeDischargeInputSerializer, responses=EpisodeDetailSerializer)
    def post(self, request: Request, pk: Any) -> Response:
        episode = _episode_detail(user=request.user, pk=pk)
        require(request.user, Capability.MANAGE_ENROLLMENT)
        serializer = self.EpisodeDischargeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.discharge_client(
            episode=episode,
            discharged_on=serializer.validated_data["discharged_on"],
            reason=serializer.validated_data["discharge_reason"],
            summary=serializer.validated_data["summary"],
            discharged_by=request.user,
            answers=_discharge_answers(serializer.validated_data),
        )
        episode = _episode_detail(user=request.user, pk=pk)
        return Response(EpisodeDetailSerializer(episode, context={"request": request}).data)


class EnrollmentListApi(APIView):
    pagination_class = Pagination

    class EnrollmentFilterSerializer(serializers.Serializer[Any]):
        episode = serializers.UUIDField(required=False)
        client = serializers.UUIDField(required=False)
        track = serializers.UUIDField(required=False)
        current = serializers.BooleanField(required=False, allow_null=True, default=None)

    class EnrollInputSerializer(serializers.Serializer[Any]):
        episode = VisibleEpisodeField(queryset=Episode.objects.all())
        track = UserTrackField(queryset=Track.objects.all())
        phase = UserPhaseField(queryset=Phase.objects.all())
        starts_on = serializers.DateField()
        ends_on = serializers.DateField(required=False, allow_null=True)

    @extend_schema(parameters=[EnrollmentFilterSerializer], responses=EnrollmentSerializer(many=True))
    def get(self, request: Request) -> Response:
        filters = self.EnrollmentFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        enrollments = Enrollment.objects.visible_to(request.user).select_related(*ENROLLMENT_RELATED)
        if "episode" in wanted:
            enrollments = enrollments.filter(episode_id=wanted["episode"])
        if "client" in wanted:
            enrollments = enrollments.filter(episode__client_id=wanted["client"])
        if "track" in wanted:
            enrollments = enrollments.filter(track_id=wanted["track"])
        if wanted["current"] is not None:
            enrollments = enrollments.filter(ends_on__isnull=wanted["current"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(enrollments.order_by("starts_on", "id"), request, self) or []
        client_ids = [e.episode.client_id for e in page]
        audit.record_views(actor=request.user, client_ids=client_ids, detail="api enrollments list")
        return paginator.get_paginated_response(EnrollmentSerializer(page, many=True).data)

    @extend_schema(request=EnrollInputSerializer, responses={201: EnrollmentSerializer})
    def post(self, request: Request) -> Response:
        require(request.user, Capability.MANAGE_ENROLLMENT)
        serializer = self.EnrollInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        enrollment = services.enroll_client(enrolled_by=request.user, **serializer.validated_data)
        detail = EnrollmentSerializer(_enrollment_detail(user=request.user, pk=enrollment.pk))
        return Response(detail.data, status=status.HTTP_201_CREATED)


class EnrollmentDetailApi(APIView):
    @extend_schema(responses=EnrollmentSerializer)
    def get(self, request: Request, pk: Any) -> Response:
        enrollment = _enrollment_detail(user=request.user, pk=pk)
        audit.record(
            actor=request.user,
            action=audit.Action.VIEW,
            client_id=enrollment.episode.client_id,
            obj=enrollment,
            detail="api enrollment",
        )
        return Response(EnrollmentSerializer(enrollment).data)


class EnrollmentChangeApi(APIView):
    """A step-down, step-up or change of track: the current enrollment ends and a new one starts."""

    class EnrollmentChangeInputSerializer(serializers.Serializer[Any]):
        track = UserTrackField(queryset=Track.objects.all())
        phase = UserPhaseField(queryset=Phase.objects.all())
        starts_on = serializers.DateField()
        reason = serializers.ChoiceField(
            [(c.value, c.label) for c in EnrollmentEndReason if c != EnrollmentEndReason.DISCHARGED]
        )

    @extend_schema(request=EnrollmentChangeInputSerializer, responses={201: EnrollmentSerializer})
    def post(self, request: Request, pk: Any) -> Response:
        current = _enrollment_detail(user=request.user, pk=pk)
        require(request.user, Capability.MANAGE_ENROLLMENT)
        serializer = self.EnrollmentChangeInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        if current.ends_on is not None:
            raise ValidationError({"enrollment": ["This enrollment has ended; change the current one."]})
        enrollment = services.change_enrollment(
            episode=current.episode, changed_by=request.user, **serializer.validated_data
        )
        detail = EnrollmentSerializer(_enrollment_detail(user=request.user, pk=enrollment.pk))
        return Response(detail.data, status=status.HTTP_201_CREATED)
