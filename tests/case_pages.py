"""The case page is in sections (cases.views.SECTIONS); a test that asks "what does this reader
see of the case?" reads all of them."""

from dataclasses import dataclass

from django.urls import reverse

SECTION_URLS = [
    "cases:detail",
    "cases:persons",
    "cases:plan",
    "cases:conferences",
    "cases:notes",
    "cases:history",
]


@dataclass
class WholeCasePage:
    status_code: int
    content: bytes


def whole_case_page(client, case_pk) -> WholeCasePage:
    """Every section of the case page as one response: the status they share (a section
    answering otherwise than the others fails here) and their content joined."""
    responses = [client.get(reverse(name, args=[case_pk])) for name in SECTION_URLS]
    codes = {response.status_code for response in responses}
    assert len(codes) == 1, [
        (n, r.status_code) for n, r in zip(SECTION_URLS, responses, strict=True)
    ]
    return WholeCasePage(codes.pop(), b"".join(response.content for response in responses))
