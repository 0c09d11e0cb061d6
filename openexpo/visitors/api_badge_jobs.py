"""REST endpoints for issuing a whole edition's badges as a background job (organisers)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from openexpo.core import permissions
from openexpo.core.api import edition_or_404
from openexpo.core.errors import PermissionDenied
from openexpo.core.models import BackgroundJob
from openexpo.visitors import badge_jobs

router = Router(tags=["visitors"])


class BadgeJobOut(Schema):
    id: int
    edition: int
    status: str
    progress: float
    message: str
    result: dict | None

    @staticmethod
    def resolve_edition(obj: BackgroundJob) -> int:
        return obj.edition.number


@router.post("/editions/{number}/badges/issue-all", response={202: BadgeJobOut})
def badges_issue_all(request: HttpRequest, number: int):
    """Issue a badge to every approved visitor without one, as a job: poll its id for progress."""
    edition = edition_or_404(request, number)
    job = badge_jobs.badges_issue_job_start(actor=request.user, edition=edition)
    job.refresh_from_db()
    return Status(202, job)


@router.get("/badge-jobs/{job_id}", response=BadgeJobOut)
def badge_job(request: HttpRequest, job_id: int):
    if not permissions.is_organiser(request.user):
        raise PermissionDenied("Only organisers see badge runs.")
    return get_object_or_404(
        BackgroundJob.objects.select_related("edition"), pk=job_id, kind=badge_jobs.JOB_KIND
    )
