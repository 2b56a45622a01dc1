"""Incidents over the API: what a partner system reads and what it sends to notify one.

The child appears as their pseudonym and characteristics only: their name, date of birth
and identifiers are never in a response (they are shown only on the page, to people with a
need, and each look is audited).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from threadline.frameworks.domain.rules import describe_deadline
from threadline.incidents.models import (
    Category,
    Child,
    ClockPause,
    DeadlineDelay,
    Ethnicity,
    Incident,
    IncidentStatus,
    ServiceStatus,
    Sex,
    ToldParty,
    WhoWasTold,
    YesNoUnknown,
)

# The same limits as the notification pages (threadline/incidents/forms_notify.py).
MAX_NAME = 200
MAX_IDENTIFIERS = 500
MAX_LONG_TEXT = 20000
MAX_TOLD_DETAIL = 300


# --- what is read


class FrameworkRefSerializer(serializers.Serializer):
    key = serializers.CharField(source="framework.key")
    name = serializers.CharField(source="framework.name")
    version = serializers.IntegerField(
        source="number", help_text="The framework version the incident is pinned to"
    )
    version_id = serializers.IntegerField(source="pk")


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CriterionRefSerializer(serializers.Serializer):
    key = serializers.CharField()
    group = serializers.CharField(help_text="The criteria list it is on, e.g. mandatory")
    category = serializers.CharField()
    text = serializers.CharField()


class ChildSerializer(serializers.ModelSerializer):
    """The child as everyone but those with a need sees them."""

    class Meta:
        model = Child
        fields = ["pseudonym", "sex", "ethnicity", "care_experienced", "placed_out_of_area", "disability"]


class DeadlineSerializer(serializers.Serializer):
    """Where one deadline stands today (on the lead organisation's working-day calendar)."""

    due = serializers.DateField(help_text="After pauses and the latest delay")
    original_due = serializers.DateField(help_text="As the rule set it, before pauses and delays")
    state = serializers.ChoiceField(choices=["due", "done", "late", "done_late", "paused"])
    working_days_left = serializers.IntegerField(allow_null=True)
    working_days_late = serializers.IntegerField(allow_null=True)
    paused = serializers.BooleanField()
    delayed = serializers.BooleanField()
    delay_reason = serializers.CharField(allow_null=True)


class TimelineRowSerializer(serializers.Serializer):
    stage = serializers.CharField(help_text="The stage's key in its framework version")
    name = serializers.CharField()
    order = serializers.IntegerField()
    optional = serializers.BooleanField()
    completed_by = serializers.ListField(child=serializers.CharField(), help_text="Roles that complete it")
    deadline_rule = serializers.CharField(allow_null=True, help_text="The rule in words; null if none")
    state = serializers.ChoiceField(
        choices=["due", "done", "late", "done_late", "paused", "waiting", "no-deadline"],
        help_text="waiting: the event it runs from has no date yet",
    )
    starts_on = serializers.DateField(allow_null=True)
    done_on = serializers.DateField(allow_null=True)
    deadline = DeadlineSerializer(allow_null=True)
    outer_limit = DeadlineSerializer(
        allow_null=True, help_text="For a timescale given as a range (6-9 months)"
    )


def _deadline(status) -> dict | None:
    if status is None:
        return None
    return {
        "due": status.due,
        "original_due": status.original_due,
        "state": str(status.state),
        "working_days_left": status.working_days_left,
        "working_days_late": status.working_days_late,
        "paused": status.paused,
        "delayed": status.delayed,
        "delay_reason": status.delay_reason,
    }


def timeline_data(rows) -> list[dict]:
    names = {row.stage.key: row.stage.name for row in rows}
    return [
        {
            "stage": row.stage.key,
            "name": row.stage.name,
            "order": row.stage.order,
            "optional": row.stage.optional,
            "completed_by": list(row.stage.completed_by),
            "deadline_rule": (
                describe_deadline(row.stage.rule, row.stage.outer_limit, row.stage.runs_from, names)
                if row.stage.rule
                else None
            ),
            "state": row.state,
            "starts_on": row.starts_on,
            "done_on": row.done_on,
            "deadline": _deadline(row.status),
            "outer_limit": _deadline(row.outer_limit),
        }
        for row in rows
    ]


class NextDeadlineSerializer(serializers.Serializer):
    stage = serializers.CharField()
    name = serializers.CharField()
    due = serializers.DateField()
    state = serializers.CharField()


class IncidentSummarySerializer(serializers.ModelSerializer):
    """An incident in a list. `context["standings"]` maps incident pk to its deadlines."""

    framework = FrameworkRefSerializer(source="framework_version")
    lead_organisation = OrganisationRefSerializer()
    child = ChildSerializer()
    criterion = CriterionRefSerializer()
    overdue = serializers.SerializerMethodField(help_text="A deadline has passed without its stage done")
    next_deadline = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = [
            "id",
            "reference",
            "status",
            "framework",
            "lead_organisation",
            "child",
            "category",
            "criterion",
            "notification_kind",
            "occurred_at",
            "notified_at",
            "eligible",
            "overdue",
            "next_deadline",
        ]

    def _standing(self, incident):
        return self.context["standings"][incident.pk]

    def get_overdue(self, incident) -> bool:
        return bool(self._standing(incident).overdue)

    @extend_schema_field(NextDeadlineSerializer(allow_null=True))
    def get_next_deadline(self, incident):
        row = self._standing(incident).next_due
        if row is None:
            return None
        return {"stage": row.stage.key, "name": row.stage.name, "due": row.status.due, "state": row.state}


class EligibilitySerializer(serializers.Serializer):
    eligible = serializers.BooleanField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    overridden = serializers.BooleanField()
    override_rationale = serializers.CharField(allow_blank=True)


class WhoWasToldSerializer(serializers.ModelSerializer):
    class Meta:
        model = WhoWasTold
        fields = ["party", "told_on", "detail"]


class PauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClockPause
        fields = ["reason", "started_on", "ended_on"]


class DelaySerializer(serializers.ModelSerializer):
    stage = serializers.CharField(source="stage.key")

    class Meta:
        model = DeadlineDelay
        fields = ["stage", "reason", "revised_due", "recorded_on"]


class IncidentDetailSerializer(IncidentSummarySerializer):
    """One incident with every deadline. `context["standings"]` as for the summary."""

    eligibility = serializers.SerializerMethodField()
    merged_into = serializers.SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)
    told = WhoWasToldSerializer(many=True)
    pauses = PauseSerializer(many=True)
    delays = DelaySerializer(many=True)
    timeline = serializers.SerializerMethodField()

    class Meta(IncidentSummarySerializer.Meta):
        fields = [
            *IncidentSummarySerializer.Meta.fields,
            "status_with_service",
            "case_closed_on",
            "aware_at",
            "what_happened",
            "immediate_actions",
            "eligibility",
            "merged_into",
            "told",
            "pauses",
            "delays",
            "timeline",
        ]

    @extend_schema_field(EligibilitySerializer)
    def get_eligibility(self, incident):
        return {
            "eligible": incident.eligible,
            "reasons": list(incident.eligibility_reasons),
            "overridden": incident.eligibility_overridden,
            "override_rationale": incident.eligibility_override_rationale,
        }

    @extend_schema_field(TimelineRowSerializer(many=True))
    def get_timeline(self, incident):
        return TimelineRowSerializer(timeline_data(self._standing(incident).rows), many=True).data


# --- what is sent to notify one


class ChildInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=MAX_NAME)
    date_of_birth = serializers.DateField()
    identifiers = serializers.CharField(
        max_length=MAX_IDENTIFIERS, required=False, allow_blank=True, default=""
    )
    sex = serializers.ChoiceField(choices=Sex.choices)
    ethnicity = serializers.ChoiceField(choices=Ethnicity.choices)
    care_experienced = serializers.ChoiceField(choices=YesNoUnknown.choices)
    placed_out_of_area = serializers.ChoiceField(choices=YesNoUnknown.choices)
    disability = serializers.ChoiceField(choices=YesNoUnknown.choices)

    def validate_full_name(self, value):
        name = " ".join(value.split())
        if not name:
            raise serializers.ValidationError("Enter the child's full name")
        return name


class ToldInputSerializer(serializers.Serializer):
    party = serializers.ChoiceField(choices=ToldParty.choices)
    told_on = serializers.DateField()
    detail = serializers.CharField(max_length=MAX_TOLD_DETAIL, required=False, allow_blank=True, default="")


class IncidentCreateSerializer(serializers.Serializer):
    """A notification. Give the framework by `framework` (its key: the version new
    notifications use) or by `framework_version` (the id of a published version)."""

    framework = serializers.SlugField(required=False, help_text="e.g. yjs-serious-incident-review")
    framework_version = serializers.IntegerField(required=False, min_value=1)
    organisation = serializers.IntegerField(
        required=False, help_text="The notifying organisation's id; optional if you notify for only one"
    )
    child = ChildInputSerializer()
    status_with_service = serializers.ChoiceField(choices=ServiceStatus.choices)
    case_closed_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Needed when the case has closed"
    )
    occurred_at = serializers.DateTimeField(
        help_text="When the incident happened; without an offset, London time"
    )
    aware_at = serializers.DateTimeField(help_text="When the service became aware of it")
    category = serializers.ChoiceField(choices=Category.choices)
    criterion = serializers.SlugField(
        help_text="The criterion's key, from the framework's notification lists"
    )
    criterion_group = serializers.SlugField(
        required=False, help_text="The list the criterion is on, if its key is on more than one"
    )
    what_happened = serializers.CharField(max_length=MAX_LONG_TEXT)
    immediate_actions = serializers.CharField(max_length=MAX_LONG_TEXT)
    told = ToldInputSerializer(many=True, required=False, default=list)
    not_a_duplicate = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Set after checking the likely duplicates a 409 listed: this is a different incident",
    )


class IncidentListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=IncidentStatus.choices, required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    framework = serializers.SlugField(required=False)


class DuplicateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    lead_organisation = serializers.CharField(source="lead_organisation.name")
    occurred_at = serializers.DateTimeField()


class ErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ErrorsSerializer(serializers.Serializer):
    errors = ErrorSerializer(many=True)


class DuplicatesFoundSerializer(ErrorsSerializer):
    duplicates = DuplicateSerializer(many=True)
