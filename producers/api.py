"""The HTTP door (`wsis api`): submit a project, update it, follow its status. OpenAPI docs at /docs.

    POST /submissions            JSON body → 202 {submission_id, version, edit_token}; `Idempotency-Key` makes
                                 retries safe (the same key with another body: 409)
    PUT  /submissions/{id}       JSON body, `Authorization: Bearer <edit token>`, `If-Match: "<version>"` → 202,
                                 the next version (401/403 without the token, 428 without If-Match, 412 when
                                 If-Match is not the latest version: nothing is overwritten unseen)
    DELETE /submissions/{id}     the same headers → 202: withdrawn, it leaves the search index
    GET  /submissions/{id}       → received, accepted, rejected (with the stream's reasons) or indexed, with tags;
                                 its ETag is the version an update must name

A 202 means the broker has the submission. Invalid bodies get 422 with one message per field, bodies over
MAX_BODY_BYTES 413, and an unreachable broker or status index 503 with Retry-After: nothing is half-accepted.
"""

import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import fastapi_offline
from email_validator import EmailNotValidError, validate_email
from fastapi import FastAPI, Header, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from producers.intake import (
    BrokerUnavailable,
    Intake,
    KeyReused,
    NotAllowed,
    NotFound,
    StatusUnavailable,
    VersionMismatch,
    check,
    new_id,
)
from schemas.field_errors import FieldError, field_error
from schemas.settings import Settings
from schemas.status import State, SubmissionStatus
from schemas.submission import SUBMISSION_ID_PATTERN, Submission
from schemas.tags import Tags

MAX_BODY_BYTES = 256 * 1024
MAX_HEADER_CHARS = 200
RETRY_AFTER_SECONDS = 5
_ID = re.compile(SUBMISSION_ID_PATTERN)


class Receipt(BaseModel):
    submission_id: str
    version: int
    state: State = "received"
    status_url: str
    edit_token: str | None = Field(default=None, description="on creation only: keep it to update the submission")


class StatusView(BaseModel):
    """What a submitter sees of a status (the submitter's identity stays in the private index)."""

    submission_id: str
    version: int
    state: State
    reasons: list[FieldError]
    tags: Tags | None


class Invalid(BaseModel):
    """422: one error per field, `message` in English, `template` and `values` to show it in another language."""

    detail: list[FieldError]


class Refusal(BaseModel):
    """Any other refusal: what went wrong, in English."""

    detail: str


def _answers(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI description of the refusals a route gives (the real shapes, not FastAPI's default 422)."""
    meaning = {401: "no edit token", 403: "not this submission's edit token", 404: "no submission with this id",
               409: "an Idempotency-Key reused with another body", 412: "If-Match is not the latest version",
               413: "a body over 256 KiB", 415: "not application/json", 422: "invalid fields",
               428: "If-Match missing", 503: "the broker or the status index is unreachable; see Retry-After"}
    return {code: {"model": Invalid if code == 422 else Refusal, "description": meaning[code]} for code in codes}


class Problem(Exception):
    """An answer other than success: status code, detail, extra headers."""

    def __init__(self, status_code: int, detail: Any, headers: dict[str, str] | None = None) -> None:
        self.status_code, self.detail, self.headers = status_code, detail, headers


def _unavailable(message: str) -> Problem:
    return Problem(503, f"{message}; try again later", {"Retry-After": str(RETRY_AFTER_SECONDS)})


def _invalid(errors: list[FieldError]) -> Problem:
    return Problem(422, [e.model_dump() for e in errors])


async def _read_submission(request: Request) -> dict[str, Any]:
    """The body as a valid submission's payload (as sent: the stream validates it again), or a Problem."""
    # JSON only: a browser sends text/plain, form-urlencoded or multipart across sites without asking first
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise Problem(415, "send the submission as JSON, with Content-Type: application/json")
    too_large = Problem(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise too_large
    try:
        payload = json.loads(body.decode("utf-8"))  # JSON between systems is UTF-8 (RFC 8259)
    except (ValueError, RecursionError) as exc:
        raise _invalid([field_error("body", "not_json", error=str(exc)[:300])]) from exc
    if not isinstance(payload, dict):
        raise _invalid([field_error("body", "not_an_object")])
    errors = check(payload)
    if errors:
        raise _invalid(errors)
    return payload


def _header(name: str, value: str | None) -> str | None:
    if value is not None and not 0 < len(value) <= MAX_HEADER_CHARS:
        raise _invalid([field_error(name, "header_length", max_length=MAX_HEADER_CHARS)])
    return value


def _submitter(value: str | None) -> str | None:
    """The From header: an email address (RFC 9110), normalised, or a 422."""
    value = _header("From", value)
    if value is None:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise _invalid([field_error("From", "email")]) from exc


def _bearer(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _version(if_match: str | None) -> int:
    """The version an update replaces, from If-Match: "3" (an ETag as GET gives it), W/"3" or 3."""
    if if_match is None:
        raise Problem(428, 'name the version this update replaces: If-Match: "<version>" (GET gives it as ETag)')
    tag = if_match.strip().removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise Problem(412, "If-Match must be a version, as GET /submissions/{id} gives it in its ETag")
    return int(tag)


def create_app(settings: Settings) -> FastAPI:
    intake = Intake(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        intake.close()

    app = FastAPI(title="WSIS Stocktaking submissions", version="1", lifespan=lifespan, docs_url=None, redoc_url=None)
    # Swagger UI 5 (it reads OpenAPI 3.1) from the fastapi-offline package, served here: /docs works offline
    app.mount("/docs-assets", StaticFiles(directory=Path(fastapi_offline.__file__).parent / "static"), "docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title=f"{app.title} - API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon.png")

    body_doc = {"requestBody": {"required": True, "content": {"application/json": {
        "schema": Submission.model_json_schema()}}}}

    @app.exception_handler(Problem)
    async def problem(_: Request, exc: Problem) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)

    async def status_of(submission_id: str) -> SubmissionStatus:
        if not _ID.match(submission_id):
            raise Problem(404, "no submission with this id")
        try:
            status = await run_in_threadpool(intake.status, submission_id)
        except StatusUnavailable as exc:
            raise _unavailable("the submission status cannot be read now") from exc
        if status is None:
            raise Problem(404, "no submission with this id")
        return status

    async def door(action: Any, *args: Any) -> Any:
        """Run an intake action in a thread, its refusals as answers."""
        try:
            return await run_in_threadpool(action, *args)
        except BrokerUnavailable as exc:
            raise _unavailable("the message broker is unreachable: the submission was not received") from exc
        except StatusUnavailable as exc:
            raise _unavailable("the submission ledger cannot be reached") from exc
        except NotFound as exc:
            raise Problem(404, "no submission with this id") from exc
        except NotAllowed as exc:
            raise Problem(403, "this edit token is not the submission's") from exc
        except VersionMismatch as exc:
            raise Problem(412, f"the submission changed: its latest version is {exc.latest}; read it again and "
                               "send If-Match with that version", {"ETag": f'"{exc.latest}"'}) from exc
        except KeyReused as exc:
            raise Problem(409, "this Idempotency-Key was used for another body") from exc

    @app.post("/submissions", status_code=202, response_model=Receipt, openapi_extra=body_doc,
              responses=_answers(409, 413, 415, 422, 503))
    async def submit(
        request: Request,
        idempotency_key: str | None = Header(None, description="the same key on a retry returns the same id"),
        from_: str | None = Header(None, alias="From", description="the submitter's email"),
    ) -> Receipt:
        """Submit a project. Retrying with the same Idempotency-Key never creates a second submission."""
        key, submitter = _header("Idempotency-Key", idempotency_key), _submitter(from_)
        payload = await _read_submission(request)
        submission_id = new_id(submitter, key)
        token = await door(intake.create, payload, submission_id, submitter)
        return Receipt(submission_id=submission_id, version=1, status_url=f"/submissions/{submission_id}",
                       edit_token=token)

    @app.put("/submissions/{submission_id}", status_code=202, response_model=Receipt, openapi_extra=body_doc,
             responses=_answers(401, 403, 404, 412, 413, 415, 422, 428, 503))
    async def update(
        submission_id: str, request: Request,
        authorization: str | None = Header(None, description="Bearer <the edit token the creation returned>"),
        if_match: str | None = Header(None, description='the version this update replaces, as "<version>"'),
        from_: str | None = Header(None, alias="From", description="the submitter's email"),
    ) -> Receipt:
        """Update a submission: the new body becomes its next version; the index keeps the latest."""
        submitter = _submitter(from_)
        token = _bearer(authorization)
        if token is None:
            raise Problem(401, "updating a submission takes its edit token: Authorization: Bearer <token>",
                          {"WWW-Authenticate": "Bearer"})
        replaces = _version(if_match)
        payload = await _read_submission(request)
        if not _ID.match(submission_id):
            raise Problem(404, "no submission with this id")
        envelope = await door(intake.update, payload, submission_id, token, replaces, submitter)
        return Receipt(submission_id=submission_id, version=envelope.version,
                       status_url=f"/submissions/{submission_id}")

    @app.delete("/submissions/{submission_id}", status_code=202, response_model=Receipt,
                responses=_answers(401, 403, 404, 412, 428, 503))
    async def withdraw(
        submission_id: str,
        authorization: str | None = Header(None, description="Bearer <the edit token the creation returned>"),
        if_match: str | None = Header(None, description='the version this withdrawal replaces, as "<version>"'),
    ) -> Receipt:
        """Withdraw a submission: it leaves the search index, and its status becomes `withdrawn`."""
        token = _bearer(authorization)
        if token is None:
            raise Problem(401, "withdrawing a submission takes its edit token: Authorization: Bearer <token>",
                          {"WWW-Authenticate": "Bearer"})
        replaces = _version(if_match)
        if not _ID.match(submission_id):
            raise Problem(404, "no submission with this id")
        envelope = await door(intake.withdraw, submission_id, token, replaces)
        return Receipt(submission_id=submission_id, version=envelope.version,
                       status_url=f"/submissions/{submission_id}")

    @app.get("/submissions/{submission_id}", response_model=StatusView, responses=_answers(404, 503))
    async def status(submission_id: str, response: Response) -> StatusView:
        """Where a submission stands: received → accepted or rejected (with the reasons) → indexed. The ETag is
        the latest version, which an update names in If-Match."""
        found = await status_of(submission_id)
        latest = await door(intake.latest_version, submission_id)
        response.headers["ETag"] = f'"{max(found.version, latest or 0)}"'
        return StatusView.model_validate(found.model_dump())

    return app
