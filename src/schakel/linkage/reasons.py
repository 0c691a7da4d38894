"""The reason per pair in clerical review: what the model weighed, in words a reviewer reads.

A run keeps, with each candidate pair, the level every comparison fell in and its match weight
(`analytics.linkage`, `explain`). Here the labels of those levels become sentences such as
"BSN: both valid and different — strongly against", and the weight becomes for or against.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Short words ("equal", "for") have a context of their own, "linkage evidence": elsewhere they
# may read otherwise. (A literal each time: makemessages reads only literal contexts.)

# The comparisons of `analytics.linkage._comparisons`, by their output column name.
COMPARISONS = {
    "name": _("Name"),
    "given_name": _("Given name"),
    "surname": _("Surname"),
    "date_of_birth": _("Date of birth"),
    "national_id": _("BSN"),
    "address": _("Address"),
    "street": _("Street"),
    "house_number": _("House number"),
    "postcode": _("Postcode"),
    "city": _("City"),
    "sex": _("Sex"),
}

# The levels' fixed labels (`label_for_charts` in `analytics.linkage`) in the reviewer's words.
LEVELS = {
    "Missing": pgettext_lazy("linkage evidence", "missing in one of the records"),
    "Equal": pgettext_lazy("linkage evidence", "equal"),
    "Given name and surname swapped": pgettext_lazy(
        "linkage evidence", "given name and surname swapped"
    ),
    "Swapped, with a typo": pgettext_lazy(
        "linkage evidence", "given name and surname swapped, with a typo"
    ),
    "One name in the other's place": pgettext_lazy(
        "linkage evidence", "one name in the other's place, the other changed"
    ),
    "Both nearly equal": pgettext_lazy("linkage evidence", "both nearly equal (a typo)"),
    "Both similar": pgettext_lazy("linkage evidence", "both similar"),
    "Same surname, another given name": pgettext_lazy(
        "linkage evidence", "surname alike, given name differs beyond a typo"
    ),
    "Only the surname equal": pgettext_lazy("linkage evidence", "only the surname equal"),
    "Only the given name equal": pgettext_lazy("linkage evidence", "only the given name equal"),
    "One of them similar": pgettext_lazy("linkage evidence", "given name or surname alike"),
    "Different": pgettext_lazy("linkage evidence", "different"),
    "Nearly equal": pgettext_lazy("linkage evidence", "nearly equal (a typo)"),
    "Similar": pgettext_lazy("linkage evidence", "alike"),
    "One digit differs": pgettext_lazy("linkage evidence", "one digit differs"),
    "Day and month swapped": pgettext_lazy("linkage evidence", "day and month swapped"),
    "Two digits differ": pgettext_lazy("linkage evidence", "two digits differ"),
    "Two different valid BSNs": pgettext_lazy("linkage evidence", "both valid and different"),
    "Same home": pgettext_lazy("linkage evidence", "same home"),
    "Same home, another given name": pgettext_lazy(
        "linkage evidence", "same home, but a household member's given name: no evidence"
    ),
    "Same street": pgettext_lazy("linkage evidence", "same street or postcode"),
    "Same city": pgettext_lazy("linkage evidence", "same city"),
    "Elsewhere": pgettext_lazy("linkage evidence", "elsewhere"),
    "Sexes differ": pgettext_lazy("linkage evidence", "both known and different"),
}

# Match weight (log2 of the Bayes factor) from which evidence is strong: 32 times likelier.
STRONG = 5.0
WEAK = 1.0


def strength(weight: float) -> tuple[str, str]:
    """(direction, words): how much a comparison's weight counts for or against one person."""
    if weight >= STRONG:
        return "for", str(pgettext_lazy("linkage evidence", "strongly for"))
    if weight >= WEAK:
        return "for", str(pgettext_lazy("linkage evidence", "for"))
    if weight > -WEAK:
        return "neutral", str(pgettext_lazy("linkage evidence", "hardly matters"))
    if weight > -STRONG:
        return "against", str(pgettext_lazy("linkage evidence", "against"))
    return "against", str(pgettext_lazy("linkage evidence", "strongly against"))


def explain(reasons: dict) -> list[dict]:
    """One row per comparison (name, outcome, weight, direction, words), the strongest evidence
    against first; empty for a pair stored before runs kept their reasons."""
    rows = []
    for item in reasons.get("comparisons", []):
        weight = float(item["weight"])
        direction, words = strength(weight)
        rows.append(
            {
                "key": item["comparison"],
                "comparison": COMPARISONS.get(item["comparison"], item["comparison"]),
                "outcome": LEVELS.get(item["level"], item["level"]),
                "weight": weight,
                "direction": direction,
                "strength": words,
            }
        )
    return sorted(rows, key=lambda row: row["weight"])


def strongest_against(reasons: dict) -> dict | None:
    """The row of `explain` that counts most against one person, if any does: the queue's
    one-line answer to "why is this pair in doubt?"."""
    rows = explain(reasons)
    return rows[0] if rows and rows[0]["direction"] == "against" else None
