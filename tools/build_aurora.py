"""Offline build: turn the Aurora SDG queries into a phrase list the tagger ships (data/aurora_phrases.json).

Aurora queries are Scopus boolean expressions (AND/OR, proximity W/n). The tagger only does phrase
lookup, so we keep the quoted multi-word terms (e.g. "family planning", "wind farm*") and read small
proximity clauses as adjacent phrases ("(promot* OR increas*) W/3 (solar energy)" -> "promot* solar energy"),
each with the SDG target of its sub-query. Single words are dropped: out of their boolean context they are
too generic ("access", "reduce"). Run from the repo root:

    python -m tools.build_aurora ../shared/data/sdg-sources/aurora
"""

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tagging" / "data" / "aurora_phrases.json"
_DEFINITION = re.compile(r"<aqd:query-definition(?:\s[^>]*)?>(.*?)</aqd:query-definition>", re.S)
_LINE = re.compile(r"<aqd:query-line[^>]*>(.*?)</aqd:query-line>", re.S)
_TARGET = re.compile(r"metadata\.un\.org/sdg/(\d+\.[0-9a-z]+)<", re.S)
_DESCRIPTIONS = re.compile(r"<aqd:subquery-descriptions>.*?</aqd:subquery-descriptions>", re.S)
_QUOTED = re.compile(r'"([^"<>]+)"')
# Multi-word terms that carry no SDG meaning on their own (they only work inside a proximity clause).
_GENERIC = {
    "per unit", "young people", "global change", "economic development", "per capita", "developing countr*",
    "developing nation*", "low income", "middle income", "number of death*", "data collection", "per cent",
    "least developed countr*", "united nations", "public polic*", "local communit*", "civil societ*",
    "non-governmental organization*", "non-governmental organisation*", "decision making", "decision-making",
    "long term", "long-term", "short term", "best practice*", "case study", "new technolog*",
}


_LEX = re.compile(r'"([^"]+)"|(\()|(\))|\b(OR|AND NOT|AND|W/\d+|PRE/\d+)\b', re.S)
_MAX_GROUP = 12  # expand (a OR b) W/n (c OR d) into "a c", "a d", ... only for small groups

Node = tuple[str, list["Node"]] | str


def _parse_query(query: str) -> Node:
    """Parse a Scopus query; precedence (tightest first): OR, W/n and PRE/n, AND, AND NOT."""
    toks: list[str] = []
    for quoted, lpar, rpar, op in _LEX.findall(query):
        toks.append(" ".join(quoted.lower().split()) if quoted else lpar or rpar or op)
    pos = 0

    def level(ops: tuple[str, ...], sub: Callable[[], Node]) -> Node:
        nonlocal pos
        items = [sub()]
        kind = ""
        while pos < len(toks) and any(toks[pos].startswith(o) for o in ops):
            kind = toks[pos].split("/")[0]
            pos += 1
            items.append(sub())
        return (kind, items) if len(items) > 1 else items[0]

    def atom() -> Node:
        nonlocal pos
        if pos >= len(toks):
            return ("", [])
        tok = toks[pos]
        pos += 1
        if tok == "(":
            node = level(("AND NOT",), lambda: level(("AND",), lambda: level(("W/", "PRE/"), or_)))
            if pos < len(toks) and toks[pos] == ")":
                pos += 1
            return node
        if tok in (")", "OR", "AND", "AND NOT") or tok.startswith(("W/", "PRE/")):
            return ("", [])
        return tok

    def or_() -> Node:
        return level(("OR",), atom)

    return level(("AND NOT",), lambda: level(("AND",), lambda: level(("W/", "PRE/"), or_)))


def _expand(node: Node, out: set[str]) -> set[str] | None:
    """Phrases a node stands for when read as adjacent words; multi-word ones found anywhere go to `out`."""
    if isinstance(node, str):
        return {node}
    kind, items = node
    parts = [_expand(item, out) for item in items]
    if kind == "OR" and all(p is not None for p in parts):
        return set().union(*parts)  # type: ignore[arg-type]
    if kind in ("W", "PRE") and all(p is not None for p in parts):
        phrases: set[str] = {""}
        for part in parts:
            if len(part) > _MAX_GROUP or len(phrases) * len(part) > _MAX_GROUP**2:  # type: ignore[arg-type]
                return None
            phrases = {f"{a} {b}".strip() for a in phrases for b in part}  # type: ignore[union-attr]
        out.update(phrases)
        return phrases
    for part in parts:  # AND / AND NOT: the parts do not form a phrase together
        if part:
            out.update(p for p in part if " " in p)
    return None


def parse(folder: Path) -> list[dict[str, object]]:
    rows: dict[tuple[int, str], str] = {}
    for path in sorted(folder.glob("query_SDG*.xml")):
        sdg = int(re.search(r"SDG(\d+)", path.name).group(1))  # type: ignore[union-attr]
        xml = path.read_text(encoding="utf-8-sig")
        for definition in _DEFINITION.findall(xml):
            target_match = _TARGET.search(definition)
            target = target_match.group(1) if target_match else str(sdg)
            for line in _LINE.findall(_DESCRIPTIONS.sub("", definition)):
                found: set[str] = set()
                top = _expand(_parse_query(line), found)
                found.update(p for p in top or () if " " in p)
                for phrase in found:
                    words = re.findall(r"[^\W_]+\*?", phrase)
                    if len(words) < 2 or phrase in _GENERIC or "title-abs" in phrase:
                        continue
                    rows.setdefault((sdg, " ".join(words)), target)
    return [{"sdg": s, "target": t, "phrase": p} for (s, p), t in sorted(rows.items())]


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else Path("../shared/data/sdg-sources/aurora")
    doc = {
        "credit": "Aurora Universities Network, SDG search queries v5 (doi:10.5281/zenodo.3817445)",
        "license": "CC-BY-4.0; derived: quoted multi-word terms and adjacent expansions of W/n clauses",
        "phrases": parse(folder),
    }
    rows = ",\n".join(json.dumps(p, ensure_ascii=False) for p in doc["phrases"])
    head = json.dumps({k: v for k, v in doc.items() if k != "phrases"}, ensure_ascii=False)[:-1]
    OUT.write_text(f'{head}, "phrases": [\n{rows}\n]}}\n', encoding="utf-8")  # one phrase per line
    print(f"wrote {len(doc['phrases'])} phrases to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
