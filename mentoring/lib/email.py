"""Email through the task queue, sent once the database transaction has committed."""

from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string


@task
def send_email(*, subject: str, body: str, to: list[str]) -> None:
    EmailMessage(subject=subject, body=body, to=to).send()


def send_templated_email(template_prefix: str, context: dict, *, to: list[str]) -> None:
    """Render `<prefix>_subject.txt` and `<prefix>_message.txt`, queue them after commit."""
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    body = render_to_string(f"{template_prefix}_message.txt", context)
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=to))
