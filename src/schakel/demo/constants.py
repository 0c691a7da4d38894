"""The demo log-ins named in the README; all have the password in settings.SCHAKEL_DEMO_PASSWORD."""

DEMO_USERNAMES = [
    "regisseur",
    "coordinator",
    "politie",
    "reclassering",
    "wijkteam",
    "corporatie",
    "analist",
    "beheerder",
    "auditor",
]
