import pytest

from tests.linkage.conftest import open_case_of, twins_of_records  # noqa: F401 -- fixtures


@pytest.fixture(autouse=True)
def _no_parsed_indexes_between_tests():
    """Each test its own peers: parsed indexes of an earlier test (same ids, rolled back) go."""
    from schakel.federation import services

    services._PARSED.clear()
    yield
    services._PARSED.clear()
