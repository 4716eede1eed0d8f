import io
import json
import urllib.request

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from mentoring.lib import email, pdf
from mentoring.programs.models import Participant
from tests.factories import AgreementFactory, AgreementVersionFactory, UserFactory
from tests.helpers import task_worker

# A 1x1 transparent PNG, inline: the one kind of URL a PDF may load.
PIXEL = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def add_template_dir(settings, directory):
    """Changing TEMPLATES through pytest-django's `settings` resets Django's template engines."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], directory]}
    ]


@pytest.fixture
def pdf_template(tmp_path, settings):
    (tmp_path / "sample.html").write_text(
        '{% extends "lib/pdf_base.html" %}{% block content %}'
        '<h1>Hello {{ name }}</h1><img src="https://example.org/tracker.png">'
        "{% endblock %}"
    )
    add_template_dir(settings, tmp_path)
    return "sample.html"


# Every PDF carries the organisation's branding, read from the database (or its default).
@pytest.mark.django_db
class TestRenderPdf:
    def test_it_renders_a_template_with_page_numbers(self, pdf_template):
        reader = PdfReader(io.BytesIO(pdf.render_pdf(pdf_template, {"name": "Mina"})))
        text = reader.pages[0].extract_text()
        assert "Hello Mina" in text
        assert "Page 1 of 1" in text

    @pytest.mark.parametrize(("size", "width_points"), [("Letter", 612), ("A4", 595)])
    def test_paper_size_comes_from_the_settings(self, pdf_template, settings, size, width_points):
        settings.PDF_PAGE_SIZE = size
        reader = PdfReader(io.BytesIO(pdf.render_pdf(pdf_template, {"name": "Mina"})))
        assert round(float(reader.pages[0].mediabox.width)) == width_points

    def test_it_never_fetches_from_the_network(self, pdf_template, monkeypatch):
        attempts = []
        monkeypatch.setattr("socket.create_connection", lambda *args, **kw: attempts.append(args))
        assert pdf.render_pdf(pdf_template, {"name": "Mina"}).startswith(b"%PDF")
        assert attempts == []

    def test_it_attaches_or_fetches_no_file_and_no_url(self, tmp_path, settings, monkeypatch):
        secret = tmp_path / "db.sqlite3"
        secret.write_text("the-database-itself")
        (tmp_path / "leaky.html").write_text(
            '{% extends "lib/pdf_base.html" %}{% block content %}<h1>Hello</h1>'
            f'<link rel="attachment" href="file://{secret}">'
            f'<link rel="stylesheet" href="file://{secret}">'
            '<img src="file:///etc/passwd"><img src="http://example.org/a.png">'
            f'<img src="db.sqlite3"><img src="{PIXEL}">'
            "{% endblock %}"
        )
        add_template_dir(settings, tmp_path)
        opened = []
        real_open = urllib.request.OpenerDirector.open
        monkeypatch.setattr(
            urllib.request.OpenerDirector,
            "open",
            lambda self, request, *args, **kwargs: (
                opened.append(request.full_url) or real_open(self, request, *args, **kwargs)
            ),
        )
        content = pdf.render_pdf("leaky.html", {})
        reader = PdfReader(io.BytesIO(content))
        assert "Hello" in reader.pages[0].extract_text()
        assert reader.attachments == {}
        assert b"the-database-itself" not in content
        assert opened == [PIXEL]

    def test_the_response_is_a_download(self):
        response = pdf.pdf_response(b"%PDF-1.7", "agreement.pdf")
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="agreement.pdf"'


class TestTemplatedEmail:
    def test_it_writes_the_email_in_the_task_from_ids(
        self, mentee, tmp_path, settings, django_capture_on_commit_callbacks
    ):
        (tmp_path / "hello_subject.txt").write_text("Hello\n {{ person }}\n")
        (tmp_path / "hello_message.txt").write_text(
            "Dear {{ person }}, a {{ role.label|lower }} for {{ weeks }} weeks: {{ site_url }}/"
        )
        add_template_dir(settings, tmp_path)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            email.send_templated_email(
                "hello",
                {"person": mentee, "role": Participant.Role.MENTEE, "weeks": 6},
                to=[mentee],
            )
            assert mail.outbox == []
        for callback in callbacks:
            callback()
        assert mail.outbox[0].subject == "Hello Mina Mentee"
        assert mail.outbox[0].body == (
            f"Dear Mina Mentee, a mentee for 6 weeks: {settings.SITE_URL}/"
        )
        assert mail.outbox[0].to == [mentee.email]

    @pytest.mark.parametrize(
        "context",
        [
            {"name": "Mina"},
            {"url": "https://example.org/reset/abc"},
            {"details": {"person": 1}},
            {"people": [1, 2]},
            {"Dear Mina, your link: https://example.org/reset/abc": 1},
        ],
    )
    def test_it_refuses_text_in_what_the_task_keeps(self, mentee, context):
        with pytest.raises(TypeError):
            email.send_templated_email("hello", context, to=[mentee])

    def test_it_refuses_addresses_and_text_as_a_template(self, mentee):
        with pytest.raises(TypeError):
            email.send_templated_email("hello", {}, to=[mentee.email])
        with pytest.raises(TypeError):
            email.send_templated_email("Dear Mina, https://example.org", {}, to=[mentee])

    def test_plain_text_emails_are_not_html_escaped(
        self, pair, mentee, mentor, mailoutbox, django_capture_on_commit_callbacks
    ):
        mentee.full_name = "Aoife O'Brien & Co <Finance>"
        mentee.save(update_fields=["full_name"])
        version = AgreementVersionFactory(agreement=AgreementFactory(mentorship=pair))
        with django_capture_on_commit_callbacks(execute=True):
            email.send_templated_email(
                "agreements/email/partner_signed",
                {"signer": mentee, "partner": mentor, "version": version, "mentorship": pair},
                to=[mentor],
            )
            email.send_templated_email(
                "enabling/email/help_requested", {"mentorship": pair, "asker": mentee}, to=[mentor]
            )
        for message in mailoutbox:
            assert "Aoife O'Brien & Co <Finance>" in message.subject
            assert "Aoife O'Brien & Co <Finance>" in message.body
            assert "&amp;" not in message.body and "&#x27;" not in message.subject


def run_worker(django_capture_on_commit_callbacks) -> list[str]:
    """Run the queued tasks as `manage.py db_worker` does; return each row's stored arguments."""
    worker = task_worker()
    stored = []
    while (row := DBTaskResult.objects.ready().first()) is not None:
        stored.append(json.dumps(row.args_kwargs))
        row.claim("test")
        # A task that queues email (the invitations) commits as the worker would.
        with django_capture_on_commit_callbacks(execute=True):
            worker.run_task(row)
    return stored


class TestTaskTable:
    @pytest.fixture(autouse=True)
    def database_backend(self, settings):
        """Tasks as in production: rows in django-tasks-db's table, run by its worker."""
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def test_no_row_holds_text_or_a_link_and_a_sent_email_leaves_none(
        self, pair, mentee, coordinator, tmp_path, settings, django_capture_on_commit_callbacks
    ):
        (tmp_path / "welcome_subject.txt").write_text("Welcome, {{ person }}")
        (tmp_path / "welcome_message.txt").write_text(
            "{% load invitations %}Choose your password: {% set_password_url person %}"
        )
        add_template_dir(settings, tmp_path)
        with django_capture_on_commit_callbacks(execute=True):
            email.send_templated_email("welcome", {"person": mentee}, to=[mentee])
            email.send_templated_email(
                "enabling/email/help_requested",
                {"mentorship": pair, "asker": mentee},
                to=[coordinator],
            )
        stored = run_worker(django_capture_on_commit_callbacks)

        welcome, help_requested = mail.outbox
        assert "/password/reset/key/" in welcome.body
        assert pair.get_absolute_url() in help_requested.body
        assert len(stored) == 2
        for arguments in stored:
            for text in ["://", "reset", "password", "Mina", "Casey", "@", "Welcome", "check-in"]:
                assert text not in arguments, text
        assert not DBTaskResult.objects.exists()

    def test_a_failed_email_keeps_its_row_for_the_admin(
        self, mentee, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            email.send_templated_email("no/such/template", {}, to=[mentee])
        run_worker(django_capture_on_commit_callbacks)
        assert DBTaskResult.objects.failed().count() == 1


class TestTaskAdmin:
    def test_it_shows_no_task_arguments(self, db, client_for):
        row = DBTaskResult.objects.create(
            task_path="mentoring.lib.email.send_email",
            backend_name="default",
            args_kwargs={"args": [], "kwargs": {"context": {"marker": "not-for-the-admin"}}},
            return_value="a-returned-value",
        )
        staff = client_for(UserFactory(is_staff=True, is_superuser=True))
        page = staff.get(reverse("admin:django_tasks_database_dbtaskresult_change", args=[row.pk]))
        assert page.status_code == 200
        assert "send_email" in page.text
        assert "not-for-the-admin" not in page.text
        assert "a-returned-value" not in page.text
        listing = staff.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
        assert "not-for-the-admin" not in listing.text
