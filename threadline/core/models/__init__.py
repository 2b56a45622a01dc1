from .audit import AuditAction, AuditEvent
from .calendars import ExtraBankHoliday
from .drafts import Draft
from .organisations import Nation, Organisation, OrganisationType
from .people import Membership, Role, User
from .sharing import OrganisationScoped, Share

__all__ = [
    "AuditAction",
    "AuditEvent",
    "Draft",
    "ExtraBankHoliday",
    "Membership",
    "Nation",
    "Organisation",
    "OrganisationScoped",
    "OrganisationType",
    "Role",
    "Share",
    "User",
]
