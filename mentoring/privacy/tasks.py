"""The worker's side of data exports: build the file, keep it for a day, tell the person.

The task's argument is the export's id, nothing else; the email's link is written by the email
task from the export itself, so no link or content waits in the task table.

The ZIP is written under a temporary name beside its final one and renamed into place once
complete, so the download view, another node, or a backup never reads half a file; when
writing fails (a full disk above all), the partial file is removed and the person is told.
"""

import datetime
import errno
import logging
import os
import secrets
from pathlib import Path

from django.core.files.storage import storages
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from accounts.models import User, zone_or_sites
from mentoring.lib.email import send_templated_email
from mentoring.privacy.export import write_archive
from mentoring.privacy.models import EXPORT_LIFETIME, DataExport

logger = logging.getLogger(__name__)

PARTIAL_SUFFIX = ".part"
DISK_FULL = {errno.ENOSPC, errno.EDQUOT}


def exports_storage():
    return storages["exports"]


def write_export_file(user: User) -> str:
    """Write the person's ZIP into the exports storage; return its name there."""
    storage = exports_storage()
    name = f"{user.pk}/{secrets.token_hex(16)}.zip"
    final = Path(storage.path(name))
    directory_mode = storage.directory_permissions_mode or 0o777
    Path(storage.location).mkdir(mode=directory_mode, parents=True, exist_ok=True)
    final.parent.mkdir(mode=directory_mode, exist_ok=True)
    # Same directory, so the rename is atomic; a name the storage never hands out.
    partial = final.with_name(final.name + PARTIAL_SUFFIX)
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        fd = os.open(partial, flags, storage.file_permissions_mode or 0o600)
        with open(fd, "wb") as target:
            write_archive(user, target)
            # A full disk may only show here (delayed allocation, network filesystems), and a
            # copy renamed into place must be on disk before the row says it is ready.
            target.flush()
            os.fsync(target.fileno())
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return name


@task
def build_data_export(*, export_id: int) -> None:
    # Claimed by one update, so a task run twice builds the copy once. A copy still BUILDING is
    # built again: its task runs a second time only when the first run is over, cut short by a
    # database outage or by its worker's death (mentoring/operations/workers.py), and the half
    # file it left was removed or has a name of its own.
    claimed = DataExport.objects.filter(
        pk=export_id, status__in=[DataExport.Status.QUEUED, DataExport.Status.BUILDING]
    ).update(status=DataExport.Status.BUILDING)
    if not claimed:
        return
    export = DataExport.objects.select_related("user").get(pk=export_id)
    name = ""
    try:
        name = write_export_file(export.user)
        now = timezone.now()
        export.status = DataExport.Status.READY
        export.finished_at, export.expires_at = now, now + EXPORT_LIFETIME
        export.file_name, export.size = name, exports_storage().size(name)
        with transaction.atomic():
            export.save(update_fields=["status", "finished_at", "expires_at", "file_name", "size"])
            send_templated_email(
                "privacy/email/export_ready",
                {"export": export, "zone": zone_or_sites(export.user.time_zone)},
                to=[export.user],
            )
    except Exception as error:
        # The id and the kind of error only: a message could quote what the person wrote.
        logger.error("Data export %s failed: %s", export_id, type(error).__name__)
        if name:
            exports_storage().delete(name)
        full = isinstance(error, OSError) and error.errno in DISK_FULL
        fail_export(export, DataExport.Failure.DISK_FULL if full else DataExport.Failure.ERROR)


def fail_export(export: DataExport, failure: DataExport.Failure) -> bool:
    """Mark a copy still being prepared failed, and email its owner, who waits for a link;
    False if it was no longer being prepared."""
    with transaction.atomic():
        failed = DataExport.objects.filter(pk=export.pk, status__in=DataExport.RUNNING).update(
            status=DataExport.Status.FAILED,
            failure=failure,
            finished_at=timezone.now(),
            file_name="",
            size=None,
        )
        if failed:
            send_templated_email(
                "privacy/email/export_failed",
                {"export": export, "zone": zone_or_sites(export.user.time_zone)},
                to=[export.user],
            )
    return bool(failed)


def delete_partial_files(older_than: datetime.datetime) -> int:
    """Delete the partial files of builds whose worker was killed before it could clean up."""
    deleted = 0
    for partial in Path(exports_storage().location).glob(f"*/*{PARTIAL_SUFFIX}"):
        if partial.stat().st_mtime < older_than.timestamp():
            partial.unlink(missing_ok=True)
            deleted += 1
    return deleted
