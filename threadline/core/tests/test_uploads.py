"""Uploaded files are judged by their content, not their name (docs/adr/0009): each kind is
recognised from real minimal files built here, and every refusal says what the file really is."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings
from django.test.client import encode_multipart

from threadline.core.uploads import (
    DEFAULT_MAX_UPLOAD_BYTES,
    DOCUMENT_KINDS,
    FileKind,
    OversizeUpload,
    UploadRuleError,
    accepted_hint,
    check_upload,
    clean_filename,
    describe_size,
    download_name,
    extension_of,
    limit_upload_size,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1d6ab0000000049454e44ae426082"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 20 + b"\xff\xd9"
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00"
    + b"\x00" * 20
)
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + b"\x00" * 24
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def content_types(*overrides: tuple[str, str]) -> str:
    parts = "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{parts}</Types>"
    )


def a_zip(parts: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(**extra) -> bytes:
    return a_zip(
        {
            "[Content_Types].xml": content_types(("/word/document.xml", WORD_MAIN)),
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document><w:body><w:p/></w:body></w:document>",
            **extra,
        }
    )


def xlsx() -> bytes:
    return a_zip(
        {
            "[Content_Types].xml": content_types(("/xl/workbook.xml", EXCEL_MAIN)),
            "_rels/.rels": "<Relationships/>",
            "xl/workbook.xml": "<workbook><sheets/></workbook>",
            "xl/worksheets/sheet1.xml": "<worksheet/>",
        }
    )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refused(name: str, content: bytes, **options) -> UploadRuleError:
    with pytest.raises(UploadRuleError) as error:
        check_upload(upload(name, content), **options)
    assert error.value.field == options.get("field", "file")
    return error.value


@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type"),
    [
        ("minutes.pdf", PDF, FileKind.PDF, "application/pdf"),
        (
            "chronology.docx",
            docx(),
            FileKind.WORD,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "costs.xlsx",
            xlsx(),
            FileKind.EXCEL,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("map.png", PNG, FileKind.PNG, "image/png"),
        ("photo.jpg", JPEG, FileKind.JPEG, "image/jpeg"),
        ("photo.JPEG", JPEG, FileKind.JPEG, "image/jpeg"),
        ("plan.gif", GIF, FileKind.GIF, "image/gif"),
        ("scan.webp", WEBP, FileKind.WEBP, "image/webp"),
    ],
)
def test_each_kind_is_recognised_by_its_content(name, content, kind, content_type):
    checked = check_upload(upload(name, content))
    assert checked.kind is kind and checked.content_type == content_type
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.name == name


def test_a_word_file_whose_content_types_part_is_not_first_is_still_a_word_document():
    content = a_zip(
        {
            "word/document.xml": "<w:document/>",
            "docProps/app.xml": "<Properties/>",
            "[Content_Types].xml": content_types(("/word/document.xml", WORD_MAIN)),
        }
    )
    assert check_upload(upload("reordered.docx", content)).kind is FileKind.WORD


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", docx(), "The file is called report.pdf but it is a Word document"),
        ("report.docx", xlsx(), "The file is called report.docx but it is an Excel spreadsheet"),
        ("costs.xlsx", PDF, "The file is called costs.xlsx but it is a PDF"),
        ("photo.jpg", PNG, "The file is called photo.jpg but it is a PNG image"),
        ("notes.txt", PDF, "The file is called notes.txt but it is a PDF"),
    ],
)
def test_a_file_whose_name_says_another_accepted_kind_is_refused_saying_what_it_is(name, content, message):
    assert str(refused(name, content)) == message


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            EXE,
            "The file is called report.pdf but it is a Windows program, not a PDF, Word, Excel or image file",
        ),
        (
            "chronology.docx",
            a_zip({"notes.txt": "not an office file"}),
            "The file is called chronology.docx but it is a ZIP archive, not a PDF, Word, Excel or image file",
        ),
        (
            "minutes.pdf",
            b"Minutes of the panel, typed as plain text\n",
            "The file is called minutes.pdf but it is a text file, not a PDF, Word, Excel or image file",
        ),
        ("notes.txt", b"Plain notes\n", "notes.txt is a text file, not a PDF, Word, Excel or image file"),
        (
            "archive.zip",
            a_zip({"a.txt": "x"}),
            "archive.zip is a ZIP archive, not a PDF, Word, Excel or image file",
        ),
        ("mystery.bin", b"\x00\x01\x02\x03garbage", "mystery.bin is not a PDF, Word, Excel or image file"),
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
            "drawing.svg is an SVG image, not a PDF, Word, Excel or image file",
        ),
        (
            "page.html",
            b"<!DOCTYPE html><html></html>",
            "page.html is a web page, not a PDF, Word, Excel or image file",
        ),
        (
            "slides.pptx",
            a_zip({"[Content_Types].xml": content_types(), "ppt/presentation.xml": "<p/>"}),
            "slides.pptx is a PowerPoint presentation, not a PDF, Word, Excel or image file",
        ),
    ],
)
def test_content_of_another_kind_is_refused_naming_what_is_accepted(name, content, message):
    assert str(refused(name, content)) == message


def test_macros_are_refused_with_what_to_do_instead():
    macro_main = "application/vnd.ms-word.document.macroEnabled.main+xml"
    docm = a_zip(
        {
            "[Content_Types].xml": content_types(("/word/document.xml", macro_main)),
            "word/document.xml": "<w:document/>",
            "word/vbaProject.bin": b"\x00macro",
        }
    )
    assert str(refused("letter.docm", docm)) == (
        "letter.docm is a Word document with macros: save it as a Word document (.docx), which keeps no "
        "macros, and choose that file"
    )
    # A macro project hidden in a file that says it is an ordinary Word document is refused too.
    assert "with macros" in str(refused("letter.docx", docx(**{"word/vbaProject.bin": b"\x00macro"})))


def test_word_and_excel_97_2003_files_are_refused_with_how_to_convert_them():
    assert str(refused("old-minutes.doc", OLE2)) == (
        "old-minutes.doc is an Office 97-2003 file: open it, save it in the .docx or .xlsx format and "
        "choose that file"
    )


def test_only_the_kinds_a_caller_allows_are_accepted():
    allowed = {FileKind.WORD, FileKind.EXCEL}
    assert check_upload(upload("entries.xlsx", xlsx()), allowed=allowed).kind is FileKind.EXCEL
    assert (
        str(refused("entries.pdf", PDF, allowed=allowed)) == "entries.pdf is a PDF, not a Word or Excel file"
    )
    assert refused("entries.pdf", PDF, allowed=allowed, field="spreadsheet").field == "spreadsheet"


def test_an_empty_file_and_no_file_are_refused():
    assert str(refused("empty.pdf", b"")) == "The selected file is empty"
    with pytest.raises(UploadRuleError, match="Select a file"):
        check_upload(None)


def test_the_size_limit_comes_from_the_setting_and_is_said_in_the_message():
    assert DEFAULT_MAX_UPLOAD_BYTES == 20 * 1024 * 1024
    assert accepted_hint().endswith("smaller than 20 MB")
    exactly = PDF + b"\n" * (2048 - len(PDF))
    with override_settings(THREADLINE_MAX_UPLOAD_BYTES=2048):
        assert check_upload(upload("fits.pdf", exactly)).size == 2048
        assert str(refused("big.pdf", exactly + b"\n")) == "The selected file must be smaller than 2 KB"
        assert accepted_hint().endswith("smaller than 2 KB")
    assert str(refused("big.pdf", exactly, max_bytes=1024)) == "The selected file must be smaller than 1 KB"


class NoWholeReads(io.BytesIO):
    """A stream that fails the test if anyone reads all of it at once."""

    def read(self, size=-1):
        assert size is not None and size >= 0, "the whole file was read into memory"
        return super().read(size)


def test_the_file_is_hashed_in_chunks_never_read_whole():
    content = PDF + b"0" * (3 * File.DEFAULT_CHUNK_SIZE)
    stream = File(NoWholeReads(content), name="large.pdf")
    checked = check_upload(stream)
    assert checked.sha256 == hashlib.sha256(content).hexdigest() and checked.size == len(content)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("C:\\Users\\sam\\Documents\\report.pdf", "report.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("minutes\x00\x07 of\tthe  panel.pdf", "minutes of the panel.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("  .report.pdf.  ", "report.pdf"),
        ("", ""),
    ],
)
def test_the_kept_name_has_no_path_and_no_control_characters(sent, kept):
    assert clean_filename(sent) == kept


def test_a_long_name_is_shortened_keeping_its_extension():
    kept = clean_filename("a" * 400 + ".docx")
    assert len(kept) == 255 and kept.endswith("a.docx")


def test_a_name_without_an_extension_is_accepted_and_downloads_with_the_right_one():
    checked = check_upload(upload("Minutes 12.03.2025", PDF))
    assert checked.kind is FileKind.PDF and extension_of(checked.name) == ""
    assert download_name(checked.name, checked.extension) == "Minutes 12.03.2025.pdf"
    assert download_name("report.pdf", "pdf") == "report.pdf"


@pytest.mark.parametrize(
    ("size", "said"),
    [
        (12, "12 bytes"),
        (1, "1 byte"),
        (2048, "2 KB"),
        (350 * 1024, "350 KB"),
        (1536 * 1024, "1.5 MB"),
        (20 * 1024 * 1024, "20 MB"),
    ],
)
def test_sizes_are_said_as_people_read_them(size, said):
    assert describe_size(size) == said


def multipart_request(content: bytes, max_bytes: int):
    body = encode_multipart("BoUnDaRy", {"file": upload("big.pdf", content), "description": "kept"})
    request = RequestFactory().generic(
        "POST", "/upload/", body, content_type="multipart/form-data; boundary=BoUnDaRy"
    )
    limit_upload_size(request, max_bytes)
    return request


def test_the_upload_limit_drops_the_bytes_of_a_file_past_the_limit_but_knows_its_size():
    content = PDF + b"0" * 300_000
    request = multipart_request(content, max_bytes=100_000)
    sent = request.FILES["file"]
    assert isinstance(sent, OversizeUpload) and sent.size == len(content) and sent.read() == b""
    assert request.POST["description"] == "kept"
    with pytest.raises(UploadRuleError, match="must be smaller than 98 KB"):
        check_upload(sent, max_bytes=100_000)


def test_the_upload_limit_passes_a_file_within_it_on_whole():
    content = PDF + b"0" * 50_000
    request = multipart_request(content, max_bytes=100_000)
    sent = request.FILES["file"]
    assert not isinstance(sent, OversizeUpload) and sent.read() == content
    assert check_upload(sent, max_bytes=100_000).kind is FileKind.PDF


# --- CSV, for the callers that ask for it

IMPORT_KINDS = {FileKind.CSV, FileKind.EXCEL, FileKind.WORD}
CSV_TEXT = b"Date,What happened\n12/03/2024,Home visit by the social worker\n"


def test_csv_is_not_a_document_kind_so_the_documents_page_still_refuses_text():
    assert FileKind.CSV not in DOCUMENT_KINDS
    assert (
        str(refused("entries.csv", CSV_TEXT))
        == "entries.csv is a text file, not a PDF, Word, Excel or image file"
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("entries.csv", CSV_TEXT),
        ("Entries.CSV", b"\xef\xbb\xbf" + CSV_TEXT),  # UTF-8 with a byte-order mark
        ("entries", CSV_TEXT),
        # Text in another encoding is still a CSV file: the import names the line it cannot read.
        ("entries.csv", b"Date,What happened\n12/03/2024,\x93Home visit\x94\n"),
        ("entries.csv", "Date,What happened\n".encode("utf-16")),
    ],
)
def test_text_named_csv_or_unnamed_is_a_csv_file_when_the_caller_asks_for_csv(name, content):
    checked = check_upload(upload(name, content), allowed=IMPORT_KINDS)
    assert checked.kind is FileKind.CSV and checked.content_type == "text/csv" and checked.extension == "csv"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "entries.xlsx",
            CSV_TEXT,
            "The file is called entries.xlsx but it is a text file, not a Word, Excel or CSV file",
        ),
        ("entries.csv", xlsx(), "The file is called entries.csv but it is an Excel spreadsheet"),
        ("entries.csv", PDF, "The file is called entries.csv but it is a PDF, not a Word, Excel or CSV file"),
        ("entries.txt", CSV_TEXT, "entries.txt is a text file, not a Word, Excel or CSV file"),
        (
            "entries.csv",
            b"<!DOCTYPE html><html></html>",
            "The file is called entries.csv but it is a web page, not a Word, Excel or CSV file",
        ),
        (
            "entries.csv",
            EXE,
            "The file is called entries.csv but it is a Windows program, not a Word, Excel or CSV file",
        ),
        ("entries.csv", b"\x00\x01\x02\x03garbage", "entries.csv is not a Word, Excel or CSV file"),
    ],
)
def test_a_csv_import_refuses_what_is_not_text_saying_what_it_is(name, content, message):
    assert str(refused(name, content, allowed=IMPORT_KINDS)) == message


def test_the_hint_names_csv_when_it_is_accepted():
    assert accepted_hint(IMPORT_KINDS, max_bytes=50 * 1024 * 1024) == (
        "Word (.docx), Excel (.xlsx) or CSV (.csv), smaller than 50 MB"
    )
