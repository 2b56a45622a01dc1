"""One-off non-working days a system administrator adds to a nation's calendar.

A day added here counts at once in every deadline worked out on that nation's calendar
(`threadline.core.calendars.calendar_for_nation`), e.g. a bank holiday announced late.
"""

from datetime import date as Date

from django.db import IntegrityError, transaction

from .. import policies
from ..access import require
from ..calendars import CalendarRuleError, check_extra_day, long_date
from ..domain.working_days import Nation, UnknownNationError, nation_for
from ..models import AuditAction, ExtraBankHoliday
from .audit import audit_record

NAME_MAX_LENGTH = ExtraBankHoliday._meta.get_field("name").max_length

__all__ = ["CalendarRuleError", "extra_bank_holiday_add", "extra_bank_holiday_remove"]


def _nation(value) -> Nation:
    try:
        return nation_for(value)
    except UnknownNationError:
        raise CalendarRuleError("Select the nation whose calendar the day belongs to", field="nation")


def _name(value: str) -> str:
    name = (value or "").strip()
    if not name:
        raise CalendarRuleError("Enter the name of the non-working day", field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise CalendarRuleError(f"The name must be {NAME_MAX_LENGTH} characters or fewer", field="name")
    return name


def extra_bank_holiday_add(*, actor, nation: Nation | str, date: Date, name: str) -> ExtraBankHoliday:
    """Make `date` a non-working day on `nation`'s calendar."""
    require(policies.can_manage_calendars(actor))
    nation = _nation(nation)
    name = _name(name)
    with transaction.atomic():
        check_extra_day(nation, date)
        try:
            with transaction.atomic():
                holiday = ExtraBankHoliday.objects.create(
                    nation=nation.value, date=date, name=name, added_by=actor
                )
        except IntegrityError:  # another administrator added the same day a moment ago
            raise CalendarRuleError(
                f"{long_date(date)} has already been added for {nation.label}", field="date"
            )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=holiday,
            detail={"nation": nation.value, "date": date.isoformat(), "name": name},
        )
    return holiday


def extra_bank_holiday_remove(*, actor, holiday: ExtraBankHoliday) -> ExtraBankHoliday:
    """Make the day a working day again; returns the removed day (without its primary key)."""
    require(policies.can_manage_calendars(actor))
    with transaction.atomic():
        # The audit row names the day, so it is written while the day still has its key.
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            target=holiday,
            detail={"nation": holiday.nation, "date": holiday.date.isoformat(), "name": holiday.name},
        )
        holiday.delete()
    return holiday
