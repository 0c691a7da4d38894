"""The provider's claims: per user name, from the JSON file the test wrote (OIDC_PROVIDER_USERS).

The file is read on every token, so a test can change a user's claims between two log-ins.
"""

import json
import os
from pathlib import Path

from oauth2_provider.oauth2_validators import OAuth2Validator


def provider_users() -> list[dict]:
    return json.loads(Path(os.environ["OIDC_PROVIDER_USERS"]).read_text(encoding="utf-8"))


class ClaimsValidator(OAuth2Validator):
    # Every claim in the ID token and the userinfo answer, whatever the scope.
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        for user in provider_users():
            if user["username"] == request.user.username:
                return dict(user["claims"])
        return {}
