"""What other parts of Schakel may hear about a case, after it is committed.

These signals carry no business logic: the case services have done all their work (written,
audited, history appended) before a signal is sent, and they are sent only once the transaction
commits (`transaction.on_commit`), so a failing listener — say, notifications — never undoes
or loses the action. Listeners connect in their AppConfig.ready().
"""

from django.dispatch import Signal

# A partner's participation in a case has ended: kwargs `participation` (with `ended_by`,
# `end_reason`, `end_reason_category`) and `by` (who ended it). The partner should be told.
participation_ended = Signal()
