"""The form of the merged chronology's export: the format and the merged page's filters. The
rules are the service's; a link from the merged page carries its filters in the query string
(`initial_from_query`)."""

from datetime import date

from django import forms

from threadline.core.govuk_forms import GovukDateField

from .models import ExportFormat

TRUE_WORDS = {"1", "on", "true", "yes"}


class ExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label="Which format?",
        choices=ExportFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the format of the file"},
    )
    agency = forms.TypedMultipleChoiceField(
        label="Agencies",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked to export every agency. Each agency's chronology is "
        "included as it last submitted it",
        error_messages={"invalid_choice": "Choose only agencies asked for a chronology in this review"},
    )
    date_from = GovukDateField(
        label="From",
        required=False,
        help_text="For example, 1 1 2024",
        label_for_errors="the start of the period",
    )
    date_to = GovukDateField(
        label="To",
        required=False,
        help_text="For example, 31 3 2025",
        label_for_errors="the end of the period",
    )
    significant_only = forms.BooleanField(label="Significant entries only", required=False)

    def __init__(self, *args, agencies: dict[int, str], pdf_limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = list(agencies.items())
        self.fields["file_format"].help_text = (
            "Excel to sort and filter the entries; Word to edit or annotate; "
            f"PDF to read or print (up to {pdf_limit:,} entries)"
        )


def _date(query, name: str) -> date | None:
    """A date from the query string: ISO (date_from=2024-01-31) or the parts the date inputs
    send (date_from_0=31&date_from_1=1&date_from_2=2024)."""
    text = (query.get(name) or "").strip()
    try:
        if text:
            return date.fromisoformat(text)
        day, month, year = (query.get(f"{name}_{i}", "").strip() for i in range(3))
        if day and month and year:
            return date(int(year), int(month), int(day))
    except ValueError:
        pass
    return None


def initial_from_query(query, agencies: dict[int, str]) -> dict:
    """The form's starting values from a link such as the merged page's (its filters).
    Anything not understood is left out rather than refused: the person sees and can change
    every value before asking."""
    wanted = [*query.getlist("agency"), *query.getlist("agencies")]
    initial = {
        "agency": [int(pk) for pk in wanted if pk.isdigit() and int(pk) in agencies],
        "date_from": _date(query, "date_from") or _date(query, "from"),
        "date_to": _date(query, "date_to") or _date(query, "to"),
        "significant_only": any(
            (query.get(name) or "").lower() in TRUE_WORDS for name in ("significant_only", "significant")
        ),
    }
    if query.get("format") in ExportFormat.values:
        initial["file_format"] = query["format"]
    return initial
