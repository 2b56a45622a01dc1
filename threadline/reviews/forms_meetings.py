"""Forms of the meetings pages; the rules are the service's (services/meetings.py), which name
every problem by its field."""

from django import forms
from django.http import QueryDict

from threadline.core.govuk_forms import GovukDateField, GovukTimeField

from .domain.meetings import INVITEE_FORMAT, MAX_LOCATION, MAX_REASON, MAX_TEXT, MAX_TITLE, TEXT_LABELS, UK
from .models import MeetingKind

NOT_KNOWN = "unknown"
ATTENDED_CHOICES = [("yes", "Attended"), ("no", "Did not attend"), (NOT_KNOWN, "Not known")]
ATTENDED_VALUES = {"yes": True, "no": False, NOT_KNOWN: None}

NOT_THE_CHILD = "It is sent in the calendar invitations: do not name the child."


def _long_text(label: str, hint: str = "", rows: int = 6, autosave: bool = False) -> forms.CharField:
    attrs = {"rows": rows, "spellcheck": "true"}
    if autosave:
        attrs["data-autosave"] = "true"
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        help_text=hint,
        widget=forms.Textarea(attrs=attrs),
        error_messages={"max_length": f"{label} must be {MAX_TEXT:,} characters or fewer"},
    )


class MeetingWhenForm(forms.Form):
    """When and where: arranging a meeting, and changing one."""

    day = GovukDateField(
        label="Date", required=False, help_text="For example, 12 6 2025", label_for_errors="the date"
    )
    start_time = GovukTimeField(
        label="Start time",
        required=False,
        help_text="UK time, for example 10:00 or 2pm",
        label_for_errors="the start time",
    )
    end_time = GovukTimeField(
        label="End time",
        required=False,
        help_text="UK time, for example 12:30 or 4pm",
        label_for_errors="the end time",
    )
    location = forms.CharField(
        label="Place (optional)",
        required=False,
        max_length=MAX_LOCATION,
        help_text=f"A room and address, or ‘Online’ with the meeting link. {NOT_THE_CHILD}",
        error_messages={"max_length": f"The place must be {MAX_LOCATION} characters or fewer"},
    )

    @staticmethod
    def initial_for(meeting) -> dict:
        start, end = meeting.starts_at.astimezone(UK), meeting.ends_at.astimezone(UK)
        return {
            "day": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "location": meeting.location,
        }


class MeetingForm(MeetingWhenForm):
    field_order = [
        "kind",
        "title",
        "day",
        "start_time",
        "end_time",
        "location",
        "agenda",
        "team_members",
        "other_invitees",
        "send_invitations",
    ]

    kind = forms.ChoiceField(
        label="What kind of meeting is it?",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of meeting"},
    )
    title = forms.CharField(
        label="Title (optional)",
        required=False,
        max_length=MAX_TITLE,
        help_text=f"If you leave it blank, the kind of meeting is the title. {NOT_THE_CHILD}",
        error_messages={"max_length": f"The title must be {MAX_TITLE} characters or fewer"},
    )
    agenda = _long_text("Agenda (optional)", "You can add or change it later, with the minutes.")
    team_members = forms.MultipleChoiceField(
        label="Who from the review team is invited?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    other_invitees = forms.CharField(
        label="Anyone else invited (optional)",
        required=False,
        max_length=20_000,
        help_text=(
            f"One person a line, as {INVITEE_FORMAT}. For example: "
            "Sam Patel <sam.patel@example.org>, Northbridge Schools Service"
        ),
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
    )
    send_invitations = forms.BooleanField(
        label="E-mail each person an invitation with a calendar entry",
        required=False,
        initial=True,
        help_text="Not sent for a meeting that is already over.",
    )

    def __init__(self, *args, team=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for member in team:
            label = f"{member.name}, {member.get_role_display()} ({member.organisation.name})"
            if not member.email:
                label += " – no e-mail address, so no invitation"
            choices.append((str(member.pk), label))
        self.fields["team_members"].choices = choices
        if not choices:
            self.fields["team_members"].help_text = "No one is on the review team yet."


class MeetingTextsForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)
    agenda = _long_text(TEXT_LABELS["agenda"], autosave=True, rows=6)
    minutes = _long_text(
        TEXT_LABELS["minutes"],
        "Who said what matters less than what was discussed and why.",
        rows=14,
        autosave=True,
    )
    decisions = _long_text(TEXT_LABELS["decisions"], "One a line.", rows=6, autosave=True)
    actions_arising = _long_text(
        TEXT_LABELS["actions_arising"], "One a line: what, who, and by when.", rows=6, autosave=True
    )

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in TEXT_LABELS}


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        required=False,
        max_length=MAX_REASON,
        help_text=(
            "It is kept at the top of the meeting’s minutes. It is not sent: the people invited are "
            "told only that the meeting is cancelled."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "true"}),
        error_messages={"max_length": f"The reason must be {MAX_REASON:,} characters or fewer"},
    )


class AttendanceForm(forms.Form):
    """One question per person invited: did they attend?"""

    def __init__(self, *args, attendees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.attendees = list(attendees)
        for attendee in self.attendees:
            label = attendee.name + (f", {attendee.organisation_name}" if attendee.organisation_name else "")
            current = {True: "yes", False: "no"}.get(attendee.attended, NOT_KNOWN)
            self.fields[f"attended-{attendee.pk}"] = forms.ChoiceField(
                label=label,
                choices=ATTENDED_CHOICES,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline govuk-radios--small"}),
                initial=current,
                error_messages={"required": f"Select whether {attendee.name} attended"},
            )

    def attended(self) -> dict[int, bool | None]:
        return {a.pk: ATTENDED_VALUES[self.cleaned_data[f"attended-{a.pk}"]] for a in self.attendees}


def draft_query(data: dict) -> QueryDict:
    """A draft as the form data a browser sends: a name with one value (one team member
    ticked) is still a list of one, not a text to read character by character."""
    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)])
    return query
