"""What every page's layout needs: the gemeente, the navigation, the theme and the count of
unread notices."""

from functools import partial

from django.template.loader import render_to_string

from kindportaal import selectors
from kindportaal.models import Gemeente
from kindportaal.navigation import header_search_for, navigation_for
from kindportaal.permissions import can_receive_notices
from kindportaal.theme import theme_style, theme_version


def portal(request):
    gemeente = Gemeente.current()
    # An error page may be made before the person is known (a wrong Host header is refused by
    # the first middleware): then it is made as for a visitor.
    user = getattr(request, "user", None)
    # Someone who must still set up two-factor login can only reach the set-up pages.
    show_navigation = (
        user is not None
        and user.is_authenticated
        and not getattr(request, "two_factor_pending", False)
    )
    navigation = navigation_for(request) if show_navigation else []
    header_search = header_search_for(request) if show_navigation else None
    style = theme_style(gemeente.theme_tokens)
    return {
        "gemeente": gemeente,
        # The theme is a stylesheet of its own (kindportaal.views.theme_stylesheet): the
        # Content-Security-Policy admits no <style> in the page.
        "theme_style": style,
        "theme_version": theme_version(style),
        "main_navigation": navigation,
        "header_search": header_search,
        # Only for those who can get notices; a callable, so that it is counted only where the
        # header shows it: one query.
        "receives_notices": show_navigation and can_receive_notices(user),
        "unread_notice_count": partial(selectors.unread_notice_count, user)
        if show_navigation
        else 0,
    }


def notices_link(request) -> str:
    """The header's link to the notices, with the count, made afresh (kindportaal.caching)."""
    return render_to_string(
        "components/notices_link.html",
        {"unread_notice_count": selectors.unread_notice_count(request.user)},
        request=None,
    )
