"""REST API for measures: stateless scoring for integrations, and a client's responses (scoped, audited)."""

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.clients.fields import VisibleClientField
from trellis.clients.models import Client
from trellis.core.api import Pagination
from trellis.measures import selectors, services
from trellis.measures.choices import Source
from trellis.measures.instrument_data import instrument_codes
from trellis.privacy import audit


class FlagSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    message = serializers.CharField()
    urgent = serializers.BooleanField()


class ScoreSerializer(serializers.Serializer[Any]):
    instrument = serializers.CharField()
    total = serializers.IntegerField(allow_null=True)
    band = serializers.CharField(allow_null=True)
    subscales = serializers.DictField(child=serializers.IntegerField())
    flags = FlagSerializer(many=True)
    is_urgent = serializers.BooleanField()


class AnswersInputSerializer(serializers.Serializer[Any]):
    instrument = serializers.ChoiceField(choices=[])
    # Raw JSON: the scoring module checks each answer itself, so its errors name the 1-based item.
    answers = serializers.JSONField(
        help_text="One answer per item, in item order: an integer option value, or null for an item the "
        "form skipped (C-SSRS questions 3-5 when question 2 is no)."
    )
    sex = serializers.ChoiceField(
        choices=["female", "male"],
        required=False,
        allow_null=True,
        default=None,
        help_text="Needed where the cut-offs depend on it (AUDIT-C).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = list(instrument_codes())  # type: ignore[attr-defined]


def answer_error(error: ValidationError) -> dict[str, Any]:
    """The service's refusal as a 400 body: {"answers": ["PHQ-9 item 4 is missing an answer"], "item": 4}."""
    body: dict[str, Any] = dict(error.message_dict)
    for wrapped in getattr(error, "error_dict", {}).get("answers", []):
        item = (wrapped.params or {}).get("item")
        if item is not None:
            body["item"] = item
    return body


SCORE_EXAMPLES = [
    OpenApiExample(
        "PHQ-9", value={"instrument": "phq9", "answers": [1, 2, 0, 1, 3, 0, 1, 0, 1]}, request_only=True
    ),
    OpenApiExample(
        "AUDIT-C", value={"instrument": "auditc", "answers": [2, 1, 0], "sex": "female"}, request_only=True
    ),
]


class ScoreApi(APIView):
    """Score answers without storing anything: no client, no audit event, for any signed-in user."""

    @extend_schema(
        request=AnswersInputSerializer,
        responses={200: ScoreSerializer},
        examples=SCORE_EXAMPLES,
        description="Score a standardized instrument exactly as published. Incomplete or out-of-range "
        'answers are refused with a 400 that names the item: {"answers": ["PHQ-9 item 4 is missing an '
        'answer"], "item": 4}.',
    )
    def post(self, request: Request) -> Response:
        data = AnswersInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = services.score_answers(**data.validated_data)
        except ValidationError as error:
            return Response(answer_error(error), status=status.HTTP_400_BAD_REQUEST)
        return Response(ScoreSerializer(result.as_dict()).data)


class MeasureResponseSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    client = serializers.UUIDField(source="client_id")
    episode = serializers.UUIDField(source="episode_id", allow_null=True)
    instrument = serializers.CharField()
    answers = serializers.JSONField()
    total = serializers.IntegerField(allow_null=True)
    band = serializers.CharField()
    subscales = serializers.DictField(child=serializers.IntegerField())
    flags = FlagSerializer(many=True)
    administered_at = serializers.DateTimeField()
    administered_by = serializers.IntegerField(source="administered_by_id")
    reported_by = serializers.CharField(source="source", help_text="staff, or client for a self-report")
    safety_tasks = serializers.SerializerMethodField()

    def get_safety_tasks(self, response: Any) -> list[str]:
        return [str(task.pk) for task in response.safety_tasks.all()]


class MeasureResponseListApi(APIView):
    pagination_class = Pagination

    class FilterSerializer(serializers.Serializer[Any]):
        client = serializers.UUIDField(required=False)
        instrument = serializers.CharField(required=False, max_length=40)

    class InputSerializer(AnswersInputSerializer):
        client = VisibleClientField(queryset=Client.objects.all())
        administered_at = serializers.DateTimeField(required=False, default=None)
        reported_by = serializers.ChoiceField(choices=Source.choices, default=Source.STAFF)

    @extend_schema(parameters=[FilterSerializer], responses=MeasureResponseSerializer(many=True))
    def get(self, request: Request) -> Response:
        require(request.user, Capability.VIEW_CLINICAL)
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        responses = selectors.visible_responses(user=request.user).prefetch_related("safety_tasks")
        if "client" in filters.validated_data:
            responses = responses.filter(client_id=filters.validated_data["client"])
        if "instrument" in filters.validated_data:
            responses = responses.filter(instrument=filters.validated_data["instrument"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(responses.order_by("-administered_at", "id"), request, self) or []
        audit.record_views(actor=request.user, client_ids=[r.client_id for r in page], detail="api measures")
        return paginator.get_paginated_response(MeasureResponseSerializer(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: MeasureResponseSerializer})
    def post(self, request: Request) -> Response:
        require(request.user, Capability.VIEW_CLINICAL)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["source"] = fields.pop("reported_by")
        try:
            response = services.record_measure(administered_by=request.user, **fields)
        except ValidationError as error:
            return Response(answer_error(error), status=status.HTTP_400_BAD_REQUEST)
        return Response(MeasureResponseSerializer(response).data, status=status.HTTP_201_CREATED)
