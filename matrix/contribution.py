"""What one tagged submission contributes to the matrix.

Only the tagger's *phrase* evidence counts: an SDG it found through the proposed matrix itself (evidence of kind
"matrix") would make the validation circular. A project evidences a cell (action line, SDG) when it has phrase
evidence for both, and a cell (action line, target) when a phrase points to that target.
"""

from schemas.matrix import Contribution
from schemas.submission import TaggedSubmission
from schemas.tags import Evidence

MAX_SENTENCES = 6


def _phrases(evidence: list[Evidence]) -> list[str]:
    return list(dict.fromkeys(e.detail for e in evidence if e.kind == "phrase"))[:MAX_SENTENCES]


def year_of(record: TaggedSubmission) -> int:
    """The start date's year, else the year received (as the search index counts it)."""
    return (record.submission.start_date or record.received_at.date()).year


def contribution(record: TaggedSubmission) -> Contribution:
    s, tags = record.submission, record.tags
    evidence: dict[str, list[str]] = {}
    lines = []
    for line in tags.action_lines:
        if phrases := _phrases(line.evidence):
            lines.append(line.code)
            evidence[line.code] = phrases
    goals: list[str] = []
    for tag in tags.sdgs:
        if not (phrases := _phrases(tag.evidence)):
            continue
        goals.append(str(tag.sdg))
        evidence[str(tag.sdg)] = phrases
        for item in tag.evidence:
            for target in item.targets if item.kind == "phrase" else []:
                if target not in evidence:
                    goals.append(target)
                    evidence[target] = []
                evidence[target].append(item.detail)
    cells = [f"{line}|{goal}" for line in lines for goal in goals]
    return Contribution(
        submission_id=record.submission_id, version=record.version, region=s.region or "", year=year_of(record),
        stakeholder_type=s.stakeholder_type, title=s.title, organisation=s.organisation,
        lines=lines, goals=goals, cells=cells, evidence=evidence,
    )
