"""What every page's layout needs: the gemeente, the navigation and the theme."""

from kindportaal.models import Gemeente
from kindportaal.navigation import header_search_for, navigation_for
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
    }
