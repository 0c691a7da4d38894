import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from schakel.registry.validators import is_valid_bsn, validate_bsn, validate_postcode
from tests.factories import VALID_BSNS


@pytest.mark.parametrize("bsn", VALID_BSNS)
def test_valid_bsns_pass_the_eleven_test(bsn):
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize(
    "bsn", ["111222334", "123456789", "000000000", "12345678", "1234567890", "abcdefghi", ""]
)
def test_invalid_bsns_fail(bsn):
    assert not is_valid_bsn(bsn)


def test_bsn_error_messages_are_dutch():
    with translation.override("nl"):
        with pytest.raises(ValidationError) as excinfo:
            validate_bsn("123456789")
        assert "11-proef" in str(excinfo.value.messages[0])


@pytest.mark.parametrize("postcode", ["3072AB", "3072 ab", "9999ZZ"])
def test_valid_postcodes(postcode):
    validate_postcode(postcode)


@pytest.mark.parametrize("postcode", ["0123AB", "3072A", "ABCDEF", "30721AB"])
def test_invalid_postcodes(postcode):
    with pytest.raises(ValidationError):
        validate_postcode(postcode)
