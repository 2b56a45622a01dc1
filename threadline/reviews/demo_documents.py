"""Invented supporting documents for the demo reviews: a police chronology (Excel), notes of the
learning meeting (Word) and an agency summary (PDF), made here byte by byte and added through
the upload service, so they pass the same checks as a real file."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile

from . import policies
from .models import ReviewDocument
from .services.documents import review_document_upload

# A fixed time inside the files, so the same document is the same bytes every time.
ZIP_TIME = (2025, 3, 10, 9, 0, 0)

CHRONOLOGY = [
    ("Date", "Agency", "Event"),
    ("2024-09-02", "Midshire Police", "Stop and search; nothing found; intelligence report filed"),
    ("2024-11-18", "Midshire Police", "Reported missing overnight; found the next morning in another town"),
    ("2025-01-07", "Midshire Police", "Seen with older young people known for county lines activity"),
    ("2025-02-21", "Midshire Police", "Return home interview offered; declined"),
]
MEETING_NOTES = [
    "Initial learning review: notes of the meeting",
    "Present: the chair, the lead reviewer, and the leads of police, health, education and children's "
    "services.",
    "Each agency summarised its contact in the twelve months before the incident.",
    "Emerging theme: concerns about exploitation were held by several agencies but not brought together.",
    "Agreed: each agency to return its chronology within ten working days.",
]
AGENCY_SUMMARY = [
    "Agency summary: Northbridge Children's Services",
    "Contact with the family since 2023: two assessments and a child in need plan.",
    "The plan closed in December 2024 after school attendance improved.",
    "Exploitation screening was not repeated when the child went missing in November 2024.",
]

DOCUMENTS = [
    ("Police chronology v2.xlsx", "Police chronology, version 2", lambda: xlsx(CHRONOLOGY)),
    (
        "Learning meeting notes.docx",
        "Notes of the initial learning review meeting",
        lambda: docx(MEETING_NOTES),
    ),
    (
        "Agency summary - Children's Services.pdf",
        "Children's services summary of involvement",
        lambda: pdf(AGENCY_SUMMARY),
    ),
]


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="{target}"/></Relationships>'
)


def _content_types(overrides: dict[str, str]) -> str:
    parts = "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides.items())
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{parts}</Types>"
    )


def docx(paragraphs: list[str]) -> bytes:
    """A Word document of plain paragraphs."""
    body = "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
    return _zip(
        {
            "[Content_Types].xml": _content_types(
                {
                    "/word/document.xml": "application/vnd.openxmlformats-officedocument."
                    "wordprocessingml.document.main+xml"
                }
            ),
            "_rels/.rels": _RELS.format(target="word/document.xml"),
            "word/document.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body>{body}</w:body></w:document>"
            ),
        }
    )


def xlsx(rows: list[tuple[str, ...]]) -> bytes:
    """An Excel workbook of one sheet of text cells."""
    cells = "".join(
        f'<row r="{r}">'
        + "".join(
            f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
            for c, value in enumerate(row)
        )
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    sheet_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return _zip(
        {
            "[Content_Types].xml": _content_types(
                {
                    "/xl/workbook.xml": "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet.main+xml",
                    "/xl/worksheets/sheet1.xml": "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.worksheet+xml",
                }
            ),
            "_rels/.rels": _RELS.format(target="xl/workbook.xml"),
            "xl/workbook.xml": (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{sheet_ns}" '
                f'xmlns:r="{rel_ns}"><sheets><sheet name="Chronology" sheetId="1" r:id="rId1"/></sheets>'
                "</workbook>"
            ),
            "xl/_rels/workbook.xml.rels": _RELS.replace(
                "officeDocument/2006/relationships/officeDocument",
                "officeDocument/2006/relationships/worksheet",
            ).format(target="worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml": (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{sheet_ns}">'
                f"<sheetData>{cells}</sheetData></worksheet>"
            ),
        }
    )


def pdf(lines: list[str]) -> bytes:
    """A one-page PDF of lines of text in Helvetica."""

    def literal(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = "BT /F1 12 Tf 72 760 Td 16 TL " + " ".join(f"({literal(line)}) '" for line in lines) + " ET"
    stream = text.encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def load_demo_data(reviews) -> None:
    """Add the invented documents to each demo review, once: a document already there by name
    (even removed) is not added again."""
    for review in reviews:
        actor = review.started_by
        if actor is None or not policies.can_upload_documents(actor, review):
            continue
        present = set(ReviewDocument.objects.filter(review=review).values_list("original_name", flat=True))
        for name, description, build in DOCUMENTS:
            if name in present:
                continue
            review_document_upload(
                actor=actor,
                review=review,
                uploaded_file=SimpleUploadedFile(name, build()),
                description=description,
            )
