"""Reads for importing a chronology from a file: an import as the actor may see it (through
its chronology: selectors.chronologies.chronology_for), the open version, the fingerprints of
rows imported before, and an import's preview and report."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Max
from django.http import Http404

from threadline.core.uploads import FileKind

from ..models import ChronologyEntry, ChronologyImport, ChronologyVersion
from .chronologies import chronology_for

IMPORT_KINDS = frozenset({FileKind.CSV, FileKind.EXCEL, FileKind.WORD})
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_ROWS = 50_000


def max_import_bytes() -> int:
    """The largest file accepted (CHRONOLOGY_IMPORT_MAX_BYTES, 50 MB unless set)."""
    return int(getattr(settings, "CHRONOLOGY_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_import_rows() -> int:
    """The most rows of entries in one file (CHRONOLOGY_IMPORT_MAX_ROWS, 50,000 unless set)."""
    return int(getattr(settings, "CHRONOLOGY_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def import_for(actor, pk) -> ChronologyImport:
    """An import of a chronology the actor may see; otherwise 404."""
    found = None
    if str(pk).isdigit():
        found = ChronologyImport.objects.select_related("version", "uploaded_by").filter(pk=pk).first()
    if found is None:
        raise Http404
    found.chronology = chronology_for(actor, found.chronology_id)
    return found


def latest_version(chronology) -> ChronologyVersion | None:
    return ChronologyVersion.objects.filter(chronology=chronology).order_by("-number").first()


def open_version(chronology) -> ChronologyVersion | None:
    """The version entries go into: the latest, while it is not submitted."""
    version = latest_version(chronology)
    return version if version is not None and not version.is_submitted else None


def import_keys_of(version) -> set[str]:
    """Fingerprints of the rows imported into `version` (kept when a version is copied)."""
    return set(
        ChronologyEntry.objects.filter(version=version)
        .exclude(import_key="")
        .values_list("import_key", flat=True)
        .iterator(chunk_size=5000)
    )


def last_position(version) -> int:
    return ChronologyEntry.objects.filter(version=version).aggregate(last=Max("position"))["last"] or 0


def imports_of(chronology, *, limit: int = 10) -> list[ChronologyImport]:
    return list(
        ChronologyImport.objects.filter(chronology=chronology)
        .select_related("uploaded_by", "version")
        .order_by("-uploaded_at", "-pk")[:limit]
    )


def preview_rows(chronology_import: ChronologyImport) -> list[dict]:
    """The preview's rows (the field is encrypted at rest)."""
    return list(chronology_import.preview or [])


def problem_rows(chronology_import: ChronologyImport) -> list[dict]:
    return list(chronology_import.problems or [])
