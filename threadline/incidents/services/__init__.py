from .clock import (
    incident_clock_pause,
    incident_clock_resume,
    incident_deadline_delay,
    incident_event_record,
    incident_stage_complete,
)
from .notify import IncidentRuleError, NotificationDetails, incident_notify
from .records import incident_eligibility_override, incident_identifying_details_view, incident_merge
from .reminders import deadline_reminders_send

__all__ = [
    "deadline_reminders_send",
    "IncidentRuleError",
    "NotificationDetails",
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
