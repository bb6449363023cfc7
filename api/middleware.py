"""What every answer under /api/ has, whichever view or middleware gave it: the API-Version
header, problem details instead of an HTML error page, a body limit of its own (413), and no
shared caching of what a key or a logged-in person is answered."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control

from api.problems import PROBLEM_TYPE, problem_response

API_PREFIX = "/api/"


def is_api(request):
    return request.path_info.startswith(API_PREFIX) or request.path_info == API_PREFIX[:-1]


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api(request):
            return self.get_response(request)
        # Dutch, also for the answers given before LanguageMiddleware (the 413).
        translation.activate(settings.LANGUAGE_CODE)
        response = self._too_large(request) or self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            PROBLEM_TYPE
        ):
            # Django's own answer (an unknown URL or one with a trailing slash, a host that is
            # not allowed, the 500 page): the same problem, in the API's shape.
            response = problem_response(request, response.status_code)
        response["API-Version"] = settings.API_VERSION
        if request.headers.get("X-Api-Key") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True, no_store=True)
        return response

    def _too_large(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= settings.API_REQUEST_MAX_BYTES:
            return None
        response = problem_response(
            request,
            413,
            slug="te-groot",
            detail=problem_detail_too_large(),
        )
        response["Connection"] = "close"
        return response


def problem_detail_too_large():
    from django.utils.translation import gettext as _

    return _("The request body is larger than %(limit)s bytes, the most this API takes.") % {
        "limit": settings.API_REQUEST_MAX_BYTES
    }
