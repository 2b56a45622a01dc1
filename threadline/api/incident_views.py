"""Incidents over the API: list, read and notify, with the pages' policies and audit.

GET  /api/v1/incidents?status=open&overdue=true&framework=<key>
GET  /api/v1/incidents/<id>            (404 for an incident of another organisation)
POST /api/v1/incidents                 (Idempotency-Key header: a retry answers 200
                                        with the same incident instead of 201; the same
                                        key with a different body answers 422)
"""

import hashlib
import json
import uuid

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from threadline.core.fields import blind_index
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.frameworks import selectors as framework_selectors
from threadline.incidents import policies, selectors
from threadline.incidents.domain.notification import (
    CriterionChoice,
    criteria_for_category,
    notification_groups,
)
from threadline.incidents.overview import standings
from threadline.incidents.services import (
    IncidentRuleError,
    NotificationDetails,
    SubmissionKeyReused,
    incident_notify,
)

from .incident_serializers import (
    DuplicateSerializer,
    DuplicatesFoundSerializer,
    ErrorsSerializer,
    IncidentCreateSerializer,
    IncidentDetailSerializer,
    IncidentListQuerySerializer,
    IncidentSummarySerializer,
)
from .permissions import policy_permission

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_IDEMPOTENCY_KEY = 200
# A service error's field, as the request body names it.
REQUEST_FIELDS = {
    "full_name": "child.full_name",
    "date_of_birth": "child.date_of_birth",
    "identifiers": "child.identifiers",
    "version": "framework_version",
}


KEY_REUSED = (
    "This Idempotency-Key was already used with a different notification: use a new key for a new "
    "notification, or send exactly the same body again to get the incident the first one made"
)


class IdempotencyKeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"

    def __init__(self):
        super().__init__({IDEMPOTENCY_HEADER: [KEY_REUSED]})


def _body_fingerprint(data) -> str:
    """A hash of the request body as parsed, so that key order and spacing do not matter."""
    if hasattr(data, "getlist"):  # a form-encoded body
        data = {key: data.getlist(key) for key in data}
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _rule_error(field: str | None, message: str) -> ValidationError:
    return ValidationError({REQUEST_FIELDS.get(field or "", field or "non_field_errors"): [message]})


def _detail(incident) -> dict:
    today = timezone.localdate()
    by_pk = {s.incident.pk: s for s in standings([incident], today=today)}
    return IncidentDetailSerializer(incident, context={"standings": by_pk}).data


def _submission_key(actor, header: str) -> str:
    """A client's Idempotency-Key, scoped to the person or system sending it, so that two
    partners choosing the same key never meet."""
    digest = hashlib.sha256(f"{actor.pk}:{header}".encode()).hexdigest()
    return f"api-{digest[:56]}"


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Any unique string (up to 200 characters), e.g. a UUID. Sending the same notification again "
        "with the same key answers 200 with the incident the first request made, instead of making another."
    ),
)


class IncidentListView(generics.GenericAPIView):
    """Incidents the caller's organisations lead or take part in, newest notification first."""

    permission_classes = [policy_permission(policies.can_list_incidents)]
    serializer_class = IncidentSummarySerializer
    queryset = None

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method == "POST":
            permissions.append(policy_permission(policies.can_notify_anywhere)())
        return permissions

    @extend_schema(
        operation_id="incidents_list",
        parameters=[IncidentListQuerySerializer],
        responses={200: IncidentSummarySerializer(many=True), 400: ErrorsSerializer},
    )
    def get(self, request):
        query = IncidentListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        incidents = selectors.incidents_visible_to(request.user).order_by("-notified_at", "-pk")
        if wanted.get("status"):
            incidents = incidents.filter(status=wanted["status"])
        if wanted.get("framework"):
            incidents = incidents.filter(framework_version__framework__key=wanted["framework"])
        today = timezone.localdate()
        if wanted.get("overdue") is None:
            page = self.paginate_queryset(incidents)
            by_pk = {s.incident.pk: s for s in standings(page, today=today)}
        else:
            # Overdue is a question for the working-day calendar, not the database.
            items = [s for s in standings(incidents, today=today) if bool(s.overdue) == wanted["overdue"]]
            chosen = self.paginate_queryset(items)
            by_pk = {s.incident.pk: s for s in chosen}
            page = [s.incident for s in chosen]
        data = IncidentSummarySerializer(page, many=True, context={"standings": by_pk}).data
        return self.get_paginated_response(data)

    @extend_schema(
        operation_id="incidents_create",
        request=IncidentCreateSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            201: OpenApiResponse(IncidentDetailSerializer, description="Notified"),
            200: OpenApiResponse(
                IncidentDetailSerializer,
                description="The same Idempotency-Key was sent before: that incident",
            ),
            400: OpenApiResponse(ErrorsSerializer, description="Bad input, each error with its field"),
            409: OpenApiResponse(
                DuplicatesFoundSerializer,
                description="Likely the same incident as one already notified; resend with not_a_duplicate",
            ),
            422: OpenApiResponse(
                ErrorsSerializer,
                description="The Idempotency-Key was already used with a different body",
            ),
        },
        examples=[
            OpenApiExample(
                "A notification",
                request_only=True,
                value={
                    "framework": "yjs-serious-incident-review",
                    "organisation": 1,
                    "child": {
                        "full_name": "Jayden Morrow",
                        "date_of_birth": "2009-03-14",
                        "identifiers": "CMS-448812",
                        "sex": "male",
                        "ethnicity": "black",
                        "care_experienced": "yes",
                        "placed_out_of_area": "no",
                        "disability": "unknown",
                    },
                    "status_with_service": "open",
                    "occurred_at": "2025-12-17T20:00:00+00:00",
                    "aware_at": "2025-12-18T09:00:00+00:00",
                    "category": "public-protection",
                    "criterion": "gbh-wounding",
                    "what_happened": "…",
                    "immediate_actions": "…",
                    "told": [
                        {"party": "police", "told_on": "2025-12-18", "detail": "Public protection unit"}
                    ],
                },
            )
        ],
    )
    def post(self, request):
        actor = request.user
        header = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if len(header) > MAX_IDEMPOTENCY_KEY:
            raise ValidationError(
                {
                    IDEMPOTENCY_HEADER: [
                        f"The Idempotency-Key must be {MAX_IDEMPOTENCY_KEY} characters or fewer"
                    ]
                }
            )
        submission_key = _submission_key(actor, header) if header else f"api-{uuid.uuid4().hex}"
        fingerprint = _body_fingerprint(request.data) if header else ""
        if header:
            earlier = selectors.incidents_visible_to(actor).filter(submission_key=submission_key).first()
            if earlier is not None:
                if earlier.submission_fingerprint and earlier.submission_fingerprint != fingerprint:
                    raise IdempotencyKeyReused
                audit_record(
                    actor=actor, action=AuditAction.VIEW, target=earlier, detail={"idempotent_replay": True}
                )
                return Response(_detail(earlier), status=status.HTTP_200_OK)

        body = IncidentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        version = _version(data)
        organisation = _organisation(actor, data)
        criterion = _criterion(version, data)
        child = data["child"]
        details = NotificationDetails(
            full_name=child["full_name"],
            date_of_birth=child["date_of_birth"],
            identifiers=child["identifiers"].strip(),
            sex=child["sex"],
            ethnicity=child["ethnicity"],
            care_experienced=child["care_experienced"],
            placed_out_of_area=child["placed_out_of_area"],
            disability=child["disability"],
            status_with_service=data["status_with_service"],
            case_closed_on=data["case_closed_on"],
            occurred_at=data["occurred_at"],
            aware_at=data["aware_at"],
            category=data["category"],
            criterion=criterion,
            what_happened=data["what_happened"].strip(),
            immediate_actions=data["immediate_actions"].strip(),
            told=[(t["party"], t["told_on"], t["detail"].strip()) for t in data["told"]],
        )
        if not data["not_a_duplicate"]:
            duplicates = _duplicates(actor, details)
            if duplicates:
                return Response(
                    {
                        "errors": [
                            {
                                "field": None,
                                "message": "This looks like an incident already notified: check the "
                                "duplicates, or resend with not_a_duplicate set to true",
                            }
                        ],
                        "duplicates": DuplicateSerializer(duplicates, many=True).data,
                    },
                    status=status.HTTP_409_CONFLICT,
                )
        try:
            incident = incident_notify(
                actor=actor,
                organisation=organisation,
                framework_version=version,
                details=details,
                submission_key=submission_key,
                submission_fingerprint=fingerprint,
            )
        except SubmissionKeyReused as error:  # the first request with this key won a race
            raise IdempotencyKeyReused from error
        except IncidentRuleError as error:
            raise _rule_error(error.field, str(error)) from error
        incident = selectors.incident_for(actor, incident.pk)
        response = Response(_detail(incident), status=status.HTTP_201_CREATED)
        response["Location"] = reverse("api:incident_detail", kwargs={"pk": incident.pk})
        return response


def _version(data):
    """The framework version to notify under, from its framework's key or its own id."""
    if data.get("framework_version"):
        version = framework_selectors.versions_for_new_reviews().filter(pk=data["framework_version"]).first()
        if version is None:
            raise _rule_error("framework_version", "Select a published version of a framework")
        if data.get("framework") and version.framework.key != data["framework"]:
            raise _rule_error("framework_version", "That version is not a version of the framework given")
        return version
    if not data.get("framework"):
        raise _rule_error("framework", "Give the framework the incident will follow")
    version = (
        framework_selectors.versions_for_new_reviews()
        .filter(framework__key=data["framework"])
        .order_by("-number")
        .first()
    )
    if version is None:
        raise _rule_error("framework", "Select a framework that is in use")
    return version


def _organisation(actor, data):
    """One of the caller's organisations they may notify for; the same answer whether an
    organisation they may not use exists or not."""
    mine = [o for o in actor.organisations().order_by("name") if policies.can_notify_incident(actor, o)]
    if data.get("organisation") is None:
        if len(mine) == 1:
            return mine[0]
        raise _rule_error("organisation", "Give the id of the organisation notifying the incident")
    chosen = next((o for o in mine if o.pk == data["organisation"]), None)
    if chosen is None:
        raise _rule_error("organisation", "Select an organisation you notify incidents for")
    return chosen


def _criterion(version, data):
    """The criterion from the lists a notification under `version` uses, fitting its category."""
    groups = list(version.criterion_groups.order_by("order").values_list("key", flat=True))
    lists = notification_groups(version.framework.key, groups)
    criteria = framework_selectors.criteria_of(version).filter(key=data["criterion"], group__in=lists)
    if data.get("criterion_group"):
        criteria = criteria.filter(group=data["criterion_group"])
    found = list(criteria)
    if not found:
        raise _rule_error("criterion", "Select a criterion from this framework's notification lists")
    if len(found) > 1:
        raise _rule_error("criterion_group", "That criterion is on more than one list: give criterion_group")
    criterion = found[0]
    choice = CriterionChoice(criterion.pk, criterion.group, criterion.category, criterion.text)
    siblings = [
        CriterionChoice(c.pk, c.group, c.category, c.text)
        for c in framework_selectors.criteria_of(version).filter(group__in=lists)
    ]
    if choice not in criteria_for_category(siblings, data["category"]):
        raise _rule_error("criterion", "Select a criterion that fits the category of the incident")
    return criterion


def _duplicates(actor, details: NotificationDetails):
    match_key = blind_index(details.full_name, details.date_of_birth.isoformat())
    occurred_on = timezone.localtime(details.occurred_at).date()
    return selectors.duplicates_of(actor, child_match_key=match_key, occurred_on=occurred_on)


class IncidentDetailView(APIView):
    """One incident with its whole deadline timeline. Reading it is audited."""

    permission_classes = [policy_permission(policies.can_list_incidents)]

    @extend_schema(
        operation_id="incidents_retrieve",
        responses={
            200: IncidentDetailSerializer,
            404: OpenApiResponse(ErrorsSerializer, description="Not found"),
        },
    )
    def get(self, request, pk):
        incident = selectors.incident_for(request.user, pk)
        audit_record(actor=request.user, action=AuditAction.VIEW, target=incident)
        return Response(_detail(incident))
