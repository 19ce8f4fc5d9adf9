"""The admin API's rescreens: a job for the deployment (app/rescreen.py), opened here and worked through by
whichever worker claims it; its progress and risers readable from any worker."""

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from app.api.deps import DbSession, Principal, require
from app.api.schemas import ErrorBody
from app.db import rescreen_jobs
from app.db.models import RescreenJob
from app.errors import ApiError
from app.reports.period import make_period
from app.rescreen import RescreenBusy, RescreenReport, open_rescreen, report

router = APIRouter(prefix="/v1/admin", tags=["admin"])
Admin = Annotated[Principal, Depends(require("admin"))]
JobId = Annotated[int, Path(ge=1, le=2**31 - 1)]
_ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": ErrorBody}, 403: {"model": ErrorBody}}


class RescreenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    since: date | datetime = Field(
        description="First day (UTC) or date-time of the screenings to look at again"
    )
    until: date | datetime | None = Field(default=None, description="Last day, included; default now")


class JobOut(BaseModel):
    id: int
    state: str = Field(description="queued, running, done or failed")
    since: datetime
    until: datetime = Field(description="Excluded")
    created_at: datetime
    created_by: str
    claimed_by: str | None = Field(description="The worker (host:pid) working it, or that last did")
    claims: int = Field(description="Workers that took it: more than 1 after a take-over")
    started_at: datetime | None
    heartbeat_at: datetime | None
    finished_at: datetime | None
    total: int | None = Field(description="Declarations of the period, counted when it started")
    examined: int
    rescreened: int
    current_already: int
    rose: int
    fell: int
    lexicon_version: str | None
    rules_version: str | None
    error: str | None


class JobReportOut(JobOut):
    report: RescreenReport = Field(
        description="Its counts and the declarations whose risk rose (up to 1,000)"
    )


def job_out(job: RescreenJob) -> dict[str, Any]:
    return {name: getattr(job, name) for name in JobOut.model_fields}


@router.post(
    "/rescreen",
    response_model=JobOut,
    status_code=202,
    responses={**_ERRORS, 409: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
def start_rescreen(body: RescreenIn, session: DbSession, principal: Admin, response: Response) -> JobOut:
    """Screen the stored declarations of a period again under the data in use, as one job of the deployment:
    a worker takes it within RESCREEN_CHECK_SECONDS, stores the new results beside the old, and the
    declarations whose risk rose are listed at GET /v1/admin/rescreens/{id} (and on the dashboard). One
    unfinished job at a time: 409 while one is queued or running."""
    try:
        job = open_rescreen(session, make_period(body.since, body.until), principal.author)
    except RescreenBusy as busy:
        raise ApiError(
            409,
            "rescreen_running",
            f"rescreen job {busy.job_id} is {busy.state}: one at a time",
            headers={"Location": f"/v1/admin/rescreens/{busy.job_id}"},
        ) from busy
    response.headers["Location"] = f"/v1/admin/rescreens/{job.id}"
    return JobOut(**job_out(job))


@router.get("/rescreens", response_model=list[JobOut], responses=_ERRORS)
def list_rescreens(session: DbSession, _: Admin) -> list[JobOut]:
    """The latest 50 rescreen jobs, newest first."""
    return [JobOut(**job_out(j)) for j in rescreen_jobs.recent(session)]


@router.get(
    "/rescreens/{job_id}", response_model=JobReportOut, responses={**_ERRORS, 404: {"model": ErrorBody}}
)
def get_rescreen(job_id: JobId, session: DbSession, _: Admin) -> JobReportOut:
    """A rescreen job's progress, and what it found so far."""
    job = rescreen_jobs.get(session, job_id)
    if job is None:
        raise ApiError(404, "not_found", f"no rescreen job {job_id}")
    return JobReportOut(**job_out(job), report=report(session, job))
