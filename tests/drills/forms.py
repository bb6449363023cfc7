"""The forms of a page as a browser sees them: parsed from the HTML, not listed by hand.

`forms_in(html)` gives every <form> with its method, action and fields; `Form.data()` is what a
browser would submit unchanged (checked boxes, selected options, textarea contents, hidden
inputs), as a dict of lists for the test client."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIPPED_INPUT_TYPES = {"submit", "button", "reset", "image"}


@dataclass
class Field:
    name: str
    tag: str  # input, select, textarea
    type: str = "text"  # the input type; "select", "select-multiple" or "textarea" otherwise
    value: str = ""
    checked: bool = False
    options: list = field(default_factory=list)  # (value, selected) of a select
    attrs: dict = field(default_factory=dict)

    @property
    def kind(self):
        """What sort of value the field takes, to choose bad input for it."""
        if self.type in ("select", "select-multiple", "radio", "checkbox"):
            return "choice"
        if self.type in ("number", "date", "email", "file", "hidden", "password"):
            return self.type
        if self.type == "text" and self.attrs.get("inputmode") in ("decimal", "numeric"):
            return "number"
        return "text"


@dataclass
class Form:
    method: str
    action: str
    fields: list = field(default_factory=list)
    enctype: str = ""

    def data(self):
        data = {}
        for item in self.fields:
            if item.type in ("radio", "checkbox"):
                if item.checked:
                    data.setdefault(item.name, []).append(item.value or "on")
                else:
                    data.setdefault(item.name, [])
            elif item.type in ("select", "select-multiple"):
                chosen = [value for value, selected in item.options if selected]
                if not chosen and item.type == "select" and item.options:
                    chosen = [item.options[0][0]]
                data.setdefault(item.name, []).extend(chosen)
            elif item.type == "file":
                data.setdefault(item.name, [])
            else:
                data.setdefault(item.name, []).append(item.value)
        return {name: values for name, values in data.items() if values}

    def named(self):
        """Field name → the fields of that name (radio buttons share one)."""
        result = {}
        for item in self.fields:
            result.setdefault(item.name, []).append(item)
        return result


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.select = None
        self.option = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value if value is not None else "" for key, value in attrs}
        if tag == "form":
            self.form = Form(
                method=attrs.get("method", "get").lower(),
                action=attrs.get("action", ""),
                enctype=attrs.get("enctype", ""),
            )
            self.forms.append(self.form)
        if self.form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind not in SKIPPED_INPUT_TYPES:
                self.form.fields.append(
                    Field(name, tag, kind, attrs.get("value", ""), "checked" in attrs, attrs=attrs)
                )
        elif tag == "select" and name:
            kind = "select-multiple" if "multiple" in attrs else "select"
            self.select = Field(name, tag, kind, attrs=attrs)
            self.form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), "selected" in attrs, ""]
        elif tag == "textarea" and name:
            self.textarea = Field(name, tag, "textarea", attrs=attrs)
            self.form.fields.append(self.textarea)

    def handle_data(self, data):
        if self.option is not None:
            self.option[2] += data
        elif self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "option" and self.option is not None:
            self._close_option()
        elif tag == "select":
            self._close_option()
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def _close_option(self):
        if self.option is not None and self.select is not None:
            value, selected, text = self.option
            self.select.options.append((text.strip() if value is None else value, selected))
        self.option = None


def forms_in(html) -> list[Form]:
    parser = _Parser()
    parser.feed(html if isinstance(html, str) else html.decode())
    parser.close()
    return parser.forms


def post_forms(html) -> list[Form]:
    """The forms that change something, without the page's own logout and language forms."""
    return [
        form
        for form in forms_in(html)
        if form.method == "post"
        and not any(skip in form.action for skip in ("/accounts/logout/", "/i18n/setlang/"))
    ]
