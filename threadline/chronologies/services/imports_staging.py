"""The rows of a checked file, kept for its import so that the file is not parsed twice.

Reading a spreadsheet is most of an import's time (openpyxl reads about 5,000 rows a second
here), so the check keeps every row it read, as read, beside the uploaded file: JSON in chunks
of 500 rows, each chunk encrypted like the entries' texts (Fernet, core.crypto). The import
then checks these rows again (the period or the entries already there may have changed) and
writes them. The staged rows are deleted with the uploaded file.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator

from django.core.files import File

from threadline.core.crypto import decrypt_text, encrypt_text

from ..domain.imports import SourceRow, row_as_data, row_from_data

CHUNK_ROWS = 500


class StagedRows:
    """The staged rows of one import, named after its uploaded file on the same storage."""

    def __init__(self, chronology_import):
        self.storage = chronology_import.file.storage
        self.name = f"{chronology_import.file.name}.rows" if chronology_import.file.name else ""
        self._spool = None
        self._chunk: list = []

    # --- writing, while the file is checked

    def add(self, row: SourceRow) -> None:
        if self._spool is None:
            self._spool = tempfile.TemporaryFile()
        self._chunk.append(row_as_data(row))
        if len(self._chunk) >= CHUNK_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._chunk:
            self._spool.write(encrypt_text(json.dumps(self._chunk)).encode() + b"\n")
            self._chunk = []

    def keep(self) -> None:
        """Store what was staged beside the uploaded file (nothing staged: an empty file)."""
        if self._spool is None:
            self._spool = tempfile.TemporaryFile()
        self._flush()
        self._spool.seek(0)
        # The name comes from the upload's, which the storage made unique: a file already
        # there is a leftover of this same import.
        if self.storage.exists(self.name):
            self.storage.delete(self.name)
        saved = self.storage.save(self.name, File(self._spool, name=self.name))
        if saved != self.name:  # pragma: no cover (a storage that renames on its own)
            self.storage.delete(saved)
            raise OSError(f"the storage kept the staged rows as {saved}, not {self.name}")
        self.discard()

    def discard(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None
        self._chunk = []

    # --- reading, while the file is imported

    def exists(self) -> bool:
        return bool(self.name) and self.storage.exists(self.name)

    def rows(self) -> Iterator[SourceRow]:
        with self.storage.open(self.name, "rb") as stored:
            for line in stored:
                line = line.strip()
                if line:
                    for data in json.loads(decrypt_text(line.decode())):
                        yield row_from_data(data)

    def delete(self) -> None:
        if self.name and self.storage.exists(self.name):
            self.storage.delete(self.name)
