"""The worker's task: send one mail from the outbox (Django's tasks API)."""

from django_tasks import task


@task()
def send_mail_task(mail_id: int) -> str:
    from . import mail

    return mail.send_outgoing(mail_id)
