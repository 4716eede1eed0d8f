import io

import pytest
from django.core import mail
from pypdf import PdfReader

from mentoring.lib import email, pdf


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

    def test_the_response_is_a_download(self):
        response = pdf.pdf_response(b"%PDF-1.7", "agreement.pdf")
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="agreement.pdf"'


class TestTemplatedEmail:
    def test_it_sends_after_the_transaction_commits(
        self, db, tmp_path, settings, django_capture_on_commit_callbacks
    ):
        (tmp_path / "hello_subject.txt").write_text("Hello\n {{ name }}\n")
        (tmp_path / "hello_message.txt").write_text("Dear {{ name }},\nwelcome.")
        add_template_dir(settings, tmp_path)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            email.send_templated_email("hello", {"name": "Mina"}, to=["mina@example.com"])
            assert mail.outbox == []
        for callback in callbacks:
            callback()
        assert mail.outbox[0].subject == "Hello Mina"
        assert mail.outbox[0].body == "Dear Mina,\nwelcome."
        assert mail.outbox[0].to == ["mina@example.com"]
