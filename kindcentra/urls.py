"""URLs of the kindcentra app."""

app_name = "kindcentra"

urlpatterns: list = []
