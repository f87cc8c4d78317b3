"""Messages people read in their own language: an English template with `{name}` placeholders, and its values.

The stages write a Message (a field's error, why a prize entry is not eligible, what an audited action did); the
English text is `str(message)`, and the dashboard shows `render(message, t)`, the template translated. A value
may itself be a Message or a list. The values under NAMES are names the catalogs translate (an action, a phase, a
project status, the expected choices); any other value (what a user typed, an id, a number, a text from
elsewhere) is shown as it is.
"""

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, Field

Value = str | int | float | list[Any] | dict[str, Any] | None  # a dict is a Message as JSON
NAMES = frozenset({"action", "phase", "current", "status", "expected"})


class Message(BaseModel):
    template: str = Field(description="English, with {name} placeholders; the msgid translations are keyed by")
    values: dict[str, Value] = Field(default_factory=dict)

    def __str__(self) -> str:
        return render(self)


def message(template: str, **values: Value | Message) -> Message:
    return Message(template=template, values={name: _plain(value) for name, value in values.items()})


def _plain(value: Any) -> Any:
    if isinstance(value, Message):
        return value.model_dump()
    return [_plain(item) for item in value] if isinstance(value, list) else value


def _keep(text: str) -> str:
    return text


def render(shown: Message | Mapping[str, Any], translate: Callable[[str], str] = _keep) -> str:
    """The message's text, its template and text values passed through `translate` (the English text without)."""
    template, values = (shown.template, shown.values) if isinstance(shown, Message) else (
        shown["template"], shown.get("values", {}))

    def text(value: Any, name: bool) -> Any:
        if isinstance(value, dict) and "template" in value:
            return render(value, translate)
        if isinstance(value, list):
            parts = [text(item, name) for item in value]
            return ("; " if any(isinstance(item, dict) for item in value) else ", ").join(map(str, parts))
        return translate(value) if name and isinstance(value, str) else value

    return translate(template).format(**{key: text(value, key in NAMES) for key, value in values.items()})
