"""The worker's side of data exports: build the file, keep it for a day, tell the person.

The task's argument is the export's id, nothing else; the email's link is written by the email
task from the export itself, so no link or content waits in the task table.
"""

import logging
import secrets
import tempfile

from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from accounts.models import zone_or_sites
from mentoring.lib.email import send_templated_email
from mentoring.privacy.export import write_archive
from mentoring.privacy.models import EXPORT_LIFETIME, DataExport

logger = logging.getLogger(__name__)


def exports_storage():
    return storages["exports"]


@task
def build_data_export(*, export_id: int) -> None:
    # Claimed by one update, so a task run twice builds the copy once.
    claimed = DataExport.objects.filter(pk=export_id, status=DataExport.Status.QUEUED).update(
        status=DataExport.Status.BUILDING
    )
    if not claimed:
        return
    export = DataExport.objects.select_related("user").get(pk=export_id)
    name = ""
    try:
        with tempfile.TemporaryFile() as archive:
            write_archive(export.user, archive)
            archive.seek(0)
            name = exports_storage().save(
                f"{export.user_id}/{secrets.token_hex(16)}.zip", File(archive)
            )
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
        DataExport.objects.filter(pk=export_id).update(
            status=DataExport.Status.FAILED, finished_at=timezone.now(), file_name="", size=None
        )
