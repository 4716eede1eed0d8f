"""Email through the task queue: the worker writes each message once the transaction commits.

A task's arguments stay in the task table and show wherever tasks are inspected, so they only
say which message to write: the template prefix, the recipients' ids, and a context of model
instances (by label and pk) and small values that are not text. Subjects, bodies and links, a
set-password link among them, exist only while the worker writes the email; text in a context
is a TypeError, so no caller can put words or links back into the table.
"""

import datetime
import functools
import importlib
import re
import uuid
import zoneinfo
from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.tasks import task
from django.template import Context, engines
from django.utils import timezone, translation

from mentoring.lib.languages import language_or_sites

TEMPLATE_PREFIX = re.compile(r"[a-z0-9_]+(/[a-z0-9_]+)*")


def _pack(name: str, value):
    # Choices come first: a TextChoices member is also a str, which is refused below.
    if isinstance(value, models.Choices):
        kind = type(value)
        return {"choice": f"{kind.__module__}:{kind.__qualname__}", "value": value.value}
    if isinstance(value, models.Model):
        return {"model": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, zoneinfo.ZoneInfo):
        return {"zone": value.key}
    if value is None or isinstance(value, bool | int):
        return value
    raise TypeError(
        f"Email context {name!r} is a {type(value).__name__}: pass a model instance, a choice "
        "or a number, and let the template write the text from it."
    )


def _unpack(value):
    if not isinstance(value, dict):
        return value
    if "model" in value:
        return apps.get_model(value["model"])._default_manager.get(pk=value["pk"])
    if "choice" in value:
        module, qualname = value["choice"].split(":")
        # A qualified name, because choices are often nested: Participant.Role.
        kind = functools.reduce(getattr, qualname.split("."), importlib.import_module(module))
        if not issubclass(kind, models.Choices):
            raise TypeError(f"{value['choice']} is not a Choices class.")
        return kind(value["value"])
    if "datetime" in value:
        return datetime.datetime.fromisoformat(value["datetime"])
    return zoneinfo.ZoneInfo(value["zone"])


def render_email(template_prefix: str, context: dict) -> tuple[str, str]:
    """The subject (on one line) and body of `<prefix>_subject.txt` and `<prefix>_message.txt`.

    Emails are plain text: nothing is HTML-escaped, so "O'Brien & Co" reads as typed.
    """
    engine = engines["django"].engine
    # The worker has no request, so no context processor: the sign-off's organisation name
    # comes from here. Through the app registry, as lib imports no app.
    branding = apps.get_model("branding", "Branding").current()
    context = Context(
        {"site_url": settings.SITE_URL, "branding": branding, **context}, autoescape=False
    )
    subject = engine.get_template(f"{template_prefix}_subject.txt").render(context)
    body = engine.get_template(f"{template_prefix}_message.txt").render(context)
    # ASCII whitespace only: French puts no-break spaces before its colons and in «  ».
    return _one_line(subject), body


def _one_line(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


@task
def send_email(
    *, template_prefix: str, context: dict, to: list[int], message_id: str | None = None
) -> None:
    # A worker that died after sending but before reporting success has its task run again
    # (mentoring/operations/workers.py): the mark says this message went. Through the app
    # registry, as lib imports no app. Tasks queued before message ids existed have none.
    sent_emails = apps.get_model("operations", "SentEmail")._default_manager
    if message_id and sent_emails.filter(message_id=message_id).exists():
        return
    # A deactivated or deleted account gets no email, even one queued before it went.
    people = get_user_model()._default_manager.filter(is_active=True).in_bulk(to)
    # Each in their own language (their profile's, or the site's), whoever sent it.
    by_language = defaultdict(list)
    for pk in to:
        if pk in people:
            person = people[pk]
            by_language[language_or_sites(person.language)].append(person.email)
    unpacked = {name: _unpack(value) for name, value in context.items()}
    for language, addresses in by_language.items():
        with translation.override(language):
            subject, body = render_email(template_prefix, unpacked)
        EmailMessage(subject=subject, body=body, to=addresses).send()
    if message_id and by_language:
        sent_emails.create(message_id=message_id, sent_at=timezone.now())


def send_templated_email(template_prefix: str, context: dict, *, to: list) -> None:
    """Queue the email to these users, to be written from `context` after the commit."""
    if not TEMPLATE_PREFIX.fullmatch(template_prefix):
        raise TypeError(f"{template_prefix!r} is not a template prefix.")
    for name in context:
        if not name.isidentifier():
            raise TypeError(f"{name!r} is not a name for a template variable.")
    packed = {name: _pack(name, value) for name, value in context.items()}
    user_model = get_user_model()
    if not all(isinstance(user, user_model) for user in to):
        raise TypeError("Send email to users: the worker looks their addresses up.")
    recipients = [user.pk for user in to]
    message_id = uuid.uuid4().hex
    transaction.on_commit(
        lambda: send_email.enqueue(
            template_prefix=template_prefix, context=packed, to=recipients, message_id=message_id
        )
    )
