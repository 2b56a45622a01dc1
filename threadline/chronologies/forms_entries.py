"""Forms of an agency's entries. Every rule of an entry is the domain's (domain/entries.py),
checked by the service, so the form takes what was typed as it is and keeps all of it."""

from django import forms

from threadline.core.uploads import accepted_hint
from threadline.reviews.services.documents import MAX_DESCRIPTION


def _line(label: str, hint: str, **attrs) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, help_text=hint, strip=False, widget=forms.TextInput(attrs=attrs)
    )


def _long(label: str, hint: str, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=hint,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows, "data-autosave": "true", "spellcheck": "true"}),
    )


class EntryForm(forms.Form):
    date = _line(
        "Date",
        "A day, like 12/03/2024 or 12 March 2024, or only the month if that is all the record "
        "says, like 03/2024 or March 2024",
        **{"class": "govuk-input--width-10", "autocomplete": "off", "spellcheck": "false"},
    )
    time = _line(
        "Time (optional)",
        "If the record gives it, on the 24-hour clock, like 14:30",
        **{"class": "govuk-input--width-5", "autocomplete": "off", "spellcheck": "false"},
    )
    source = _line(
        "Source (optional)",
        "The record system or document it comes from, like “Case notes (ChildView)” or “Strategy "
        "meeting minutes”",
        **{"spellcheck": "true"},
    )
    author_role = _line(
        "Author's role (optional)",
        "The role of the person who recorded it, like “Social worker” or “School nurse”",
        **{"spellcheck": "true"},
    )
    what_happened = _long(
        "What happened",
        "The facts: what was seen, said or done, as the record shows it. Put opinion or analysis "
        "in its own box below.",
        rows=6,
    )
    who_was_present = _long(
        "Who was present (optional)", "By role or relationship, like “Mother, social worker”", 2
    )
    childs_voice = _long(
        "The child's voice (optional)",
        "What the child said, did or showed about how they felt, if it was recorded",
    )
    opinion = _long(
        "Professional opinion or analysis (optional)",
        "The professional's view or analysis at the time, kept apart from the facts",
    )
    significant = forms.BooleanField(
        label="This is a significant event",
        required=False,
        help_text="For example, a decision, an incident or a missed opportunity the review should look at",
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def values(self) -> dict:
        """What was typed, by the part's key, as the entry rules take it."""
        data = self.cleaned_data
        values = {name: data.get(name) or "" for name in self.fields if name not in ("seen", "significant")}
        values["significant"] = bool(data.get("significant"))
        return values


class EntryDocumentForm(forms.Form):
    # Empty files and everything else are judged by the service, with one set of messages.
    file = forms.FileField(label="Upload a file", required=False, allow_empty_file=True)
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=MAX_DESCRIPTION,
        help_text="What the document is, for example “Strategy meeting minutes, 12 March 2024”",
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "true"}),
        error_messages={"max_length": f"The description must be {MAX_DESCRIPTION} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = accepted_hint()

    def ask_for_the_file_again(self) -> None:
        """After a problem the browser has let go of the chosen file: say so by it."""
        if self.is_bound and self.errors and "file" not in self.errors:
            self.add_error("file", "Choose the file again")
