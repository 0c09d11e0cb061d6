"""Organiser pages: upload a sheet for a dry run, confirm the import, export a sheet."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from openexpo.core.errors import DomainError
from openexpo.core.models import BackgroundJob, Edition
from openexpo.core.selectors import edition_current
from openexpo.exhibitors.forms import ImportForm
from openexpo.exhibitors.importing import (
    ImportInvalid,
    applications_export,
    applications_import,
    import_plan,
)
from openexpo.exhibitors.review_views import organiser_required
from openexpo.exhibitors.tabular import COLUMNS, read_sheet

JOB_KIND = "exhibitors.import"


@organiser_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: parse and check the file; keep its rows in a job for step 2."""
    current = edition_current()
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"edition": current.number if current else None},
    )
    if request.method == "POST" and form.is_valid():
        edition, upload = form.cleaned_data["edition"], form.cleaned_data["file"]
        try:
            rows = read_sheet(upload.read(), upload.name)
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            plan = import_plan(edition=edition, rows=rows)
            job = BackgroundJob.objects.create(
                kind=JOB_KIND,
                edition=edition,
                created_by=request.user,
                status=BackgroundJob.Status.QUEUED,
                message=upload.name[:200],
                params={"filename": upload.name[:200], "rows": rows},
                result=plan.as_dict(),
            )
            return redirect("exhibitors:import_confirm", job_id=job.pk)
    return render(request, "exhibitors/import/upload.html", {"form": form, "columns": COLUMNS})


@organiser_required
def import_confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    """Step 2: show the dry run; on POST import everything in one transaction, or nothing."""
    job = get_object_or_404(BackgroundJob, pk=job_id, kind=JOB_KIND)
    if request.method == "POST":
        with transaction.atomic():
            job = BackgroundJob.objects.select_for_update().get(pk=job.pk)
            if job.status != BackgroundJob.Status.QUEUED:
                messages.error(request, _("This file was already imported."))
                return redirect("exhibitors:import_confirm", job_id=job.pk)
            rows = [(line, row) for line, row in job.params["rows"]]
            try:
                plan = applications_import(
                    actor=request.user,
                    edition=job.edition,
                    rows=rows,
                    source=job.params.get("filename", ""),
                )
            except ImportInvalid as exc:
                job.result = exc.plan.as_dict()
                job.save(update_fields=["result"])
                messages.error(request, exc.message)
            else:
                job.status = BackgroundJob.Status.DONE
                job.progress = 1.0
                job.result = plan.as_dict() | {"imported": len(plan.applications)}
                job.params = {"filename": job.params.get("filename", "")}
                job.save(update_fields=["status", "progress", "result", "params"])
                messages.success(
                    request, _("%(n)d applications imported.") % {"n": len(plan.applications)}
                )
        return redirect("exhibitors:import_confirm", job_id=job.pk)
    return render(
        request, "exhibitors/import/preview.html", {"job": job, "report": job.result or {}}
    )


@organiser_required
def export(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("edition", "")
    edition = (
        get_object_or_404(Edition, number=int(number)) if number.isdigit() else edition_current()
    )
    if edition is None:
        return redirect("exhibitors:review_queue")
    fmt = request.GET.get("format", "csv")
    try:
        data = applications_export(actor=request.user, edition=edition, fmt=fmt)
    except DomainError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(data, content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="applications-{edition.number}.{fmt}"'
    return response
