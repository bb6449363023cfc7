"""The open data's catalogue in DCAT-AP-DONL (JSON-LD), for data.overheid.nl to harvest.

One dcat:Dataset per public table (openbaar.opendata.TABLES), each with a CSV and a JSON
distribution and its field list (dct:conformsTo); licence OPEN_DATA_LICENSE (CC0 by default),
publisher and authority the gemeente, modified the latest change of the public data, and the
provenance of the fields that come from the national registers (DUO, LRK, CBS) from the imports'
Provenance records.
"""

import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openbaar import selectors
from openbaar.opendata import TABLES, register_provenance

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "overheid": "http://standaarden.overheid.nl/owms/terms/",
    "overheidds": "http://standaarden.overheid.nl/owms/terms/ds#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
DUTCH = "http://publications.europa.eu/resource/authority/language/NLD"
PUBLIC_ACCESS = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
AVAILABLE = "http://data.overheid.nl/status/beschikbaar"
THEME = "http://standaarden.overheid.nl/owms/terms/Onderwijs_en_wetenschap"
FORMATS = {
    "csv": ("text/csv", "http://publications.europa.eu/resource/authority/file-type/CSV"),
    "json": ("application/json", "http://publications.europa.eu/resource/authority/file-type/JSON"),
}


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def authority_uri(gemeente):
    """The gemeente in the OWMS list of organisations, as data.overheid.nl names it."""
    if settings.OPEN_DATA_PUBLISHER_URI:
        return settings.OPEN_DATA_PUBLISHER_URI
    name = re.sub(r"\s+", "_", gemeente.name.strip())
    return f"http://standaarden.overheid.nl/owms/terms/{name}_(gemeente)"


def _date(moment):
    return {"@value": moment.isoformat(), "@type": "xsd:dateTime"} if moment else None


def _provenance(table, registers):
    sources = [registers[source] for source in table.registers if source in registers]
    if not table.registers:
        return None
    if not sources:
        text = "; ".join(table.registers)
        return {"@type": "dct:ProvenanceStatement", "rdfs:label": text}
    parts = [
        _("%(register)s: reference date %(date)s, file %(file)s, imported %(imported)s")
        % {
            "register": s["label"],
            "date": s["reference_date"].isoformat(),
            "file": s["file_name"],
            "imported": timezone.localtime(s["imported_at"]).date().isoformat(),
        }
        for s in sources
    ]
    return {"@type": "dct:ProvenanceStatement", "rdfs:label": "; ".join(parts)}


def catalogue():
    """The catalogue as a JSON-LD document (a dict)."""
    gemeente = selectors.gemeente()
    authority = {"@id": authority_uri(gemeente), "foaf:name": gemeente.name}
    modified = _date(selectors.last_modified() or timezone.now())
    registers = register_provenance()
    contact = {
        "@type": "vcard:Organization",
        "vcard:fn": _("Gemeente %(name)s") % {"name": gemeente.name},
        "vcard:hasURL": {"@id": absolute(reverse("openbaar:home"))},
    }
    if settings.OPEN_DATA_CONTACT_EMAIL:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}"}
    datasets = []
    for table in TABLES:
        identifier = absolute(reverse("openbaar:data") + f"#{table.slug}")
        field_list = absolute(reverse("openbaar:field_list", args=[table.slug]))
        distributions = []
        for fmt, (media_type, file_type) in FORMATS.items():
            url = absolute(reverse(f"openbaar:table_{fmt}", args=[table.slug]))
            distributions.append(
                {
                    "@id": url,
                    "@type": "dcat:Distribution",
                    "dct:title": f"{table.title} ({fmt.upper()})",
                    "dcat:accessURL": {"@id": url},
                    "dcat:downloadURL": {"@id": url},
                    "dcat:mediaType": media_type,
                    "dct:format": {"@id": file_type},
                    "dct:license": {"@id": settings.OPEN_DATA_LICENSE},
                    "dct:language": {"@id": DUTCH},
                    "dct:conformsTo": {"@id": field_list},
                    "dct:modified": modified,
                }
            )
        dataset = {
            "@id": identifier,
            "@type": "dcat:Dataset",
            "dct:identifier": identifier,
            "dct:title": str(table.title),
            "dct:description": str(table.description),
            "dct:language": {"@id": DUTCH},
            "dct:license": {"@id": settings.OPEN_DATA_LICENSE},
            "dct:publisher": authority,
            "overheid:authority": authority,
            "dct:accessRights": {"@id": PUBLIC_ACCESS},
            "overheidds:metadataLanguage": {"@id": DUTCH},
            "overheidds:datasetStatus": {"@id": AVAILABLE},
            "dcat:theme": {"@id": THEME},
            "dcat:contactPoint": contact,
            "dcat:landingPage": {"@id": identifier},
            "dct:modified": modified,
            "dct:conformsTo": {"@id": field_list},
            "dcat:distribution": distributions,
        }
        provenance = _provenance(table, registers)
        if provenance:
            dataset["dct:provenance"] = provenance
            dataset["dct:source"] = [registers.get(s, {}).get("label", s) for s in table.registers]
        datasets.append(dataset)
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("openbaar:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": _("Open data of the gemeente %(name)s: kindcentra and the LEA")
        % {"name": gemeente.name},
        "dct:description": _(
            "The public data of the Lokale Educatieve Agenda and the kindcentra of the "
            "gemeente %(name)s."
        )
        % {"name": gemeente.name},
        "dct:publisher": authority,
        "dct:language": {"@id": DUTCH},
        "dct:license": {"@id": settings.OPEN_DATA_LICENSE},
        "dct:modified": modified,
        "foaf:homepage": {"@id": absolute(reverse("openbaar:data"))},
        "dcat:dataset": datasets,
    }
