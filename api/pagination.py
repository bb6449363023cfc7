"""Pages of a list: `pagina` and `paginaGrootte`, the total and links to the other pages."""

from django.utils.translation import gettext_lazy
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class Pages(PageNumberPagination):
    page_size = 50
    max_page_size = 100
    page_query_param = "pagina"
    page_size_query_param = "paginaGrootte"
    page_query_description = "Het nummer van de pagina (vanaf 1)."
    page_size_query_description = "Aantal resultaten per pagina (hoogstens 100, standaard 50)."
    invalid_page_message = gettext_lazy("This page does not exist.")

    def get_paginated_response(self, data):
        return Response(
            {
                "aantal": self.page.paginator.count,
                "_links": self._links(),
                "resultaten": data,
            }
        )

    def _links(self):
        links = {"self": {"href": self.request.get_full_path()}}
        if self.page.has_next():
            links["next"] = {"href": self.get_next_link()}
        if self.page.has_previous():
            links["previous"] = {"href": self.get_previous_link()}
        return links

    def get_paginated_response_schema(self, schema):
        link = {
            "type": "object",
            "properties": {"href": {"type": "string"}},
            "required": ["href"],
        }
        return {
            "type": "object",
            "required": ["aantal", "_links", "resultaten"],
            "properties": {
                "aantal": {"type": "integer", "description": "Het aantal resultaten in totaal."},
                "_links": {
                    "type": "object",
                    "description": "Links naar deze, de volgende en de vorige pagina.",
                    "required": ["self"],
                    "properties": {"self": link, "next": link, "previous": link},
                },
                "resultaten": schema,
            },
        }
