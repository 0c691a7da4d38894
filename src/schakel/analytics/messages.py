"""User-facing errors of the analytics code, translatable without importing Django."""


def gettext_noop(message: str) -> str:
    """Marks a message for translation (Django's makemessages finds it) without needing Django."""
    return message


class UserFacingError(ValueError):
    """An input that cannot be used; the message is fit to show to a user.

    `template` is the English message with `%(name)s` placeholders and `params` its values, so
    that a caller with a translation at hand can show `gettext(template) % params`.
    """

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)

    def translated(self, gettext) -> str:
        text = gettext(self.template)
        return text % self.params if self.params else text
