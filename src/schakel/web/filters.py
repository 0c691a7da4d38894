"""What the API's list filters (django-filter FilterSets in `<app>/filters.py`) share."""

import django_filters


class BooleanFilter(django_filters.TypedChoiceFilter):
    """A yes/no filter for the API's lists: `true` or `false`, and a 400 problem for anything else
    (django-filter's own BooleanFilter ignores a value it does not know, so a typo would silently
    return everything)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        super().__init__(*args, coerce=lambda value: value == "true", **kwargs)
