"""The OpenAPI document: every operation lists the problems it can answer, so that a client
(and schemathesis) knows each status and its shape."""

from drf_spectacular.openapi import AutoSchema

from api import serializers as s

PROBLEM = "application/problem+json"


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        method = self.method.upper()
        extra = {
            "404": ("Niet gevonden (ook: niet van je organisatie, of niet openbaar).", s.Problem),
            "405": ("Deze methode kan hier niet.", s.Problem),
            "406": ("Deze weergave is er niet (alleen JSON).", s.Problem),
        }
        if self.view.permission_classes and not self._is_public():
            extra["401"] = ("Geen geldige API-sleutel in X-Api-Key.", s.Problem)
            extra["403"] = ("De sleutel heeft deze bevoegdheid niet.", s.Problem)
        if method == "GET" and self._is_list_view():
            extra["400"] = (
                "Een filter of de paginering klopt niet; zie invalid-params.",
                s.ValidationProblem,
            )
        if method == "POST":
            extra["400"] = ("De gegevens kloppen niet; zie invalid-params.", s.ValidationProblem)
            extra["409"] = extra.get("409") or (
                "Conflict met de huidige afspraak.",
                s.ConflictProblem,
            )
            extra["413"] = ("Het verzoek is te groot.", s.Problem)
            extra["415"] = ("Stuur JSON (application/json).", s.Problem)
        for code, (description, serializer) in extra.items():
            if code in responses:
                responses[code]["description"] = responses[code].get("description") or description
                responses[code]["content"] = {
                    PROBLEM: responses[code]["content"].get("application/json", {})
                    or {"schema": self.resolve_serializer(serializer, "response").ref}
                }
                continue
            component = self.resolve_serializer(serializer, "response")
            responses[code] = {
                "description": description,
                "content": {PROBLEM: {"schema": component.ref}},
            }
        for response in responses.values():
            response["headers"] = {
                "API-Version": {
                    "description": "De volledige versie van de API (semver).",
                    "schema": {"type": "string", "example": "1.0.0"},
                }
            }
        return responses

    def _is_public(self):
        from api.views import PublicView

        return isinstance(self.view, PublicView)
