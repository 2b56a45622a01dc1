"""Forms of the documents page; what a file is and whether it is kept are the service's rules."""

from django import forms

from threadline.core.uploads import accepted_hint

from .services.documents import MAX_DESCRIPTION, MAX_REMOVAL_REASON

CHOOSE_AGAIN = "Choose the file again"
AFTER_A_PROBLEM = (
    "After a problem the chosen file is not kept, so choose it again (your description is kept)."
)


class DocumentUploadForm(forms.Form):
    # Empty files and everything else are judged by the service, with one set of messages.
    file = forms.FileField(label="Upload a file", required=False, allow_empty_file=True)
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=MAX_DESCRIPTION,
        help_text="What the document is, for example “Police chronology, version 2”",
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
        error_messages={"max_length": f"The description must be {MAX_DESCRIPTION} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = accepted_hint()

    def file_hint(self) -> str:
        """After a problem the browser has let go of the chosen file: the hint says so."""
        if self.is_bound and self.errors:
            return (
                "After a problem the chosen file is not kept, so choose it again (your description is kept). "
                + (self.fields["file"].help_text)
            )
        return self.fields["file"].help_text

    def ask_for_the_file_again(self) -> None:
        """When only the description was wrong, the file must still be chosen again: say so by it."""
        if self.is_bound and self.errors and "file" not in self.errors:
            self.add_error("file", CHOOSE_AGAIN)


class DocumentRemoveForm(forms.Form):
    reason = forms.CharField(
        label="Why are you removing this document?",
        required=False,
        max_length=MAX_REMOVAL_REASON,
        help_text="For example, “Uploaded to the wrong review” or “Replaced by version 3”. "
        "The reason stays on the review.",
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
        error_messages={"max_length": f"The reason must be {MAX_REMOVAL_REASON:,} characters or fewer"},
    )
