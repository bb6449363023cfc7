"""Pages of a list: `pagina` and `paginaGrootte`, the total and links to the other pages."""

from django.utils.translation import gettext, gettext_lazy
from rest_framework.exceptions import ValidationError
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

    def get_page_size(self, request):
        """The asked page size, or the default; a value that is not a whole number from 1 to
        100 is refused (400) rather than silently replaced."""
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        return self._whole_number(raw, self.page_size_query_param, maximum=self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.getlist(self.page_query_param)
        if raw:
            self._whole_number(raw, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)

    def _whole_number(self, raw, name, maximum=None):
        value = raw[-1] if len(raw) == 1 else None
        if value is not None and value.isascii() and value.isdigit() and len(value) < 10:
            number = int(value)
            if number >= 1 and (maximum is None or number <= maximum):
                return number
        if maximum is None:
            message = gettext("Give a whole number from 1.")
        else:
            message = gettext("Give a whole number from 1 to %(maximum)s.") % {"maximum": maximum}
        raise ValidationError({name: [message]})

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters

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
