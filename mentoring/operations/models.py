from django.db import models


class WorkerHeartbeat(models.Model):
    """When a task worker (`manage.py run_worker`) last said it was alive.

    `/healthz` reads it, and workers take back the running tasks of a worker whose beat stopped:
    django-tasks-db leaves a task RUNNING for ever when the process running it dies.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.worker_id


class SentEmail(models.Model):
    """A message the email task has sent (by the id `send_templated_email` gave it), so a task
    run again after its worker died between sending and reporting success does not send it
    twice. Holds no address or text."""

    message_id = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.message_id
