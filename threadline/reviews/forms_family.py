"""Forms of the family pages. The rules are the domain's (domain/family.py): the forms ask them
too, so that every problem shows next to its field at once, and the services check again."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from threadline.core.govuk_forms import GovukDateField

from .domain.family import (
    STRATEGY_LABELS,
    Problems,
    as_said,
    consent_problems,
    contact_problems,
    feedback_problems,
    response_problems,
    strategy_problems,
    view_problems,
)
from .models import ConsentStatus, ConsentSubject, ContactMethod

YES_NO = [("yes", "Yes, the child’s own views"), ("no", "No, the views of someone in the family")]


def _words(label: str, hint: str = "", rows: int = 6, autosave: bool = True) -> forms.CharField:
    attrs = {"rows": rows, "spellcheck": "true"}
    if autosave:
        attrs["data-autosave"] = "true"
    return forms.CharField(label=label, required=False, help_text=hint, widget=forms.Textarea(attrs=attrs))


def _line(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, help_text=hint)


def _date(label: str, what: str) -> GovukDateField:
    return GovukDateField(
        label=label, required=False, help_text="For example, 27 3 2025", label_for_errors=f"the date {what}"
    )


def _choice(label: str, choices, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": message},
    )


class _FamilyForm(forms.Form):
    """Adds the domain's problems to the fields that have none yet."""

    def problems(self, data: dict) -> Problems:
        raise NotImplementedError

    def text(self, name: str) -> str:
        return as_said(self.cleaned_data.get(name))

    def clean(self):
        data = super().clean()
        for name, message in self.problems(data):
            if name not in self.errors:
                self.add_error(name, message)
        return data


class FamilyStrategyForm(_FamilyForm):
    """The strategy at `base_version`; the texts it was opened with travel along, as the base of a
    merge should someone save in between."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)
    base_liaison_people = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    base_strategy = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    liaison_people = _words(
        STRATEGY_LABELS["liaison_people"],
        "Who from the review team meets the family, usually the reviewer with the chair or a team "
        "member, and the frontline practitioner who is their key contact throughout. One a line, "
        "with their role.",
        rows=4,
    )
    strategy = _words(
        STRATEGY_LABELS["strategy"],
        "Who the family are for this review; how and when they are told about it and invited to take "
        "part, and by whom; where and how to meet them (at home, a neutral place or online), "
        "together or apart; meeting them before the practitioner events; the support available; and "
        "how the findings will be fed back to them.",
        rows=12,
    )

    def problems(self, data: dict) -> Problems:
        return strategy_problems(liaison_people=self.text("liaison_people"), strategy=self.text("strategy"))

    def texts(self) -> dict[str, str]:
        return {"liaison_people": self.text("liaison_people"), "strategy": self.text("strategy")}

    def base_texts(self) -> dict[str, str]:
        return {
            "liaison_people": as_said(self.cleaned_data.get("base_liaison_people")),
            "strategy": as_said(self.cleaned_data.get("base_strategy")),
        }


def strategy_form_data(*, version: int, base: dict[str, str], yours: dict[str, str]) -> dict[str, str]:
    """Submitted-form data showing `yours`, opened at `version` whose texts were `base`."""
    return {
        "base_version": str(version),
        "base_liaison_people": base.get("liaison_people", ""),
        "base_strategy": base.get("strategy", ""),
        "liaison_people": yours.get("liaison_people", ""),
        "strategy": yours.get("strategy", ""),
    }


class FamilyContactForm(_FamilyForm):
    contacted_on = _date("When was the contact?", "of the contact")
    family_member = _line(
        "Who in the family?", "For example, the child’s mother, or the child with their grandfather"
    )
    made_by = _line("Who made the contact?", "Name and role, for example, Daniel Kerr, lead reviewer")
    method = _choice("How was the contact made?", ContactMethod.choices, "Select how the contact was made")
    what_was_said = _words(
        "What did they say?",
        "In their own words where you can. If nobody answered, write that, for example, "
        "‘No answer. A letter was left.’",
        rows=8,
    )

    def problems(self, data: dict) -> Problems:
        return contact_problems(
            contacted_on=data.get("contacted_on"),
            family_member=self.text("family_member"),
            made_by=self.text("made_by"),
            method=data.get("method") or "",
            methods=ContactMethod.values,
            what_was_said=self.text("what_was_said"),
            today=timezone.localdate(),
        )


class FamilyViewForm(_FamilyForm):
    is_the_child = _choice(
        "Are these the child’s own views?", YES_NO, "Select whether these are the child's own words"
    )
    whose = _line(
        "Whose views are these?",
        "Leave empty for the child’s own views. Otherwise say who, for example, the child’s grandmother.",
    )
    words = _words(
        "Their views, in their own words",
        "Write what they said as they said it. It is shown, and quoted in the report, exactly as written.",
        rows=10,
    )
    captured_on = _date("When were they captured?", "the views were captured")
    how_captured = _line(
        "How were they captured? (optional)",
        "For example, at home with their advocate, in a letter, or through a drawing they described",
    )

    def is_the_child_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("is_the_child") or "")

    def problems(self, data: dict) -> Problems:
        return view_problems(
            whose=self.text("whose"),
            is_the_child=self.is_the_child_value(),
            words=self.text("words"),
            captured_on=data.get("captured_on"),
            how_captured=self.text("how_captured"),
            today=timezone.localdate(),
        )


class FamilyConsentForm(_FamilyForm):
    person = _line(
        "Whose consent?",
        "Write their name the same way each time: their latest decision on a subject replaces the "
        "earlier ones. For example, the child’s mother.",
    )
    subject = _choice("What is it about?", ConsentSubject.choices, "Select what the consent is for")
    status = _choice(
        "What did they decide?",
        ConsentStatus.choices,
        "Select whether consent was given, refused or withdrawn",
    )
    on = _date("When did they decide?", "of the consent")
    note = _words("Note (optional)", "For example, any conditions they set", rows=3, autosave=False)

    def problems(self, data: dict) -> Problems:
        return consent_problems(
            person=self.text("person"),
            subject=data.get("subject") or "",
            subjects=ConsentSubject.values,
            status=data.get("status") or "",
            statuses=ConsentStatus.values,
            on=data.get("on"),
            note=self.text("note"),
            today=timezone.localdate(),
        )


class FamilyFeedbackForm(_FamilyForm):
    from_whom = _line("Who gave the feedback?", "For example, the child’s mother and father")
    received_on = _date("When was it received?", "the feedback was received")
    feedback = _words(
        "Their feedback on the draft report",
        "In their words. What the review did with it is recorded afterwards.",
        rows=10,
    )

    def problems(self, data: dict) -> Problems:
        return feedback_problems(
            from_whom=self.text("from_whom"),
            received_on=data.get("received_on"),
            feedback=self.text("feedback"),
            today=timezone.localdate(),
        )


class FamilyFeedbackResponseForm(_FamilyForm):
    response = _words(
        "What was done with it?",
        "For example, what was changed in the report, or why it was not, and how the family were told.",
        rows=8,
    )
    responded_on = _date("When was this done?", "of the response")

    def __init__(self, *args, received_on, **kwargs):
        super().__init__(*args, **kwargs)
        self.received_on = received_on

    def problems(self, data: dict) -> Problems:
        return response_problems(
            response=self.text("response"),
            responded_on=data.get("responded_on"),
            received_on=self.received_on,
            today=timezone.localdate(),
        )
