"""Template tags every app's templates use; loaded as a builtin, so no {% load %} is needed."""

import hashlib
import re
from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from kindportaal.formatting import display_value, euro, percent

register = template.Library()


@register.inclusion_tag("components/crumb.html", takes_context=True)
def crumb(context, label, url=None):
    """One step of the breadcrumb trail; without a URL it is the current page."""
    return {"label": label, "url": url, "request": context.get("request")}


@register.filter
def split(value, separator=" "):
    return value.split(separator)


register.filter("euro", euro)
register.filter("percent", percent)


@register.filter
def cell_display(cell):
    return display_value(cell["value"], cell["kind"])


@register.filter
def display(value, kind="text"):
    return display_value(value, kind)


@register.filter
def stored_date(value):
    """A date kept as ISO text (an agreement version's data) in Dutch: 1 januari 2025."""
    if not value:
        return "—"
    try:
        return display_value(date.fromisoformat(str(value)))
    except ValueError:
        return value


@register.inclusion_tag("components/sort_header.html", takes_context=True)
def sort_header(context, column, current_sort):
    """A column header that sorts the list by the column, and says how it is sorted now."""
    direction = None
    if current_sort == column.key:
        direction = "ascending"
    elif current_sort == f"-{column.key}":
        direction = "descending"
    next_sort = f"-{column.key}" if direction == "ascending" else column.key
    return {
        "column": column,
        "direction": direction,
        "next_sort": next_sort,
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def object_panels(context, obj):
    """The blocks other apps add to this object's page (see kindportaal.navigation.ObjectPanel)."""
    from kindportaal.navigation import object_panels_for

    # Each panel is rendered in the page's own context, as an {% include %} is: the layout's
    # values (the gemeente, the navigation) are worked out once per page, not again per panel.
    html = []
    for panel in object_panels_for(context["request"], obj):
        template = context.template.engine.get_template(panel["template_name"])
        with context.push(**panel["context"], object=obj):
            html.append(template.render(context))
    return mark_safe("".join(html))


@register.inclusion_tag("components/data_row.html")
def field_row(obj, name, kind="text"):
    """One row of a data list (<dl>): the field's label and its value as the portal shows it.

    Choices show their label, related objects link to their page, e-mail addresses and websites
    are links; kind "year" shows a number as a year (2025, not 2.025). Write rows that are no
    single field with components/data_row.html.
    """
    from django.db import models
    from django.utils.text import capfirst

    model_field = obj._meta.get_field(name)
    value = getattr(obj, name)
    link = None
    if model_field.choices and value not in (None, ""):
        value = getattr(obj, f"get_{name}_display")()
    elif isinstance(value, models.Model):
        link = getattr(value, "get_absolute_url", lambda: None)()
    elif isinstance(model_field, models.EmailField) and value:
        link = f"mailto:{value}"
    elif isinstance(model_field, models.URLField) and value:
        link = value
    elif kind == "year" and value is not None:
        value = str(value)
    return {"label": capfirst(model_field.verbose_name), "value": value, "link": link}


CAPTION = re.compile(r"<caption\b([^>]*)>")
CAPTION_ID = re.compile(r"""\bid=["']([^"']+)["']""")


class ScrollTableNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        caption = CAPTION.search(html)
        if caption is None:
            raise template.TemplateSyntaxError("{% scrolltable %} needs a table with a <caption>")
        existing = CAPTION_ID.search(caption.group(1))
        if existing:
            caption_id = existing.group(1)
        else:
            # Derived from the table itself, so a kept page keeps the same id.
            caption_id = (
                "kp-table-" + hashlib.sha1(html.encode(), usedforsecurity=False).hexdigest()[:10]
            )
            start = caption.end() - 1
            html = f'{html[:start]} id="{caption_id}"{html[start:]}'
        return format_html(
            '<div class="utrecht-table__container kp-table-scroll" role="region"'
            ' aria-labelledby="{}" tabindex="0">{}</div>',
            caption_id,
            mark_safe(html),
        )


@register.tag("scrolltable")
def scrolltable(parser, token):
    """{% scrolltable %}<table>…<caption>…</caption>…</table>{% endscrolltable %}: every table of
    the portal. A table wider than the screen scrolls inside its own region (WCAG 1.4.10 reflow),
    which the keyboard can reach and a screen reader names after the table's caption; its first
    column stays in view (static/css/kindportaal.css, .kp-table-scroll)."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% scrolltable %} takes no arguments")
    nodelist = parser.parse(("endscrolltable",))
    parser.delete_first_token()
    return ScrollTableNode(nodelist)
