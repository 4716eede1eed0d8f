"""Asking for a copy of one's data, the email, the download and its day, and a long history
exported in a bounded number of queries."""

import datetime
import errno
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone

from mentoring.audit.models import AccessEvent, Action
from mentoring.meetings.models import AgendaQuestion, KickStarterQuestion, Meeting, Reflection
from mentoring.privacy import tasks
from mentoring.privacy.export import write_archive
from mentoring.privacy.models import RUNNING_MESSAGE, DataExport
from mentoring.privacy.services import (
    ExportRunning,
    delete_expired_exports,
    delete_exports_of,
    request_export,
)
from tests.factories import MentorshipFactory, agreement_in_effect

pytestmark = pytest.mark.django_db

YOUR_DATA = reverse("privacy:your_data")
QUERIES_OF_THE_PAGE = 5  # session, person, a count, the page, the latest


def download_url(export) -> str:
    return reverse("privacy:download_export", args=[export.pk])


def ready_copy(user, committed) -> DataExport:
    with committed():
        export = request_export(user=user)
    export.refresh_from_db()
    return export


class TestAsking:
    def test_the_page_says_what_the_copy_holds_and_links_deleting_the_account(
        self, client_for, mentee
    ):
        response = client_for(mentee).get(YOUR_DATA)
        assert "Request a copy of my data" in response.text
        assert "3-2-1 reflections" in response.text
        assert reverse("privacy:delete_account") in response.text
        assert "You have not asked for a copy yet." in response.text

    def test_the_profile_links_the_page(self, client_for, mentee):
        assert YOUR_DATA in client_for(mentee).get(reverse("accounts:profile")).text

    def test_asking_queues_a_copy_and_logs_it(self, client_for, mentee):
        response = client_for(mentee).post(YOUR_DATA, follow=True)
        assert "We are preparing your copy" in response.text
        export = DataExport.objects.get(user=mentee)
        assert export.status == DataExport.Status.QUEUED  # the worker has not run: no commit
        assert RUNNING_MESSAGE in response.text
        assert "Request a copy of my data" not in response.text
        event = AccessEvent.objects.get(action=Action.DATA_EXPORT_REQUESTED)
        assert (event.actor, event.subject) == (mentee, mentee)

    def test_asking_again_while_one_is_prepared_is_refused_with_the_reason(
        self, client_for, mentee
    ):
        client = client_for(mentee)
        client.post(YOUR_DATA)
        response = client.post(YOUR_DATA, follow=True)
        assert response.status_code == 200
        assert RUNNING_MESSAGE in response.text
        assert DataExport.objects.filter(user=mentee).count() == 1
        with pytest.raises(ExportRunning, match="being prepared"):
            request_export(user=mentee)

    def test_once_ready_another_may_be_asked_for(self, mentee, committed):
        ready_copy(mentee, committed)
        assert ready_copy(mentee, committed).status == DataExport.Status.READY
        assert DataExport.objects.filter(user=mentee).count() == 2


class TestReady:
    def test_the_person_is_emailed_a_link_written_by_the_worker(self, mentee, committed):
        export = ready_copy(mentee, committed)
        assert export.status == DataExport.Status.READY
        assert export.expires_at == export.finished_at + datetime.timedelta(days=1)
        assert export.size == storages["exports"].size(export.file_name)
        (message,) = mail.outbox
        assert message.to == [mentee.email]
        assert message.subject == "Your copy of your data is ready"
        assert f"http://127.0.0.1:8000{download_url(export)}" in message.body

    def test_the_owner_downloads_it_as_an_attachment_and_it_is_logged(
        self, client_for, mentee, committed
    ):
        export = ready_copy(mentee, committed)
        response = client_for(mentee).get(download_url(export))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "no-store" in response["Cache-Control"]
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        assert sorted(archive.namelist()) == ["data.json", "index.html"]
        event = AccessEvent.objects.get(action=Action.DATA_EXPORT_DOWNLOADED)
        assert (event.actor, event.subject) == (mentee, mentee)

    def test_the_page_lists_it_with_its_size_and_link(self, client_for, mentee, committed):
        export = ready_copy(mentee, committed)
        response = client_for(mentee).get(YOUR_DATA)
        assert download_url(export) in response.text
        assert "Ready" in response.text
        assert re.search(r"\d+(\.\d)?\s(bytes|KB)", response.text)

    @pytest.mark.parametrize("persona", ["mentor", "stranger", "coordinator"])
    def test_nobody_else_downloads_it(self, request, client_for, mentee, committed, persona):
        export = ready_copy(mentee, committed)
        other = request.getfixturevalue(persona)
        other.is_staff = persona == "coordinator"
        other.save(update_fields=["is_staff"])
        assert client_for(other).get(download_url(export)).status_code == 404
        assert not AccessEvent.objects.filter(action=Action.DATA_EXPORT_DOWNLOADED).exists()

    def test_after_its_day_it_is_gone_with_a_clear_page(self, client_for, mentee, committed):
        export = ready_copy(mentee, committed)
        client = client_for(mentee)
        # Its day is over (a session would not last that long: the day moves, not the clock).
        DataExport.objects.filter(pk=export.pk).update(
            expires_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        response = client.get(download_url(export))
        assert response.status_code == 410
        assert "This copy has expired" in response.text
        assert YOUR_DATA in response.text
        assert download_url(export) not in client.get(YOUR_DATA).text
        assert "Expired" in client.get(YOUR_DATA).text


class TestDeletingExpired:
    def test_it_deletes_the_files_past_their_day_and_keeps_the_rest(
        self, mentee, mentor, committed
    ):
        old, fresh = ready_copy(mentee, committed), ready_copy(mentor, committed)
        DataExport.objects.filter(pk=old.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        swept = delete_expired_exports(timezone.now())
        assert swept.deleted == 1
        assert not storages["exports"].exists(old.file_name)
        old.refresh_from_db()
        assert old.file_name == "" and old.is_expired()
        assert storages["exports"].exists(fresh.file_name)
        assert delete_expired_exports(timezone.now()).deleted == 0

    def test_a_copy_stuck_for_a_day_is_failed_so_the_person_may_ask_again(self, mentee):
        stuck = DataExport.objects.create(
            user=mentee, requested_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
        )
        assert delete_expired_exports(timezone.now()).abandoned == 1
        stuck.refresh_from_db()
        assert stuck.status == DataExport.Status.FAILED
        request_export(user=mentee)


def test_deleting_an_account_can_take_its_copies_with_it(mentee, mentor, committed):
    mine, theirs = ready_copy(mentee, committed), ready_copy(mentor, committed)
    assert delete_exports_of(user=mentee) == 1
    assert not storages["exports"].exists(mine.file_name)
    assert not DataExport.objects.filter(user=mentee).exists()
    assert storages["exports"].exists(theirs.file_name)


class FillsUp:
    """A file on a disk with `room` bytes left: the write that goes past them fails, as the
    kernel's does, once the start of the archive is already written."""

    def __init__(self, file, room: int, user):
        self.file, self.room, self.user = file, room, user
        self.seen_in_the_directory = []

    def write(self, data):
        if len(data) > self.room:
            self.seen_in_the_directory = files_of(self.user)
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.file.write(data)

    def __getattr__(self, name):
        return getattr(self.file, name)


@pytest.fixture
def own_exports_directory(settings, tmp_path):
    """A directory of exports for this test alone: the session's holds earlier tests' files,
    under user ids the database hands out again."""
    exports = {**settings.STORAGES["exports"]}
    exports["OPTIONS"] = {**exports["OPTIONS"], "location": tmp_path / "exports"}
    settings.STORAGES = {**settings.STORAGES, "exports": exports}


def files_of(user) -> list[str]:
    directory = Path(storages["exports"].location) / str(user.pk)
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


@pytest.mark.usefixtures("own_exports_directory")
class TestFailure:
    def test_a_failed_build_says_so_logs_no_content_and_offers_a_new_one(
        self, client_for, mentee, committed, monkeypatch, caplog
    ):
        def broken(user, target):
            raise ValueError(f"could not write {user.full_name}")

        monkeypatch.setattr(tasks, "write_archive", broken)
        export = ready_copy(mentee, committed)
        assert export.status == DataExport.Status.FAILED
        assert export.failure == DataExport.Failure.ERROR
        assert export.file_name == ""
        assert files_of(mentee) == []
        (message,) = mail.outbox
        assert message.subject == "We could not prepare your copy of your data"
        assert "something went wrong while we prepared it" in message.body
        assert f"http://127.0.0.1:8000{YOUR_DATA}" in message.body
        assert f"Data export {export.pk} failed: ValueError" in caplog.text
        assert mentee.full_name not in caplog.text
        response = client_for(mentee).get(YOUR_DATA)
        assert "We could not prepare your last copy" in response.text
        assert "Request a copy of my data" in response.text
        assert client_for(mentee).get(download_url(export)).status_code == 404

    def test_a_disk_full_midway_leaves_no_file_fails_the_copy_and_says_why(
        self, client_for, mentee, pair, committed, monkeypatch
    ):
        agreement_in_effect(pair)
        disk = []

        def fills_up(user, target):
            disk.append(FillsUp(target, room=200, user=user))
            write_archive(user, disk[-1])

        monkeypatch.setattr(tasks, "write_archive", fills_up)
        export = ready_copy(mentee, committed)
        # Half the archive was on disk, under a name no reader is given.
        (half,) = disk[0].seen_in_the_directory
        assert half.endswith(".zip.part")
        assert files_of(mentee) == []
        assert export.status == DataExport.Status.FAILED
        assert export.failure == DataExport.Failure.DISK_FULL
        assert (export.file_name, export.size) == ("", None)
        (message,) = mail.outbox
        assert "there was no room left on our server to store it" in message.body
        response = client_for(mentee).get(YOUR_DATA)
        assert response.status_code == 200
        assert "there was no room left on our server to store it" in response.text
        assert "Failed: there was no room left" in response.text

    def test_a_disk_full_only_at_the_flush_leaves_no_file_either(
        self, mentee, committed, monkeypatch
    ):
        def fsync(fd):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(tasks.os, "fsync", fsync)
        export = ready_copy(mentee, committed)
        assert export.failure == DataExport.Failure.DISK_FULL
        assert files_of(mentee) == []

    def test_after_a_full_disk_the_person_asks_again_and_gets_their_copy(
        self, client_for, mentee, committed, monkeypatch
    ):
        def full(user, target):
            target.write(b"PK\x03\x04")
            raise OSError(errno.ENOSPC, "No space left on device")

        with monkeypatch.context() as patched:
            patched.setattr(tasks, "write_archive", full)
            failed = ready_copy(mentee, committed)
        with committed():
            response = client_for(mentee).post(YOUR_DATA, follow=True)
        assert response.status_code == 200
        assert "We are preparing your copy" in response.text
        again = DataExport.objects.exclude(pk=failed.pk).get(user=mentee)
        assert again.status == DataExport.Status.READY
        assert files_of(mentee) == [Path(again.file_name).name]
        assert zipfile.ZipFile(storages["exports"].path(again.file_name)).testzip() is None

    def test_a_copy_stuck_for_a_day_is_failed_with_an_email_and_its_half_file_removed(
        self, mentee, committed
    ):
        day_ago = timezone.now() - datetime.timedelta(days=1, minutes=1)
        DataExport.objects.create(user=mentee, requested_at=day_ago)
        directory = Path(storages["exports"].location) / str(mentee.pk)
        directory.mkdir(parents=True)
        (left := directory / "killed.zip.part").write_bytes(b"PK")
        os.utime(left, (day_ago.timestamp(), day_ago.timestamp()))
        (building := directory / "building.zip.part").write_bytes(b"PK")
        with committed():
            swept = delete_expired_exports(timezone.now())
        assert (swept.abandoned, swept.partial) == (1, 1)
        assert files_of(mentee) == [building.name]
        stuck = DataExport.objects.get(user=mentee)
        assert stuck.failure == DataExport.Failure.STOPPED
        (message,) = mail.outbox
        assert message.to == [mentee.email]
        assert "its preparation stopped before it was finished" in message.body


def history(pair, meetings: int):
    """`meetings` held meetings, each with a kick-starter on its agenda and both members'
    reflections, the mentee's shared."""
    start = timezone.now() - datetime.timedelta(days=meetings + 1)
    rows = Meeting.objects.bulk_create(
        Meeting(
            mentorship=pair,
            starts_at=start + datetime.timedelta(days=n),
            length_minutes=60,
            mode="video",
            status="held",
            agenda=f"Agenda {n}",
            notes=f"Notes {n}",
            scheduled_by=pair.mentee,
        )
        for n in range(meetings)
    )
    question = KickStarterQuestion.objects.order_by("pk").first()
    AgendaQuestion.objects.bulk_create(
        AgendaQuestion(meeting=meeting, question=question, position=1) for meeting in rows
    )
    Reflection.objects.bulk_create(
        Reflection(meeting=meeting, author=author, learned_1="Learned", shared_at=shared)
        for meeting in rows
        for author, shared in ((pair.mentee, timezone.now()), (pair.mentor, None))
    )


@pytest.mark.parametrize("meetings", [3, 2000])
def test_a_long_history_costs_the_same_queries(
    meetings, pair, mentee, django_assert_max_num_queries, kick_starter_bank
):
    agreement_in_effect(pair)
    MentorshipFactory(mentee=mentee)  # a second pair, so per-pair queries show too
    history(pair, meetings)
    target = io.BytesIO()
    # Nine for the person's own categories and sixteen for each pair, whatever they hold.
    with django_assert_max_num_queries(9 + 2 * 16):
        write_archive(mentee, target)
    archive = zipfile.ZipFile(target)
    data = archive.read("data.json").decode()
    assert data.count('"Agenda ') == meetings
    assert data.count('"Learned"') == meetings  # the mentee's own; the mentor's kept private
    assert archive.read("index.html").decode().count("<h5>Meeting on") == meetings


@pytest.mark.parametrize("copies", [1, 25])
def test_the_page_of_copies_is_paginated_in_constant_queries(
    copies, client_for, mentee, django_assert_max_num_queries
):
    DataExport.objects.bulk_create(
        DataExport(user=mentee, status=DataExport.Status.FAILED) for _ in range(copies)
    )
    client = client_for(mentee)
    with django_assert_max_num_queries(QUERIES_OF_THE_PAGE):
        response = client.get(YOUR_DATA)
    assert response.text.count("Asked for ") == min(copies, 10)


class TestRunAgain:
    def test_a_copy_left_building_by_a_run_cut_short_is_built_when_its_task_runs_again(
        self, mentee
    ):
        cut_short = DataExport.objects.create(user=mentee, status=DataExport.Status.BUILDING)
        tasks.build_data_export.call(export_id=cut_short.pk)
        cut_short.refresh_from_db()
        assert cut_short.status == DataExport.Status.READY
        assert storages["exports"].exists(cut_short.file_name)

    def test_a_ready_copy_is_not_built_twice(self, mentee):
        ready = DataExport.objects.create(user=mentee, status=DataExport.Status.BUILDING)
        tasks.build_data_export.call(export_id=ready.pk)
        ready.refresh_from_db()
        tasks.build_data_export.call(export_id=ready.pk)
        assert DataExport.objects.get(pk=ready.pk).file_name == ready.file_name
