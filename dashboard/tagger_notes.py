"""The tagger's notes in the reader's language: where the tags it detected and those the submitter declared differ,
and the rule behind an evidence that is not a phrase of the text. The tagger (tagging/engine.py) writes
them in English from the templates below; a note is matched against each template and shown as the template's
translation with the same values. A note no template matches is shown as written (as a missing translation is).
"""

import re

from dashboard.i18n import t

NOTES = (  # the first template that matches the whole note wins: the SDG ones come before the {code} ones
    "declared SDG {sdg} is not an SDG (1-17)",
    "declared SDG {sdg} not detected",
    "detected SDG {sdg} ({score}) not declared",
    "declared {code} is not a WSIS action line",
    "declared {code} not detected",
    "detected {code} ({score}) not declared",
    "WSIS-SDG matrix: {code} supports SDG {sdg}",
    "best action line {code} -> WSIS Prize category {category}",
    "no action line detected; SDG {sdg} -> {code} -> prize category {category}",
)


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)  # text, name, text, name, …, text
    return re.compile("".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)))


_PATTERNS = [(template, _pattern(template)) for template in NOTES]


def parse(note: str) -> tuple[str, dict[str, str]] | None:
    """The template a note was written from, with its values; None for a note no template matches."""
    for template, pattern in _PATTERNS:
        match = pattern.fullmatch(note)
        if match:
            return template, match.groupdict()
    return None


def tagger_note(note: str) -> str:
    parsed = parse(note)
    return t(parsed[0], **parsed[1]) if parsed else note
