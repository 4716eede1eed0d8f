"""Asking for a copy of one's data, and deleting copies past their day."""

import datetime
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from accounts.models import User
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.privacy.models import EXPORT_LIFETIME, RUNNING_MESSAGE, DataExport
from mentoring.privacy.tasks import (
    build_data_export,
    delete_partial_files,
    exports_storage,
    fail_export,
)


class ExportRunning(Exception):
    """The person's earlier copy is still being prepared."""

    def __init__(self):
        super().__init__(gettext(RUNNING_MESSAGE))


def request_export(*, user: User) -> DataExport:
    """Queue a new copy for the person; ExportRunning while one is being prepared."""
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=user)
    except IntegrityError:  # the constraint: at most one queued or being prepared
        raise ExportRunning() from None
    record(Action.DATA_EXPORT_REQUESTED, actor=user, subject=user)
    transaction.on_commit(lambda: build_data_export.enqueue(export_id=export.pk))
    return export


class Swept(NamedTuple):
    deleted: int  # expired files removed
    abandoned: int  # copies stuck while being prepared, marked failed
    partial: int  # half-written files their killed worker left behind, removed


def delete_expired_exports(now: datetime.datetime) -> Swept:
    """Delete the files of copies past their day (the rows stay, saying they expired), and
    mark failed any copy still being prepared a day after it was asked for: its worker died,
    and the person could otherwise never ask again. Its half-written file goes too."""
    storage = exports_storage()
    deleted = 0
    for export in DataExport.objects.expired(now).only("pk", "file_name"):
        storage.delete(export.file_name)
        deleted += DataExport.objects.filter(pk=export.pk).update(file_name="")
    stuck = DataExport.objects.running().filter(requested_at__lte=now - EXPORT_LIFETIME)
    abandoned = sum(
        fail_export(export, DataExport.Failure.STOPPED) for export in stuck.select_related("user")
    )
    partial = delete_partial_files(older_than=now - EXPORT_LIFETIME)
    return Swept(deleted=deleted, abandoned=abandoned, partial=partial)


def delete_exports_of(*, user: User) -> int:
    """Delete every copy of the person's data, files and rows (for deleting their account);
    return how many there were."""
    storage = exports_storage()
    exports = DataExport.objects.filter(user=user)
    for name in exports.exclude(file_name="").values_list("file_name", flat=True):
        storage.delete(name)
    return exports.delete()[0]
