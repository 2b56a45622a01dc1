"""Bank holidays: each nation's calendar, the one-off days added to it, and a deadline check."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from .. import calendars, policies
from ..access import policy
from ..calendars import CalendarRuleError
from ..domain.working_days import Nation
from ..forms import DeadlineCheckForm, ExtraBankHolidayForm
from ..services import extra_bank_holiday_add, extra_bank_holiday_remove
from .forms_support import add_rule_error

ADD_PREFIX = "add"
CHECK_PREFIX = "check"


def _calendars_url(nation: str = "") -> str:
    """The page, opened on one nation's tab."""
    return reverse("core:calendar_list") + (f"#{nation}" if nation else "")


@policy(policies.can_manage_calendars)
def calendar_list(request):
    add_form = ExtraBankHolidayForm(request.POST or None, prefix=ADD_PREFIX)
    if request.method == "POST" and add_form.is_valid():
        data = add_form.cleaned_data
        try:
            holiday = extra_bank_holiday_add(
                actor=request.user, nation=data["nation"], date=data["date"], name=data["name"]
            )
        except CalendarRuleError as error:
            add_rule_error(add_form, error)
        else:
            messages.success(
                request,
                f"{holiday.name} added: {calendars.long_date(holiday.date)} is not a working day in "
                f"{holiday.get_nation_display()}",
            )
            return redirect(_calendars_url(holiday.nation))

    asked = any(key.startswith(f"{CHECK_PREFIX}-") for key in request.GET)
    check_form = DeadlineCheckForm(request.GET if asked else None, prefix=CHECK_PREFIX)
    answer = None
    if asked and check_form.is_valid():
        try:
            answer = calendars.deadline_check(**check_form.cleaned_data)
        except CalendarRuleError as error:
            add_rule_error(check_form, error)

    this_year = timezone.localdate().year
    years = (this_year, this_year + 1)
    nations = [
        {
            "nation": nation,
            "added": calendars.extra_bank_holidays(nation),
            "years": [
                {"year": year, "holidays": calendars.published_bank_holidays(nation, year)} for year in years
            ],
        }
        for nation in Nation
    ]
    return render(
        request,
        "core/calendars/list.html",
        {
            "nations": nations,
            "years": years,
            "add_form": add_form,
            "check_form": check_form,
            "answer": answer,
        },
    )


@policy(policies.can_manage_calendars)
def extra_bank_holiday_remove_view(request, pk):
    holiday = calendars.extra_bank_holiday_for(pk)
    if request.method == "POST":
        extra_bank_holiday_remove(actor=request.user, holiday=holiday)
        messages.success(
            request,
            f"{holiday.name} removed: {calendars.long_date(holiday.date)} is a working day again in "
            f"{holiday.get_nation_display()}",
        )
        return redirect(_calendars_url(holiday.nation))
    return render(
        request,
        "core/calendars/remove.html",
        {
            "holiday": holiday,
            "day": calendars.long_date(holiday.date),
            "back": _calendars_url(holiday.nation),
        },
    )
