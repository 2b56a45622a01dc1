"""Forms of the requests page: asking agencies for their chronologies, changing a request and
withdrawing one. The rules are the service's, which names every problem."""

from django import forms

from threadline.core.govuk_forms import GovukDateField

from .domain.requests import MAX_NOTE, MAX_REASON


def _date(label: str, hint: str, for_errors: str) -> GovukDateField:
    return GovukDateField(label=label, required=False, help_text=hint, label_for_errors=for_errors)


def _text(label: str, hint: str, limit: int, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows, "spellcheck": "true"}),
        error_messages={"max_length": f"{label.split(' (')[0]} must be {limit:,} characters or fewer"},
    )


class PeriodAndDueForm(forms.Form):
    period_from = _date(
        "The chronology starts from",
        "Usually three years before the incident. For example, 1 3 2022",
        "the start of the period",
    )
    period_to = _date(
        "The chronology runs to",
        "Usually the day of the incident; later if the response after it matters. For example, 1 3 2025",
        "the end of the period",
    )
    due_on = _date(
        "Due date",
        "20 working days from today unless you choose another working day. The agency is reminded "
        "two working days before and the day after it is missed.",
        "the due date",
    )
    note = _text(
        "What the review asks of the agency (optional)",
        "For example, which records to search or who to contact with questions. Do not name the child.",
        MAX_NOTE,
    )


class AgencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class RequestForm(PeriodAndDueForm):
    """Which agencies are asked, then the period, the due date and the note for all of them."""

    field_order = ["agencies", "other_agency", "period_from", "period_to", "due_on", "note"]

    def __init__(self, *args, involved, to_ask, others, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"] = AgencyChoiceField(
            label="Agencies involved with the child",
            # Checked against every agency involved, so one asked in the meantime is named by
            # the service rather than called "not in the list".
            queryset=involved,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="The agencies on the review's team page not yet asked. Select all that apply.",
            error_messages={
                "invalid_choice": "Choose agencies from the list",
                "invalid_pk_value": "Choose agencies from the list",
            },
        )
        self.fields["agencies"].choices = [(agency.pk, agency.name) for agency in to_ask]
        self.fields["other_agency"] = forms.ModelChoiceField(
            label="Another agency (optional)",
            queryset=others,
            required=False,
            empty_label="No other agency",
            help_text="An agency the team page does not list.",
            error_messages={"invalid_choice": "Choose an agency from the list"},
        )
        self.order_fields(self.field_order)


class WithdrawForm(forms.Form):
    reason = _text(
        "Why is the request being withdrawn?",
        "For example, “The agency had no contact with the child in the period”. The reason stays "
        "with the request.",
        MAX_REASON,
    )
