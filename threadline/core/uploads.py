"""Checking an uploaded file by what it contains, never by what it is called.

`check_upload` reads the file once, in chunks, and says what it really is (a PDF, a Word
document, an Excel spreadsheet, an image or, for a caller that asks for it, a CSV file), how
big it is and its SHA-256; or it refuses the
file with a `UploadRuleError` a person can act on ("The file is called report.pdf but it is a
Word document"). Magic numbers come from `filetype`; Office Open XML files are ZIPs, so their
parts are looked at to tell Word from Excel from any other ZIP (docs/adr/0009).

`limit_upload_size` stops Django keeping the bytes of a file past the limit, so an enormous
file ends in the same friendly message as one just over it, not in a full disk.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from enum import StrEnum

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from .domain.errors import RuleError

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_NAME_LENGTH = 255
HEAD_BYTES = 8192
# [Content_Types].xml of a real Office file is a few kilobytes; a bigger one is not read.
MAX_CONTENT_TYPES_BYTES = 1024 * 1024

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


class UploadRuleError(RuleError):
    """An uploaded file that is missing, empty, too large or not of a kind accepted."""


class FileKind(StrEnum):
    PDF = "pdf"
    WORD = "word"
    EXCEL = "excel"
    PNG = "png"
    JPEG = "jpeg"
    GIF = "gif"
    WEBP = "webp"
    # Only for callers that ask for it (a chronology import): any text named .csv, or with no
    # extension. Its encoding is the reader's to check, where the line can be named.
    CSV = "csv"


@dataclass(frozen=True)
class KindSpec:
    label: str  # what the file is, in a sentence: "The file is called x but it is <label>"
    short: str  # in a table of documents
    family: str  # in "it must be a PDF, Word, Excel or image file"
    content_type: str
    extensions: tuple[str, ...]  # the first is the one given to a file named without one


KINDS: dict[FileKind, KindSpec] = {
    FileKind.PDF: KindSpec("a PDF", "PDF", "PDF", "application/pdf", ("pdf",)),
    FileKind.WORD: KindSpec(
        "a Word document",
        "Word document",
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
    ),
    FileKind.EXCEL: KindSpec(
        "an Excel spreadsheet",
        "Excel spreadsheet",
        "Excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ("xlsx",),
    ),
    FileKind.PNG: KindSpec("a PNG image", "PNG image", "image", "image/png", ("png",)),
    FileKind.JPEG: KindSpec(
        "a JPEG image", "JPEG image", "image", "image/jpeg", ("jpg", "jpeg", "jpe", "jfif")
    ),
    FileKind.GIF: KindSpec("a GIF image", "GIF image", "image", "image/gif", ("gif",)),
    FileKind.WEBP: KindSpec("a WebP image", "WebP image", "image", "image/webp", ("webp",)),
    FileKind.CSV: KindSpec("a CSV file", "CSV file", "CSV", "text/csv", ("csv",)),
}
DOCUMENT_KINDS = frozenset(FileKind) - {FileKind.CSV}
FAMILY_ORDER = ("PDF", "Word", "Excel", "CSV", "image")

_BY_MIME = {
    "application/pdf": FileKind.PDF,
    "image/png": FileKind.PNG,
    "image/jpeg": FileKind.JPEG,
    "image/gif": FileKind.GIF,
    "image/webp": FileKind.WEBP,
}

# Main parts of Office Open XML files, as [Content_Types].xml names them.
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MACRO_MAINS = {
    "application/vnd.ms-word.document.macroenabled.main+xml": "word",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml": "word",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": "excel",
    "application/vnd.ms-excel.template.macroenabled.main+xml": "excel",
    "application/vnd.ms-excel.sheet.binary.macroenabled.main": "excel",
}

# What a refused file is, by the extension `filetype` finds for it.
_REFUSED_LABELS = {
    "exe": "a Windows program",
    "elf": "a program",
    "zip": "a ZIP archive",
    "rar": "a compressed archive",
    "7z": "a compressed archive",
    "gz": "a compressed archive",
    "bz2": "a compressed archive",
    "xz": "a compressed archive",
    "tar": "a compressed archive",
    "heic": "a HEIC photo",
    "tif": "a TIFF image",
    "bmp": "a BMP image",
    "ico": "an icon",
    "psd": "a Photoshop image",
    "rtf": "a rich text file",
    "odt": "an OpenDocument text file",
    "ods": "an OpenDocument spreadsheet",
    "odp": "an OpenDocument presentation",
    "ppt": "a PowerPoint 97-2003 presentation",
    "pptx": "a PowerPoint presentation",
    "sqlite": "a database",
    "wasm": "a program",
    "swf": "a Flash file",
}


@dataclass(frozen=True)
class CheckedFile:
    kind: FileKind
    content_type: str  # as found in the content
    extension: str  # the usual extension of that kind, without a dot
    size: int
    sha256: str
    name: str  # the name it was sent with, made safe to keep and show

    @property
    def label(self) -> str:
        return KINDS[self.kind].label


@dataclass(frozen=True)
class _Found:
    """What the content is: an accepted kind, or a description of something else."""

    kind: FileKind | None = None
    label: str = ""  # for something else; "" when nothing is known of it
    advice: str = ""  # what to do instead, for files people often have ("save it as .docx")


def max_upload_bytes() -> int:
    return int(getattr(settings, "THREADLINE_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def describe_size(size: int) -> str:
    """'20 MB', '1.5 MB', '340 KB', '12 bytes': sizes as people read them (1 MB = 1,048,576 bytes)."""
    if size < 1024:
        return "1 byte" if size == 1 else f"{size} bytes"
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            value = size / scale
            text = f"{value:.0f}" if value >= 10 or size % scale == 0 else f"{value:.1f}"
            return f"{text.removesuffix('.0')} {unit}"
    return f"{size} bytes"  # pragma: no cover


def accepted_phrase(allowed=DOCUMENT_KINDS) -> str:
    """'a PDF, Word, Excel or image file' for the kinds allowed."""
    families = {KINDS[FileKind(kind)].family for kind in allowed}
    names = [family for family in FAMILY_ORDER if family in families]
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"{_article(joined)} {joined} file"


def accepted_hint(allowed=DOCUMENT_KINDS, max_bytes: int | None = None) -> str:
    """The hint under a file upload: what is accepted and the limit."""
    kinds = [FileKind(kind) for kind in FileKind if kind in allowed]
    parts = []
    for family in FAMILY_ORDER:
        of_family = [k for k in kinds if KINDS[k].family == family]
        if not of_family:
            continue
        if family == "image":
            names = [KINDS[k].short.removesuffix(" image") for k in of_family]
            parts.append(f"images ({_or_list(names)})")
        elif family == "PDF":
            parts.append("PDF")
        else:
            parts.append(f"{family} (.{KINDS[of_family[0]].extensions[0]})")
    limit = describe_size(max_bytes if max_bytes is not None else max_upload_bytes())
    return f"{_or_list(parts)}, smaller than {limit}"


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


_CONTROL_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def clean_filename(name: str | None, *, max_length: int = MAX_NAME_LENGTH) -> str:
    """The last part of a name sent by a browser, without control or direction-changing characters
    (which can make 'fdp.exe' read as 'exe.pdf'), spaces collapsed, at most `max_length`
    characters with the extension kept."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(
        " " if ch.isspace() else ch
        for ch in name
        if ch.isspace() or unicodedata.category(ch) not in _CONTROL_CATEGORIES
    )
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > max_length:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and len(extension) <= 10:
            name = f"{stem[: max_length - len(extension) - 1].rstrip(' .')}.{extension}"
        else:
            name = name[:max_length].rstrip(" .")
    return name


def extension_of(name: str) -> str:
    """The lower-case extension a name claims ('' for none). A part of digits only, as in
    'Minutes 12.03.2025', is not an extension."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        return ""
    extension = extension.lower()
    if not re.fullmatch(r"[a-z0-9]{1,10}", extension) or extension.isdigit():
        return ""
    return extension


def download_name(name: str, extension: str) -> str:
    """The name to give a download: the kept name, with the extension of its content if it has none."""
    name = clean_filename(name) or "document"
    return name if extension_of(name) else f"{name}.{extension}"


# --- what the content is


def _read_head(stream) -> bytes:
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    return bytes(head or b"")


def _content_types(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name (without the leading slash, lower case) -> content type, from the Overrides."""
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return {}
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        return {}
    with archive.open(info) as part:
        text = part.read(MAX_CONTENT_TYPES_BYTES + 1).decode("utf-8", "replace")
    found = {}
    # A regular expression, not an XML parser: nothing in the file is expanded or fetched.
    for tag in re.findall(r"<(?:\w+:)?Override\b[^>]*>", text):
        attributes = dict(re.findall(r'(\w+)\s*=\s*["\']([^"\']*)["\']', tag))
        if "PartName" in attributes and "ContentType" in attributes:
            found[attributes["PartName"].lstrip("/").lower()] = attributes["ContentType"].strip().lower()
    return found


def _inside_zip(stream) -> _Found:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = {name.lower() for name in archive.namelist()}
            types = _content_types(archive)
            mimetype = b""
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    mimetype = part.read(100)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, ValueError):
        return _Found(label="a damaged or unreadable ZIP archive")
    finally:
        stream.seek(0)
    macros = any(name.rsplit("/", 1)[-1] == "vbaproject.bin" for name in names)
    word, excel = types.get("word/document.xml", ""), types.get("xl/workbook.xml", "")
    main = word or excel
    if main in _MACRO_MAINS or (macros and (word or excel)):
        if _MACRO_MAINS.get(main) == "excel" or (not word and excel):
            return _Found(
                label="an Excel spreadsheet with macros",
                advice="save it as an Excel spreadsheet (.xlsx), which keeps no macros, and choose that file",
            )
        return _Found(
            label="a Word document with macros",
            advice="save it as a Word document (.docx), which keeps no macros, and choose that file",
        )
    if macros:
        return _Found(label="a file with macros")
    if "[content_types].xml" in names:
        if word == _WORD_MAIN and "word/document.xml" in names:
            return _Found(kind=FileKind.WORD)
        if excel == _EXCEL_MAIN and "xl/workbook.xml" in names:
            return _Found(kind=FileKind.EXCEL)
        if word:
            return _Found(label="a Word template")
        if excel:
            return _Found(label="an Excel template or binary workbook")
        if "ppt/presentation.xml" in names:
            return _Found(label="a PowerPoint presentation")
    if mimetype.startswith(b"application/vnd.oasis.opendocument."):
        return _Found(
            label="an OpenDocument file",
            advice="save it in Word (.docx) or Excel (.xlsx) format and choose that file",
        )
    return _Found(label="a ZIP archive")


def _ole2(head: bytes) -> _Found:
    """Word 97-2003 and Excel 97-2003 files are OLE2 compound files: refused (docs/adr/0009)."""
    guessed = filetype.guess(head)
    extension = guessed.extension if guessed else ""
    label = {
        "doc": "a Word 97-2003 document",
        "xls": "an Excel 97-2003 spreadsheet",
        "ppt": "a PowerPoint 97-2003 presentation",
    }.get(extension, "an Office 97-2003 file")
    advice = {
        "doc": "open it in Word, save it as a Word document (.docx) and choose that file",
        "xls": "open it in Excel, save it as an Excel workbook (.xlsx) and choose that file",
        "ppt": "",
    }.get(extension, "open it, save it in the .docx or .xlsx format and choose that file")
    return _Found(label=label, advice=advice)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Control characters that plain text does not hold (tab, line feed, form feed, carriage
# return and the old end-of-file mark are allowed).
_BINARY_BYTES = frozenset(range(32)) - {9, 10, 12, 13, 26}


def _is_plain_text(head: bytes, found: _Found) -> bool:
    """Text in any common encoding (UTF-8, Windows-1252, UTF-16 with its byte-order mark), and
    not a web page, an SVG image or a rich text file."""
    if found.kind is not None or found.label not in ("", "a text file"):
        return False
    if head.startswith(_UTF16_BOMS):
        return True
    return bool(head) and not _BINARY_BYTES.intersection(head)


def _text(head: bytes, complete: bool) -> _Found:
    if b"\x00" in head:
        return _Found()
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A character cut in two at the end of the head is still text.
        if complete or error.start < len(head) - 3:
            return _Found()
        text = head[: error.start].decode("utf-8")
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith("<svg") or (start.startswith("<?xml") and "<svg" in start):
        return _Found(label="an SVG image")
    if start.startswith(("<!doctype html", "<html")):
        return _Found(label="a web page")
    if start.startswith("{\\rtf"):
        return _Found(label="a rich text file")
    return _Found(label="a text file")


def detect(stream, *, size: int | None = None) -> _Found:
    """What the content of `stream` (seekable, binary) is. Reads the head, and a ZIP's index."""
    head = _read_head(stream)
    if head.startswith(b"%PDF-"):
        return _Found(kind=FileKind.PDF)
    if head.startswith(ZIP_SIGNATURES):
        return _inside_zip(stream)
    if head.startswith(OLE2_SIGNATURE):
        return _ole2(head)
    guessed = filetype.guess(head) if head else None
    if guessed is not None:
        if guessed.mime in _BY_MIME:
            return _Found(kind=_BY_MIME[guessed.mime])
        label = _REFUSED_LABELS.get(guessed.extension)
        if label is None:
            major = guessed.mime.split("/", 1)[0]
            label = {
                "image": f"{_article(guessed.extension)} {guessed.extension.upper()} image",
                "video": "a video",
                "audio": "a sound recording",
                "font": "a font",
            }.get(major, f"{_article(guessed.extension)} {guessed.extension.upper()} file")
        return _Found(label=label)
    complete = size is not None and size <= len(head)
    return _text(head, complete)


def _hash(uploaded_file) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    chunks = (
        uploaded_file.chunks()
        if hasattr(uploaded_file, "chunks")
        else iter(lambda: uploaded_file.read(64 * 1024), b"")
    )
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    return digest.hexdigest(), size


def _refusal(name: str, found: _Found, allowed, claimed: FileKind | None) -> str:
    accepted = accepted_phrase(allowed)
    shown = name or "The selected file"
    if found.advice and any(k in allowed for k in (FileKind.WORD, FileKind.EXCEL)):
        return f"{shown} is {found.label}: {found.advice}"
    if not found.label:
        return f"{shown} is not {accepted}"
    if claimed is not None:
        return f"The file is called {name} but it is {found.label}, not {accepted}"
    return f"{shown} is {found.label}, not {accepted}"


def _claimed_kind(extension: str, allowed) -> FileKind | None:
    for kind, spec in KINDS.items():
        # Only a caller taking CSV reads ".csv" as a claim: elsewhere it is just text.
        if kind is FileKind.CSV and kind not in allowed:
            continue
        if extension in spec.extensions:
            return kind
    return None


def check_upload(
    uploaded_file, *, allowed=DOCUMENT_KINDS, max_bytes: int | None = None, field: str = "file"
) -> CheckedFile:
    """What the uploaded file really is, or `UploadRuleError` (naming `field`) saying why not.

    Refused: no file, an empty file, one larger than `max_bytes` (THREADLINE_MAX_UPLOAD_BYTES
    by default), content that is not of an `allowed` kind, and a name whose extension says
    another kind than the content ("report.pdf" holding a Word document).
    """
    allowed = frozenset(FileKind(kind) for kind in allowed)
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if uploaded_file is None or uploaded_file is False:
        raise UploadRuleError("Select a file", field)
    name = clean_filename(getattr(uploaded_file, "name", ""))
    declared = getattr(uploaded_file, "size", None)
    if declared is not None and declared > limit:
        raise UploadRuleError(f"The selected file must be smaller than {describe_size(limit)}", field)
    if declared == 0:
        raise UploadRuleError("The selected file is empty", field)
    sha256, size = _hash(uploaded_file)
    if size == 0:
        raise UploadRuleError("The selected file is empty", field)
    if size > limit:
        raise UploadRuleError(f"The selected file must be smaller than {describe_size(limit)}", field)
    found = detect(uploaded_file, size=size)
    extension = extension_of(name)
    claimed = _claimed_kind(extension, allowed) if extension else None
    if (
        FileKind.CSV in allowed
        and extension in ("", "csv")
        and _is_plain_text(_read_head(uploaded_file), found)
    ):
        found = _Found(kind=FileKind.CSV)
    if found.kind is None or found.kind not in allowed:
        if found.kind is not None:
            claimed = None if claimed is found.kind else claimed
            found = _Found(label=KINDS[found.kind].label)
        raise UploadRuleError(_refusal(name, found, allowed, claimed), field)
    spec = KINDS[found.kind]
    if extension and extension not in spec.extensions:
        raise UploadRuleError(f"The file is called {name} but it is {spec.label}", field)
    return CheckedFile(
        kind=found.kind,
        content_type=spec.content_type,
        extension=spec.extensions[0],
        size=size,
        sha256=sha256,
        name=name or f"document.{spec.extensions[0]}",
    )


def extension_for(content_type: str) -> str:
    """The usual extension of a content type `check_upload` found ('bin' if unknown)."""
    for spec in KINDS.values():
        if spec.content_type == content_type:
            return spec.extensions[0]
    return "bin"


def kind_label(content_type: str) -> str:
    """'PDF', 'Word document'... for a content type `check_upload` found ('' if unknown)."""
    for spec in KINDS.values():
        if spec.content_type == content_type:
            return spec.short
    return ""


# --- stopping a large upload early


class OversizeUpload(UploadedFile):
    """Stands for a file that was larger than the limit: its size is known, its bytes were dropped."""

    def __init__(self, *, name: str, content_type: str, size: int, charset=None):
        super().__init__(io.BytesIO(b""), name, content_type, size, charset)


class UploadSizeLimitHandler(FileUploadHandler):
    """First of the request's upload handlers: passes each file's bytes on to Django's own
    handlers until the file grows past `max_bytes`, then drops the rest and hands over an
    `OversizeUpload` of the real size, so `check_upload` refuses it with a clear message."""

    def __init__(self, request=None, max_bytes: int | None = None):
        super().__init__(request)
        self.max_bytes = max_upload_bytes() if max_bytes is None else max_bytes
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            return None
        return raw_data

    def file_complete(self, file_size):
        if self.received <= self.max_bytes:
            return None  # the next handler has every byte and makes the file
        return OversizeUpload(
            name=self.file_name, content_type=self.content_type, size=self.received, charset=self.charset
        )


def limit_upload_size(request, max_bytes: int | None = None) -> None:
    """Install the size limit on a request whose body has not been read yet (the view must be
    csrf_exempt with csrf_protect inside, as Django's documentation on upload handlers says)."""
    request.upload_handlers.insert(0, UploadSizeLimitHandler(request, max_bytes))
