from .clock import (
    incident_clock_pause,
    incident_clock_resume,
    incident_deadline_delay,
    incident_event_record,
    incident_stage_complete,
)
from .merging import incident_merge
from .notify import IncidentRuleError, NotificationDetails, SubmissionKeyReused, incident_notify
from .records import incident_eligibility_override, incident_identifying_details_view
from .reminders import deadline_reminders_send
from .reopen import incident_stage_reopen  # noqa: F401 — for reviews.services

__all__ = [
    "deadline_reminders_send",
    "IncidentRuleError",
    "NotificationDetails",
    "SubmissionKeyReused",
    "incident_clock_pause",
    "incident_clock_resume",
    "incident_deadline_delay",
    "incident_eligibility_override",
    "incident_event_record",
    "incident_identifying_details_view",
    "incident_merge",
    "incident_notify",
    "incident_stage_complete",
]
