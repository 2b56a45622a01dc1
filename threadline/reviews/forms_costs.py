"""Forms of the costs page: amounts typed in pounds ("1,250.50") become pence here; the rules
of a split are the domain's (domain.costs), checked by the service."""

from __future__ import annotations

from django import forms

from .domain.costs import ApportionOption, CostHeading, CostRuleError, Share, pence_from_pounds
from .services.costs import MAX_NOTE


class PoundsField(forms.CharField):
    """An amount in pounds, cleaned to whole pence."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return pence_from_pounds(text)
        except CostRuleError as error:
            raise forms.ValidationError(str(error)) from None


class CostForm(forms.Form):
    heading = forms.ChoiceField(
        label="Heading",
        choices=[("", "Choose a heading")] + [(h.value, h.label) for h in CostHeading],
        error_messages={"required": "Choose a heading", "invalid_choice": "Choose a heading"},
    )
    estimated = PoundsField(
        label="Estimated cost, in pounds",
        help_text="For example, 1,250.50",
        error_messages={"required": "Enter the estimated cost, in pounds"},
    )
    actual = PoundsField(
        label="Actual cost, in pounds (optional)", required=False, help_text="Once it is known"
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
        error_messages={"max_length": f"The note must be {MAX_NOTE:,} characters or fewer"},
    )


def share_field_name(organisation_id: int) -> str:
    return f"share_{organisation_id}"


class ApportionmentForm(forms.Form):
    option = forms.ChoiceField(
        label="How are the costs shared?",
        choices=[(o.value, o.label) for o in ApportionOption],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the costs are shared"},
    )
    agreed_by = forms.CharField(
        label="Who agreed it, and when",
        help_text="Needed when one partner bears the total cost",
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
        error_messages={"max_length": f"This must be {MAX_NOTE:,} characters or fewer"},
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.partners = list(partners)
        for organisation in self.partners:
            self.fields[share_field_name(organisation.pk)] = forms.IntegerField(
                label=f"{organisation.name}",
                required=False,
                min_value=0,
                max_value=100_000,
                help_text="Involvement points (Option 1) or a whole percentage (Option 2)",
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
                error_messages={
                    "invalid": f"Enter {organisation.name}'s share as a whole number",
                    "min_value": f"{organisation.name}'s share cannot be negative",
                    "max_value": f"{organisation.name}'s share must be 100,000 or less",
                },
            )

    @property
    def share_fields(self):
        return [self[share_field_name(o.pk)] for o in self.partners]

    def first_share_name(self) -> str:
        return share_field_name(self.partners[0].pk) if self.partners else "option"

    def shares(self) -> list[Share]:
        return [
            Share(organisation_id=o.pk, amount=self.cleaned_data.get(share_field_name(o.pk)) or 0)
            for o in self.partners
        ]
