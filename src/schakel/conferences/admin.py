"""Nothing of this app is in the admin on purpose: its models hold case data (personal data),
which is read only through the access-controlled, audited screens (see `access.policy`)."""
