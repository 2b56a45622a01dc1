"""In a real browser, checked with axe on every page: a manager chooses a file that lies about
its type, reads why it was refused with their description still there, adds the real file,
downloads it and removes it."""

import pytest
from playwright.sync_api import expect

from threadline.reviews.demo_documents import docx, pdf
from threadline.reviews.models import ReviewDocument

from .journey import already_signed_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.django_db(transaction=True)]


def test_a_manager_adds_a_document_after_a_refusal_downloads_it_and_removes_it(
    open_browser,
    manager,
    review,
    tmp_path,
):
    liar = tmp_path / "Police report.pdf"
    liar.write_bytes(docx(["Not a PDF at all"]))
    real = tmp_path / "Police report.docx"
    real.write_bytes(docx(["Police report, final"]))
    summary = tmp_path / "Agency summary.pdf"
    summary.write_bytes(pdf(["Agency summary"]))

    mia = open_browser()
    already_signed_in(mia, manager)
    mia.visit(f"/reviews/{review.pk}/documents/")
    assert mia.heading() == "Documents"
    page = mia.page

    page.get_by_label("Upload a file").set_input_files(str(liar))
    page.get_by_label("Description (optional)").fill("Police report, final version")
    mia.press("Add the document")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The file is called Police report.pdf but it is a Word document"
    )
    expect(page.get_by_label("Description (optional)")).to_have_value("Police report, final version")

    page.get_by_label("Upload a file").set_input_files(str(real))
    mia.press("Add the document")
    expect(page.get_by_text("Police report.docx has been added to the documents")).to_be_visible()
    page.get_by_label("Upload a file").set_input_files(str(summary))
    mia.press("Add the document")
    row = page.locator("tr", has_text="Agency summary.pdf")
    expect(row).to_contain_text("PDF")

    with page.expect_download() as downloading:
        row.get_by_role("link", name="Download Agency summary.pdf").click()
    download = downloading.value
    assert download.suggested_filename == "Agency summary.pdf"
    assert open(download.path(), "rb").read() == summary.read_bytes()

    mia.arrive_by(row.get_by_role("link", name="Remove Agency summary.pdf"))
    mia.press("Remove the document")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the document is being removed")
    page.get_by_label("Why are you removing this document?").fill("Replaced by the signed copy")
    mia.press("Remove the document")
    expect(page.locator("table", has_text="Removed documents")).to_contain_text("Replaced by the signed copy")
    assert ReviewDocument.objects.filter(removed_at__isnull=True).count() == 1
