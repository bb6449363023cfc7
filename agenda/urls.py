"""URLs of the agenda app."""

app_name = "agenda"

urlpatterns: list = []
