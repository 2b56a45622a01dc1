"""The form of the import page; what a file is and what it holds are the services' rules."""

from django import forms

from threadline.core.uploads import accepted_hint

from .selectors.imports import IMPORT_KINDS, max_import_bytes

AFTER_A_PROBLEM = "After a problem the chosen file is not kept, so choose it again. "


class ImportUploadForm(forms.Form):
    # Empty files and everything else are judged by the service, with one set of messages.
    file = forms.FileField(label="Upload a file", required=False, allow_empty_file=True)

    def file_hint(self) -> str:
        hint = accepted_hint(IMPORT_KINDS, max_import_bytes())
        if self.is_bound and self.errors:
            return AFTER_A_PROBLEM + hint
        return hint
