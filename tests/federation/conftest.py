from tests.linkage.conftest import open_case_of, twins_of_records  # noqa: F401 -- fixtures
