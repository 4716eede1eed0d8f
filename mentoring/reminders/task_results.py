"""What stays of a background task in the database: only the row of one that did not succeed.

Email tasks carry ids, never text, but a sent email's row is no use to anyone: it goes as
soon as the task succeeds. Failed rows stay for the admin to read, until
`manage.py prune_db_task_results` removes them.
"""

from django.tasks import TaskResultStatus
from django_tasks_db.backend import TaskResult
from django_tasks_db.models import DBTaskResult


def forget_successful_task(sender, task_result, **kwargs) -> None:
    # Only the database backend keeps rows; the immediate one (tests) has none to delete.
    if isinstance(task_result, TaskResult) and task_result.status == TaskResultStatus.SUCCESSFUL:
        DBTaskResult.objects.filter(pk=task_result.id).delete()
