"""Uploaded files (/media/) served only to whom may see them, in development as in production.

Each app says who may open the files in its folders, as it declares its janitor jobs: on its
AppConfig, `media_access = {"folder": predicate(user) -> bool}`. A file in a folder nobody
declared is not served. In production the view checks and the reverse proxy sends the file
(`X-Accel-Redirect` to MEDIA_ACCEL_REDIRECT, an internal location); without it, Django does.
"""

import mimetypes
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_safe


def media_access():
    found = {}
    for config in apps.get_app_configs():
        found.update(getattr(config, "media_access", {}))
    return found


def may_open(user, path):
    parts = PurePosixPath(path).parts
    if not parts or ".." in parts or path.startswith("/"):
        return False
    allowed = media_access().get(parts[0])
    return allowed is not None and allowed(user)


@login_not_required  # the gemeente's logo is on the login page; every other folder checks
@require_safe
def media(request, path):
    if not may_open(request.user, path):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    if not default_storage.exists(path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + path
    else:
        response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # An uploaded SVG or HTML file runs nothing when opened on its own.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
