"""Reading the API's errors (problem details, RFC 9457; config/api.py)."""


def invalid_names(response) -> set[str]:
    """The fields a 400 names as wrong (`invalid-params`)."""
    assert response["Content-Type"].startswith("application/problem+json")
    return {param["name"] for param in response.json().get("invalid-params", [])}


def detail(response) -> str:
    assert response["Content-Type"].startswith("application/problem+json")
    return response.json()["detail"]
