"""The tagger's English notes (disagreements, the rule behind an evidence) are each recognised as one of the
dashboard's translatable templates, with the values that rebuild the note exactly: a note the tagger starts
writing differently fails here instead of reaching a reader untranslated."""

from dashboard.tagger_notes import NOTES, parse
from tagging import tag

HEALTH = ("Connects rural health clinics to specialist doctors through telemedicine, electronic health records and "
          "mobile health messages for maternal care and vaccination.")
OCEAN = "Protecting coral reefs and marine life in the ocean."


def notes(text: str, sdgs: list[int], lines: list[str]) -> list[str]:
    tags = tag(text, declared_sdgs=sdgs, declared_action_lines=lines)
    evidence = [e.detail for t in [*tags.sdgs, *tags.action_lines] for e in t.evidence if e.kind != "phrase"]
    return tags.disagreements + evidence


def test_every_note_of_the_tagger_is_a_template_with_its_values() -> None:
    written = notes(HEALTH, [5, 18], ["C2", "C99"]) + notes(OCEAN, [], [])
    used = set()
    for note in written:
        parsed = parse(note)
        assert parsed is not None, f"no template for the tagger's note {note!r}"
        template, values = parsed
        assert template.format(**values) == note
        used.add(template)
    assert used == set(NOTES)  # the cases above produce every kind of note


def test_the_sdg_notes_are_not_read_as_action_line_notes() -> None:
    assert parse("declared SDG 5 not detected") == ("declared SDG {sdg} not detected", {"sdg": "5"})
    assert parse("declared C7.e-health not detected") == ("declared {code} not detected", {"code": "C7.e-health"})
    assert parse("a phrase a submitter wrote") is None
