"""Forms of the findings, recommendations and themes pages; the rules are the services'."""

from django import forms

from threadline.core.govuk_forms import GovukDateField

from .models import FindingKind
from .selectors import findings as read
from .services.findings import MAX_TEXT, MAX_TITLE
from .services.recommendations import MAX_PART
from .services.themes import MAX_NAME

MAX_LISTED = 50
LONG_TEXT = {"rows": 6, "spellcheck": "true", "data-autosave": "true"}


def _entry_label(entry) -> str:
    when = entry.occurred_on.strftime("%B %Y" if entry.precision == "month" else "%-d %B %Y")
    what = " ".join(str(entry.what_happened).split())
    return f"{when}, {entry.version.chronology.organisation.name}: {what[:160]}"


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Is this learning or good practice?",
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether this is learning or good practice"},
    )
    title = forms.CharField(
        label="Title",
        required=False,
        max_length=MAX_TITLE,
        help_text="The finding in a sentence",
        error_messages={"max_length": f"The title must be {MAX_TITLE} characters or fewer"},
    )
    text = forms.CharField(
        label="What was learned",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=LONG_TEXT),
        error_messages={"max_length": f"The finding must be {MAX_TEXT:,} characters or fewer"},
    )
    themes = forms.MultipleChoiceField(label="Themes", required=False, widget=forms.CheckboxSelectMultiple)
    words = forms.CharField(
        label="Find chronology entries containing",
        required=False,
        max_length=100,
        help_text="Filter the entries below, then tick those behind this finding",
    )
    entries = forms.MultipleChoiceField(
        label="Entries of the merged chronology", required=False, widget=forms.CheckboxSelectMultiple
    )
    documents = forms.MultipleChoiceField(
        label="Documents", required=False, widget=forms.CheckboxSelectMultiple
    )
    meetings = forms.MultipleChoiceField(
        label="Meeting minutes", required=False, widget=forms.CheckboxSelectMultiple
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, review, finding=None, **kwargs):
        super().__init__(*args, **kwargs)
        linked_themes = set(finding.themes.values_list("pk", flat=True)) if finding else set()
        themes = [t for t in read.all_themes() if t.retired_at is None or t.pk in linked_themes]
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in themes]
        chosen = {str(uid) for uid in self["entries"].value() or []}
        words = self["words"].value() or ""
        entries = read.evidence_entries(review, words=words, chosen=chosen)
        if not words:
            # A long chronology is offered a page at a time: the words filter finds the rest.
            entries = [e for i, e in enumerate(entries) if i < MAX_LISTED or str(e.uid) in chosen]
        self.fields["entries"].choices = [(str(e.uid), _entry_label(e)) for e in entries]
        self.fields["documents"].choices = [(str(d.pk), str(d)) for d in read.evidence_documents(review)]
        self.fields["meetings"].choices = [
            (str(m.pk), f"{m.title}, {m.starts_at:%-d %B %Y}") for m in read.evidence_meetings(review)
        ]


PART_FIELDS = (
    (
        "case_for_change",
        "Case for change",
        "The issues that call for change and what happens if nothing changes",
    ),
    ("learning", "Learning", "The key lesson for practice, and how it will be passed on"),
    ("evidence", "Evidence", "The shortcomings the review found, and why this change will address them"),
    (
        "responsibility",
        "Responsibility",
        "Who in the responsible organisations carries it out, and any shared responsibility",
    ),
    (
        "outcome",
        "Outcome",
        "The outcome sought and how it will be measured: a figure, a percentage or an audit",
    ),
)


class RecommendationForm(forms.Form):
    title = forms.CharField(
        label="Recommendation",
        required=False,
        max_length=200,
        help_text="The recommendation in a sentence",
        error_messages={"max_length": "The recommendation must be 200 characters or fewer"},
    )
    findings = forms.MultipleChoiceField(
        label="Findings it is made from", required=False, widget=forms.CheckboxSelectMultiple
    )
    responsible_organisations = forms.MultipleChoiceField(
        label="Organisations responsible",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The lead organisation and the agencies involved in the review",
    )
    review_by = GovukDateField(
        label="Review the outcome by",
        required=False,
        help_text="For example, 31 3 2026",
        label_for_errors="the review-by date",
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, hint in PART_FIELDS:
            self.fields[name] = forms.CharField(
                label=label,
                help_text=hint,
                required=False,
                max_length=MAX_PART,
                widget=forms.Textarea(attrs=LONG_TEXT),
                error_messages={"max_length": f"This part must be {MAX_PART:,} characters or fewer"},
            )
        self.fields["findings"].choices = [(str(f.pk), f.title) for f in read.findings_of(review)]
        self.fields["responsible_organisations"].choices = [
            (str(o.pk), o.name) for o in read.responsible_choices(review)
        ]

    def parts(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name, _, _ in PART_FIELDS}


class ThemeForm(forms.Form):
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=MAX_NAME,
        error_messages={"max_length": f"The name must be {MAX_NAME} characters or fewer"},
    )
