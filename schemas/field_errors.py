"""What is wrong with a field of a submission (or of a score, or of an envelope), as a Message.

Pydantic's own texts are English sentences; each error type it raises for our models has a template here, its
values taken from the error's context, so that the dashboard shows it in the reader's language and the API
gives the English text with the template and values beside it. Our validators raise `invalid(kind, **values)`
with a template of the same table.
"""

import re
from string import Formatter
from typing import Any

from pydantic import ValidationError, model_validator
from pydantic_core import PydanticCustomError

from schemas.messages import Message, Value, render

FIELD_MESSAGES = {
    # pydantic's error types ("_text" when the input was text: its length is in characters, not items)
    "missing": "required",
    "extra_forbidden": "not a field of a submission",
    "string_type": "must be text",
    "string_too_short_text": "must have at least {min_length} characters",
    "too_short_text": "must have at least {min_length} characters; it has {actual_length}",
    "string_too_long_text": "must have at most {max_length} characters",
    "too_long_text": "must have at most {max_length} characters; it has {actual_length}",
    "too_long": "must have at most {max_length} items; it has {actual_length}",
    "too_short": "must have at least {min_length} items; it has {actual_length}",
    "string_pattern_mismatch": "not in the expected form",
    "list_type": "must be a list",
    "dict_type": "must be a JSON object",
    "model_type": "must be a JSON object",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_parsing_size": "must be a whole number",
    "int_from_float": "must be a whole number",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "literal_error": "must be one of {expected}",
    "date_type": "must be a date (YYYY-MM-DD)",
    "date_parsing": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "must be a date (YYYY-MM-DD)",
    "datetime_type": "must be a date and time (ISO 8601)",
    "datetime_parsing": "must be a date and time (ISO 8601)",
    "datetime_from_date_parsing": "must be a date and time (ISO 8601)",
    "url_type": "must be a web address, for example https://example.org",
    "url_parsing": "must be a web address, for example https://example.org",
    "url_scheme": "must be a web address, for example https://example.org",
    "url_too_long": "must have at most {max_length} characters",
    "value_error": "{error}",  # a validator outside our models: its own English text
    # our validators
    "email": "not a valid email address",
    "unknown_stakeholder_type": "unknown type of organisation '{value}'",
    "unknown_action_lines": "unknown action line(s) {codes}; expected C1 to C11 or a C7 e-sub-line (C7.e-…)",
    "short_description_words": "the prize short description must have {low}–{high} words; it has {words}",
    "unknown_country": "unknown country '{value}'",
    "unknown_region": "unknown ITU region '{value}'; expected one of {expected}",
    "place_missing": "give the country, or the ITU region for a regional project",
    "place_or_scope_missing": "give the country, the ITU region for a regional project, or the scope 'global'",
    "global_with_place": "a global project has no single country or region: leave it empty",
    "national_without_country": "a national project needs its country",
    "submitted_on_range": "must be a date from {low} to today",
    "end_before_start": "the end date is before the start date",
    "score_criteria": "score every criterion once: missing {missing}, unknown {unknown}",
    "score_range": "scores go from {low} to {high}: {criteria}",
    # before the schema: the record itself
    "not_utf8": "not UTF-8 text (byte {position})",
    "not_json": "not valid JSON: {error}",
    "not_an_object": "expected a JSON object with the submission's fields",
    "id_form": "must be 1–100 letters, digits or . _ : -",
    "header_length": "must have 1–{max_length} characters",
    "not_indexed": "not indexed: {error}",
    "internal": "internal error: {error}",
}


class FieldError(Message):
    """An error of one field: its Message, and `message`, the English text (what API clients read)."""

    field: str
    message: str

    @model_validator(mode="before")
    @classmethod
    def _recorded_before_templates(cls, data: Any) -> Any:
        """Errors recorded before they had templates (on the rejected topic, in the status index): the English
        text is shown as it is."""
        if isinstance(data, dict) and "template" not in data and isinstance(data.get("message"), str):
            return {**data, "template": _literal(data["message"])}
        return data


def _literal(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def field_error(field: str, kind: str, **values: Value) -> FieldError:
    """The error `kind` (a key of FIELD_MESSAGES) of `field`; values its template does not name are left out."""
    template = FIELD_MESSAGES[kind]
    named = {name for _, name, _, _ in Formatter().parse(template) if name}
    values = {name: value for name, value in values.items() if name in named}
    shown = Message(template=template, values=values)
    return FieldError(field=field, message=render(shown), template=shown.template, values=values)


def invalid(kind: str, field: str | None = None, **values: Value) -> PydanticCustomError:
    """Raised by a validator: a FIELD_MESSAGES error; `field` names it for a check of the whole model."""
    return PydanticCustomError(kind, FIELD_MESSAGES[kind], {**values, **({"field": field} if field else {})})


def _kind(item: Any) -> str:
    kind = item["type"]
    if isinstance(item.get("input"), str) and f"{kind}_text" in FIELD_MESSAGES:
        return f"{kind}_text"
    return kind


def field_errors(error: ValidationError) -> list[FieldError]:
    """One error per field and problem, e.g. `country: unknown country 'Narnia'`."""
    result = []
    for item in error.errors(include_url=False):
        values = {k: v if isinstance(v, int | float | str | list) else str(v) for k, v in item.get("ctx", {}).items()}
        location = str(values.pop("field", "")) or ".".join(str(part) for part in item["loc"]) or "submission"
        kind = _kind(item)
        if kind not in FIELD_MESSAGES:  # an error type not met before: pydantic's English text
            result.append(FieldError(field=location, message=item["msg"], template=_literal(item["msg"])))
            continue
        if kind == "value_error":  # EmailStr's check gives a reason; other validators outside ours, their text
            kind, values = ("email", {}) if "reason" in values else (kind, {"error": values.get("error", item["msg"])})
        elif kind == "literal_error":  # pydantic's "'planned', 'ongoing' or 'completed'": the choices, as names
            values["expected"] = re.findall(r"'([^']*)'", str(values.get("expected", ""))) or values.get("expected")
        result.append(field_error(location, kind, **values))
    return result
