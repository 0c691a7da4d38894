"""What other parts of Schakel may hear about target-group lists, after it is committed.

No business logic listens here: the services have written, audited and recorded the list
decision before a signal is sent, and send it only once the transaction commits
(`transaction.on_commit`), so a failing listener (notifications) never loses the decision.
"""

from django.dispatch import Signal

# A person on a list got an accountable coordinator: at inflow (`previous` is None) or by a
# reassignment. kwargs: `membership`, `coordinator` (the new one, to be told), `previous`,
# `decision` (the recorded ListDecision), `by`.
coordinator_assigned = Signal()
