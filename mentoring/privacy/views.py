"""Your data: ask for a copy of everything you wrote, and download it while it lasts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.privacy.models import EXPORT_LIFETIME, DataExport
from mentoring.privacy.services import ExportRunning, request_export
from mentoring.privacy.tasks import exports_storage

EXPORTS_PER_PAGE = 10


@login_required
def your_data(request):
    if request.method == "POST":
        try:
            request_export(user=request.user)
        except ExportRunning as running:
            messages.info(request, str(running))
        else:
            messages.success(
                request,
                gettext("We are preparing your copy. We will email you a link when it is ready."),
            )
        return redirect("privacy:your_data")
    exports = DataExport.objects.of(request.user)
    page = Paginator(exports, EXPORTS_PER_PAGE).get_page(request.GET.get("page"))
    latest = exports.first()
    return render(
        request,
        "privacy/your_data.html",
        {
            "page": page,
            "latest": latest,
            "lifetime_hours": int(EXPORT_LIFETIME.total_seconds() // 3600),
        },
    )


@login_required
@require_GET
def download_export(request, pk):
    export = get_object_or_404(DataExport.objects.of(request.user), pk=pk)
    if export.is_expired():
        return render(request, "privacy/export_expired.html", {"export": export}, status=410)
    if not export.is_downloadable():
        raise Http404("This copy is not ready.")
    try:
        file = exports_storage().open(export.file_name, "rb")
    except FileNotFoundError:  # deleted since this page was read
        return render(request, "privacy/export_expired.html", {"export": export}, status=410)
    record(Action.DATA_EXPORT_DOWNLOADED, actor=request.user, subject=request.user)
    response = FileResponse(
        file,
        as_attachment=True,
        filename=f"mentoring-toolkit-data-{export.finished_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
