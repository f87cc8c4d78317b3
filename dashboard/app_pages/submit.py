"""Submit a project: every field of a stocktaking entry, checked field by field, action lines and SDGs suggested
by the tagger, then the submission's status as it moves through the pipeline."""

import datetime as dt

import streamlit as st

from dashboard.i18n import (
    LANGUAGES,
    action_line_label,
    alphabetical,
    choose,
    country_label,
    labelled,
    listed,
    region_label,
    sdg_label,
    t,
    tn,
    translated,
)
from dashboard.intake_form import (
    KEY,
    LABELS,
    countries,
    errors_by_field,
    form_token,
    intake,
    payload,
    prefill_suggestions,
    ranked_suggestions,
)
from dashboard.render import escape_markdown
from producers.intake import BrokerUnavailable, StatusUnavailable, new_id
from schemas.reference import ACTION_LINES, ITU_REGIONS, SDG_NAMES, STAKEHOLDER_TYPES
from schemas.submission import SHORT_DESCRIPTION_WORDS
from tagging.suggest import Suggestion, Suggestions

PROJECT_STATUSES = ["planned", "ongoing", "completed"]
STATE_TEXT = {
    "received": "Received: waiting to be checked and tagged.",
    "accepted": "Accepted, but not yet searchable.",
    "rejected": "Rejected: please correct the following and submit again.",
    "indexed": "Accepted and published in the stocktaking database.",
    "withdrawn": "Withdrawn by its submitter: no longer in the stocktaking database.",
}


PLACES = {"body": "Record", "envelope": "Record", "submission": "Submission", "index": "Search index"}  # no field
SOURCE_TEXT = {
    "title": "Suggested from your title: keep, remove or add as fits your project. A description sharpens them.",
    "description": "Suggested from your title and description: keep, remove or add as fits your project.",
}
MIN_SHOWN = {"action_lines": 0.08, "sdgs": 0.05}  # below: no better than a guess (1/18 lines, 1 in 30 goals)


def label(field: str) -> str:
    low, high = SHORT_DESCRIPTION_WORDS
    return t(LABELS[field], low=low, high=high)


def reason_place(field: str) -> str:
    """Where a reason of the stream points: the form's field (`sdgs.0` is under `sdgs`), or the record itself."""
    name = field.split(".")[0]
    return label(name) if name in LABELS else t(PLACES[name]) if name in PLACES else field


def why(suggestion: Suggestion, goal: bool) -> list[str]:
    """The reasons for a suggestion, in the reader's language; the text's own words are escaped."""
    phrases = [e.detail for e in suggestion.reasons if e.kind == "phrase"]
    reasons = [t("“{phrases}” in your text", phrases=escape_markdown(listed(phrases)))] if phrases else []
    if suggestion.words:
        reasons.append(t("words close to its description: {words}", words=escape_markdown(listed(suggestion.words))))
    if suggestion.like:
        reasons.append(t("like a past WSIS Prizes entry filed there: “{title}” ({year})",
                         title=escape_markdown(suggestion.like.title), year=suggestion.like.year))
    if suggestion.link:
        reasons.append(t("the WSIS–SDG matrix links it to {line}", line=escape_markdown(action_line_label(
            suggestion.link))) if goal
                       else t("the WSIS–SDG matrix links it to SDG {sdg}", sdg=suggestion.link))
    return reasons


def show_suggestions(source: str, found: Suggestions) -> None:
    """The ranked suggestions, how likely each one is (measured on past WSIS Prizes entries) and why."""
    st.caption(t(SOURCE_TEXT[source]))
    columns = st.columns(2)
    for column, name in zip(columns, ("action_lines", "sdgs"), strict=True):
        goal = name == "sdgs"
        # a suggestion with no reason is a guess, not something this text says
        shown = [(s, reasons) for s in getattr(found, name)
                 if s.confidence >= MIN_SHOWN[name] and (reasons := why(s, goal))]
        with column:
            st.markdown(f"**{escape_markdown(label(name))}**")
            if not shown:
                st.caption(t("No clue yet: a few words on what the project does will bring suggestions."))
            for s, reasons in shown:
                name_text = sdg_label(int(s.code)) if goal else action_line_label(s.code)
                likely = t("{percent}% likely", percent=round(100 * s.confidence))
                lines = [f"- **{escape_markdown(name_text)}** · {likely}"]
                lines += [f"    - {reason}" for reason in reasons]
                st.markdown("\n".join(lines))


def submit() -> None:
    submission = payload(st.session_state)
    st.session_state[KEY + "attempted"] = True
    if errors_by_field(submission):
        return
    submitter = submission.get("contact_email")
    try:
        envelope = intake().submit(submission, new_id(submitter, form_token(st.session_state)), submitter=submitter)
    except BrokerUnavailable:
        st.session_state[KEY + "failure"] = t("The submission service is unavailable; nothing was stored. "
                                              "Please try again in a minute.")
        return
    st.session_state[KEY + "submitted"] = envelope.submission_id
    st.session_state.pop(KEY + "failure", None)


def start_over() -> None:
    for key in [k for k in st.session_state if str(k).startswith(KEY)]:
        del st.session_state[key]


@st.fragment(run_every=3)
def show_status(submission_id: str) -> None:
    try:
        status = intake().status(submission_id)
    except StatusUnavailable:
        st.warning(t("The status cannot be read right now; it will show here once it can."))
        return
    st.caption(t("Submission {id}", id=submission_id))
    if status is None:
        st.info(t(STATE_TEXT["received"]))
        return
    message = t("Version {version}", version=status.version) + " · " + t(STATE_TEXT[status.state])
    {"rejected": st.error, "indexed": st.success}.get(status.state, st.info)(message)
    for reason in status.reasons:
        st.markdown(f"- **{escape_markdown(reason_place(reason.field))}**: {escape_markdown(translated(reason))}")
    if status.tags:
        lines, sdgs = status.tags.action_lines, status.tags.sdgs
        st.text(labelled(t("Action lines detected"), listed(action_line_label(x.code) for x in lines)))
        st.text(labelled(t("SDGs detected"), listed(sdg_label(x.sdg) for x in sdgs)))


st.title(t("Submit a project"))

if KEY + "submitted" in st.session_state:
    show_status(st.session_state[KEY + "submitted"])
    st.button(t("Submit another project"), on_click=start_over)
    st.stop()

errors = errors_by_field(payload(st.session_state)) if st.session_state.get(KEY + "attempted") else {}


def field_error(name: str) -> None:
    if name in errors:
        st.error(escape_markdown(errors[name]), icon="⚠️")


st.subheader(t("The project"), anchor=False)
title = st.text_input(label("title"), key=KEY + "title", max_chars=300)
field_error("title")
description = st.text_area(label("description"), key=KEY + "description", max_chars=20_000, height=200)
field_error("description")
st.selectbox(label("status"), PROJECT_STATUSES, format_func=t, key=KEY + "status", index=1,
             placeholder=choose(PROJECT_STATUSES))
start, end = st.columns(2)
with start:
    st.date_input(label("start_date"), value=None, min_value=dt.date(1990, 1, 1), key=KEY + "start_date")
    field_error("start_date")
with end:
    st.date_input(label("end_date"), value=None, min_value=dt.date(1990, 1, 1), key=KEY + "end_date")
    field_error("end_date")
st.selectbox(label("language"), list(LANGUAGES), format_func=LANGUAGES.get, index=None,
             key=KEY + "language", placeholder=choose(LANGUAGES))

st.subheader(t("Who runs it"), anchor=False)
st.text_input(label("organisation"), key=KEY + "organisation", max_chars=300)
field_error("organisation")
st.selectbox(label("stakeholder_type"), STAKEHOLDER_TYPES, format_func=t, index=None, key=KEY + "stakeholder_type",
             placeholder=choose(STAKEHOLDER_TYPES))
field_error("stakeholder_type")

st.subheader(t("Where"), anchor=False)
regional = st.toggle(t("A regional project (no single country)"), key=KEY + "regional")
if regional:
    st.selectbox(label("region"), ITU_REGIONS, format_func=region_label, index=None, key=KEY + "region",
                 placeholder=choose(ITU_REGIONS))
    field_error("region")
else:
    names = sorted(countries(), key=lambda name: alphabetical(country_label(name)))  # in the reader's alphabet
    country = st.selectbox(label("country"), names, format_func=country_label, index=None, key=KEY + "country",
                           placeholder=choose(names))
    if country:
        st.caption(t("ITU region: {region}", region=region_label(countries()[country].region)))
field_error("country")

st.subheader(t("WSIS action lines and SDGs"), anchor=False)
organisation = st.session_state.get(KEY + "organisation", "")
prefill_suggestions(st.session_state, title, description, organisation)
found = ranked_suggestions(title, description, organisation)
if found:
    show_suggestions(*found)
st.multiselect(label("action_lines"), ACTION_LINES, format_func=action_line_label, key=KEY + "action_lines",
               placeholder=choose(ACTION_LINES, many=True))
field_error("action_lines")
st.multiselect(label("sdgs"), list(SDG_NAMES), format_func=sdg_label, key=KEY + "sdgs",
               placeholder=choose(SDG_NAMES, many=True))
field_error("sdgs")

st.subheader(t("Contact"), anchor=False)
st.text_input(label("website"), key=KEY + "website", placeholder="https://", max_chars=2_000)
field_error("website")
st.text_input(label("contact_email"), key=KEY + "contact_email", max_chars=254)
field_error("contact_email")
st.text_input(label("contact_phone"), key=KEY + "contact_phone", max_chars=40)
field_error("contact_phone")

st.subheader(t("WSIS Prizes (optional)"), anchor=False)
short = st.text_area(label("short_description"), key=KEY + "short_description", max_chars=2_000)
if short.strip():
    st.caption(tn("{count} word", "{count} words", len(short.split()), count=len(short.split())))
field_error("short_description")

if errors:
    st.error(t("Please correct the fields marked above."))
if KEY + "failure" in st.session_state:
    st.error(st.session_state[KEY + "failure"])
st.button(t("Submit"), type="primary", on_click=submit)
