from .audit import audit_record
from .calendars import extra_bank_holiday_add, extra_bank_holiday_remove
from .drafts import draft_discard, draft_save, drafts_purge
from .organisations import organisation_create, organisation_update
from .people import (
    person_create,
    person_deactivate,
    person_reactivate,
    person_send_set_up_link,
    person_set_roles,
    person_sign_out_everywhere,
    person_update,
    system_administrator_bootstrap,
)
from .sharing import share_add, share_remove

__all__ = [
    "audit_record",
    "draft_discard",
    "draft_save",
    "drafts_purge",
    "extra_bank_holiday_add",
    "extra_bank_holiday_remove",
    "organisation_create",
    "organisation_update",
    "person_create",
    "person_deactivate",
    "person_reactivate",
    "person_send_set_up_link",
    "person_set_roles",
    "person_sign_out_everywhere",
    "person_update",
    "share_add",
    "share_remove",
    "system_administrator_bootstrap",
]
