"""What the "Submit a project" page needs besides its widgets: the intake path (made once per process), the
payload built from the form's values, the schema's messages by form field, and the tagger's suggestions."""

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

import streamlit as st

from dashboard.i18n import translated
from producers.intake import Intake, check
from schemas.countries import Country, all_countries
from schemas.settings import get_settings
from tagging import tag
from tagging.suggest import Suggestions, suggest

KEY = "submit_"  # prefix of the form's widget keys: `submit_title` holds the field `title`
LABELS = {  # each field of the form and its label
    "title": "Project title", "description": "Description", "status": "Status", "start_date": "Start date",
    "end_date": "End date", "language": "Language of the project", "organisation": "Organisation",
    "stakeholder_type": "Type of organisation", "region": "ITU region", "country": "Country",
    "action_lines": "WSIS action lines", "sdgs": "Sustainable Development Goals", "website": "Website",
    "contact_email": "Contact email (not published)", "contact_phone": "Contact phone (not published)",
    "short_description": "Short description for voters ({low}–{high} words)",
}
MIN_TEXT_FOR_SUGGESTIONS = 20  # characters of description before the tagger reads it; until then, the title


@st.cache_resource
def intake() -> Intake:
    return Intake(get_settings())


@st.cache_data
def countries() -> dict[str, Country]:
    """Every country and territory by name, for the picker (those of no ITU member state included)."""
    return {c.name: c for c in all_countries()}


def payload(state: Mapping[str, Any]) -> dict[str, Any]:
    """The submission as the form holds it; empty fields are left out."""
    result: dict[str, Any] = {}
    for name in LABELS:
        value = state.get(KEY + name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, str):
            value = value.strip()
        if value not in (None, "", []):
            result[name] = value
    return result


def errors_by_field(submission: Mapping[str, Any]) -> dict[str, str]:
    """The schema's messages in the reader's language, keyed by form field (`sdgs.0` is shown under `sdgs`)."""
    errors: dict[str, str] = {}
    for error in check(submission):
        field, text = error.field.split(".")[0], translated(error)
        errors[field] = f"{errors[field]}; {text}" if field in errors else text
    return errors


def tagged_text(title: str, description: str, organisation: str = "") -> tuple[str, str]:
    """What the tagger reads, and from which fields ("title" or "description"; "" when there is nothing yet):
    the title and organisation until the description is long enough, then the title and the description."""
    if len(description.strip()) >= MIN_TEXT_FOR_SUGGESTIONS:
        return f"{title}\n{description}".strip(), "description"
    text = ". ".join(part.strip() for part in (title, organisation) if part.strip())
    return (text, "title") if title.strip() else ("", "")


def prefill_suggestions(state: Any, title: str, description: str, organisation: str = "") -> None:
    """Put the tagger's action lines and SDGs (those a phrase of the text backs) into the pickers, unless the
    submitter has changed them since. Call it before the pickers are drawn."""
    text, _ = tagged_text(title, description, organisation)
    if not text or text == state.get(KEY + "tagged_text"):
        return
    suggestion = tag(text)
    state[KEY + "tagged_text"] = text
    for name, values in (("action_lines", [t.code for t in suggestion.action_lines]),
                         ("sdgs", [t.sdg for t in suggestion.sdgs])):
        if state.get(KEY + name, []) == state.get(KEY + "suggested_" + name, []):
            state[KEY + name] = values
        state[KEY + "suggested_" + name] = values


def ranked_suggestions(title: str, description: str, organisation: str = "") -> tuple[str, Suggestions] | None:
    """The suggester's ranked action lines and SDGs with their confidence and reasons, and the fields they come
    from; None before there is a title."""
    text, source = tagged_text(title, description, organisation)
    return (source, suggest(text)) if text else None


def form_token(state: Any) -> str:
    """One idempotency key per filled-in form: pressing Submit twice, or again after an error, is one submission."""
    if KEY + "token" not in state:
        state[KEY + "token"] = uuid.uuid4().hex
    return state[KEY + "token"]
