"""Report PDFs fetch nothing from the network and nothing from the disk but Schakel's own static
files (web/pdf.py): a report cannot be made to request an address (no server-side request
forgery, no reading of local files)."""

import pytest

from schakel.web.pdf import BASE_URL, ResourceRefused, _fetcher


def test_a_report_reads_schakels_own_stylesheet():
    response = _fetcher().fetch(BASE_URL + "static/schakel/print.css")
    assert b"@page" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/tracker.png",
        "http://127.0.0.1:8000/admin/",
        BASE_URL + "static/../../etc/passwd",
        BASE_URL + "media/documents/x.pdf",
        BASE_URL + "static/does/not/exist.css",
    ],
)
def test_any_other_address_is_refused(url):
    with pytest.raises(ResourceRefused):
        _fetcher().fetch(url)


def test_local_files_are_refused():
    with pytest.raises((ResourceRefused, ValueError)):
        _fetcher().fetch("file:///etc/passwd")
