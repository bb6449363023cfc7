"""What every page's layout needs: the gemeente, the navigation and the theme."""

from kindportaal.models import Gemeente
from kindportaal.navigation import navigation_for
from kindportaal.theme import theme_style


def portal(request):
    gemeente = Gemeente.current()
    navigation = navigation_for(request) if request.user.is_authenticated else []
    return {
        "gemeente": gemeente,
        "theme_style": theme_style(gemeente.theme_tokens),
        "main_navigation": navigation,
    }
