"""Tagging engine: SDGs, WSIS action lines, prize category and language for a submission's text.

    from tagging import tag
    from tagging.suggest import suggest
    tags = tag(title_and_description, declared_sdgs=[4], declared_action_lines=["C7.e-learning"])
    hints = suggest(title)  # ranked action lines and SDGs with calibrated confidence, even for a title alone

Everything (lexicons, goal profiles, model weights, WSIS-SDG matrix) is loaded and compiled once at import;
tagging is pure and deterministic. Data files and their sources are described in data/README.md.
"""

from tagging.engine import tag
from tagging.render import format_for_humans, tag_jsonl

__all__ = ["format_for_humans", "tag", "tag_jsonl"]
