"""The forms of a page as a browser would submit them: every field with its current value,
including those placed outside their form with the HTML `form` attribute."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    # Radio groups none of whose buttons is checked: the values to choose from.
    choices: dict[str, list[str]] = field(default_factory=dict)


class _Parser(HTMLParser):
    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self.by_id: dict[str, Form] = {}
        self.current: Form | None = None
        self.owner: Form | None = None
        self.text_name: str | None = None
        self.text: list[str] = []
        self.select: str | None = None
        self.select_options: list[tuple[str, bool]] = []

    def _owner(self, attrs: dict) -> Form | None:
        return self.by_id.get(attrs.get("form") or "", self.current)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.current = Form(action=attrs.get("action") or self.url)
            self.forms.append(self.current)
            if attrs.get("id"):
                self.by_id[attrs["id"]] = self.current
        elif tag == "input" and attrs.get("name"):
            self._input(attrs)
        elif tag == "textarea" and attrs.get("name"):
            self.owner, self.text_name, self.text = self._owner(attrs), attrs["name"], []
        elif tag == "select" and attrs.get("name"):
            self.owner, self.select, self.select_options = self._owner(attrs), attrs["name"], []
        elif tag == "option" and self.select:
            self.select_options.append((attrs.get("value", ""), "selected" in attrs))

    def _input(self, attrs: dict) -> None:
        form = self._owner(attrs)
        kind = attrs.get("type", "text").lower()
        if form is None or kind in {"submit", "button", "image", "file", "reset"}:
            return
        name, value = attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")
        if kind == "radio":
            if "checked" in attrs:
                form.fields[name] = value
                form.choices.pop(name, None)
            elif name not in form.fields:
                form.choices.setdefault(name, []).append(value)
        elif kind != "checkbox" or "checked" in attrs:
            form.fields[name] = value

    def handle_data(self, data):
        if self.text_name is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "textarea" and self.text_name is not None:
            if self.owner is not None:
                # The browser drops the one newline that may follow <textarea>.
                self.owner.fields[self.text_name] = "".join(self.text).removeprefix("\n")
            self.text_name = None
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.select_options if selected]
            first = [value for value, _ in self.select_options[:1]]
            if self.owner is not None and (chosen or first):
                self.owner.fields[self.select] = (chosen or first)[0]
            self.select = None


def forms_of(html: str, url: str) -> list[Form]:
    parser = _Parser(url)
    parser.feed(html)
    return parser.forms


def form_posting_to(html: str, url: str, action_ends: str) -> Form | None:
    return next(
        (f for f in forms_of(html, url) if f.action.split("?")[0].endswith(action_ends)), None
    )
