"""Errors of the API as problem details (RFC 9457, application/problem+json), in Dutch: every
refusal, DRF's own and Django's (an unknown URL, a body too large), has this one shape."""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_TYPE = "application/problem+json"


def problem_type(slug):
    """The `type` of a problem: a URN named in docs/api.md ("about:blank" for a plain status)."""
    return f"urn:kindportaal:api:probleem:{slug}" if slug else "about:blank"


def titles():
    return {
        400: _("The request is not valid"),
        401: _("No valid API key"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Representation not available"),
        409: _("Conflict"),
        413: _("Request too large"),
        415: _("Media type not supported"),
        429: _("Too many requests"),
        500: _("Something went wrong"),
    }


def details():
    return {
        401: _("Send a valid API key of your organisation in the X-Api-Key header."),
        403: _("This API key may not do this."),
        404: _("There is nothing at this address."),
        405: _("This address does not take this method."),
        413: _("The request body is larger than this API takes."),
        500: _("The request could not be handled. Nothing has been changed."),
    }


def problem(status_code, *, detail="", instance="", slug="", title="", **extra):
    """The problem details as a dict."""
    body = {
        "type": problem_type(slug),
        "title": title or titles().get(status_code, _("Error")),
        "status": status_code,
        "detail": detail or details().get(status_code, ""),
        "instance": instance,
    }
    body.update(extra)
    return body


def problem_response(request, status_code, **kwargs):
    """A plain Django response with the problem (for middleware, outside DRF)."""
    body = problem(status_code, instance=request.path, **kwargs)
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status_code, content_type=PROBLEM_TYPE
    )


class ProblemRenderer(JSONRenderer):
    media_type = PROBLEM_TYPE
    format = "problem+json"


class Conflict(exceptions.APIException):
    """The request came too late: the agreement changed or is in another state (409)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, detail, *, slug="conflict", extra=None):
        super().__init__(detail)
        self.slug = slug
        self.extra = extra or {}


class UnknownFields(exceptions.ValidationError):
    pass


def invalid_params(detail, prefix=""):
    """DRF's nested error detail as a flat list of {name, reason}."""
    params = []
    if isinstance(detail, dict):
        for name, value in detail.items():
            key = "" if name in ("non_field_errors", "__all__") else str(name)
            params.extend(
                invalid_params(value, f"{prefix}.{key}" if prefix and key else key or prefix)
            )
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            params.extend({"name": prefix, "reason": str(item)} for item in detail)
        else:
            for index, item in enumerate(detail):
                params.extend(invalid_params(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        params.append({"name": prefix, "reason": str(detail)})
    return params


SLUGS = {
    400: "ongeldig-verzoek",
    401: "niet-geauthenticeerd",
    403: "niet-toegestaan",
    404: "niet-gevonden",
    405: "methode-niet-toegestaan",
    406: "niet-acceptabel",
    413: "te-groot",
    415: "mediatype-niet-ondersteund",
    429: "te-veel-verzoeken",
}


def exception_handler(exc, context):
    """DRF's handler, answered as problem details."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context["request"]
    code = response.status_code
    extra = {}
    slug = SLUGS.get(code, "")
    detail = ""
    if isinstance(exc, exceptions.ValidationError):
        slug = "validatie"
        detail = _("One or more fields are not valid; see invalid-params.")
        extra["invalid-params"] = invalid_params(exc.detail)
    elif isinstance(exc, Conflict):
        slug = exc.slug
        detail = str(exc.detail)
        extra.update(exc.extra)
    elif isinstance(exc, exceptions.APIException) and not isinstance(
        exc, exceptions.NotFound | exceptions.PermissionDenied
    ):
        detail = _api_detail(exc)
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail) != str(
        exceptions.PermissionDenied.default_detail
    ):
        detail = str(exc.detail)
    body = problem(code, detail=detail, instance=request.path, slug=slug, **extra)
    headers = {
        name: value for name, value in response.items() if name in ("WWW-Authenticate", "Allow")
    }
    answer = Response(body, status=code, headers=headers, content_type=PROBLEM_TYPE)
    return answer


def _api_detail(exc):
    """DRF's message for the 4xx it raises itself, in Dutch (its own translations), or ours."""
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        if isinstance(exc, exceptions.AuthenticationFailed):
            return str(exc.detail)
        return details()[401]
    if isinstance(exc, exceptions.MethodNotAllowed):
        return details()[405]
    return str(exc.detail)
