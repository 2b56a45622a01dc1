"""Forms of the action tracker's filters and of changing or removing an action."""

from django import forms

from .models import ActionStatus
from .selectors.tracker import TrackerChoices, TrackerFilters
from .services.actions import MAX_REASON


def _choices(empty: str, items, label=str):
    return [("", empty)] + [(item.pk, label(item)) for item in items]


class TrackerForm(forms.Form):
    """GET filters; only what the actor's actions use is offered."""

    lead_organisation = forms.TypedChoiceField(
        label="Board (organisation leading the review)", required=False, coerce=int, empty_value=None
    )
    partnership = forms.TypedChoiceField(
        label="Partnership (actions its member agencies own)", required=False, coerce=int, empty_value=None
    )
    owner_organisation = forms.TypedChoiceField(
        label="Owning organisation", required=False, coerce=int, empty_value=None
    )
    owner = forms.TypedChoiceField(label="Owner", required=False, coerce=int, empty_value=None)
    review = forms.TypedChoiceField(label="Review", required=False, coerce=int, empty_value=None)
    theme = forms.TypedChoiceField(label="Theme", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="Status", required=False)
    overdue = forms.BooleanField(label="Overdue actions only", required=False)

    def __init__(self, *args, choices: TrackerChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].choices = _choices("Any board", choices.lead_organisations)
        self.fields["partnership"].choices = _choices("Any partnership", choices.partnerships)
        self.fields["owner_organisation"].choices = _choices("Any organisation", choices.owner_organisations)
        self.fields["owner"].choices = _choices("Anyone", choices.owners)
        self.fields["review"].choices = _choices(
            "Any review", choices.reviews, lambda r: f"{r.incident.reference} ({r.incident.child.pseudonym})"
        )
        self.fields["theme"].choices = _choices("Any theme", choices.themes)
        self.fields["status"].choices = [("", "Any status"), *ActionStatus.choices]

    def filters(self) -> TrackerFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return TrackerFilters(
            owner_organisation=data.get("owner_organisation"),
            owner=data.get("owner"),
            review=data.get("review"),
            theme=data.get("theme"),
            lead_organisation=data.get("lead_organisation"),
            partnership=data.get("partnership"),
            status=data.get("status") or "",
            overdue_only=bool(data.get("overdue")),
        )


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label="Why is the action being removed?",
        required=False,
        max_length=MAX_REASON,
        help_text="Kept on the action's timeline",
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
    )
