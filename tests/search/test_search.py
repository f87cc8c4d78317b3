"""Search against the real search server: facet counts against the truth counted from the generated records,
combined filters, pages over a point in time, highlighting, and the language sub-fields of the mapping."""

import json

import pytest
from conftest import index_demo, make_settings

from producers.demo import generate
from schemas.search_document import IN_LANGUAGE, LANGUAGE_ANALYZERS, to_document
from search.submissions import (
    FACET_FIELDS,
    Hit,
    SearchRequest,
    close_point_in_time,
    facet_counts,
    first_page,
    open_point_in_time,
    search_page,
    walk_on,
)
from storage.submission_index import SubmissionIndex
from streams.processing import process_raw


@pytest.fixture(scope="module")
def dataset(engines):
    """300 generated submissions indexed, each with its facet values in truth (from its payload and its tags)."""
    index, records = index_demo(make_settings(*engines), 300, seed=41)
    truth = {}
    for record in records:
        payload = json.loads(record.model_dump_json())["submission"]
        lines = set(payload["action_lines"]) | {tag.code for tag in record.tags.action_lines}
        truth[record.submission_id] = {
            "region": {payload["region"]}, "country": {payload["country_code"]},
            "stakeholder_type": {payload["stakeholder_type"]},
            "action_line": lines | ({"C7"} if any(c.startswith("C7.") for c in lines) else set()),
            "sdg": set(payload["sdgs"]) | {tag.sdg for tag in record.tags.sdgs},
            "year": {int(payload["start_date"][:4])}, "status": {payload["status"]},
            "prize_category": {record.tags.category} - {None},
            "text": f"{payload['title']} {payload['description']}".lower(),
        }
    return index, truth


def matching(truth: dict, request: SearchRequest, leave_out: str | None = None) -> set[str]:
    """Ids of the submissions a request matches in truth: any selected value per facet, every facet."""
    return {sid for sid, facts in truth.items()
            if (not request.text or request.text in facts["text"])
            and all(not values or facts[facet] & set(values)
                    for facet, values in request.selected().items() if facet != leave_out)}


def walk(index: SubmissionIndex, request: SearchRequest, size: int) -> list[Hit]:
    """Every hit of a search, page after page as the dashboard walks them: page 1 from the index, the rest from a
    point in time opened by the first step."""
    cursor = first_page()
    page = search_page(index, request, cursor, size)
    hits = list(page.hits)
    while page.next is not None:
        cursor = walk_on(index, page.next)
        assert cursor.pit_id is not None
        page = search_page(index, request, cursor, size)
        hits += page.hits
    close_point_in_time(index, cursor)  # nothing to close when there was one page
    return hits


@pytest.mark.parametrize("request_", [
    SearchRequest(),
    SearchRequest(region=("Africa", "Europe"), sdg=(4,)),
    SearchRequest(text="broadband", status=("completed", "ongoing"), stakeholder_type=("Government", "Academia")),
    SearchRequest(action_line=("C7",), year=(2015, 2016, 2017, 2018), prize_category=(10, 12)),
], ids=["everything", "two regions and SDG 4", "text, status and stakeholders", "C7, years and categories"])
def test_facet_counts_and_hits_equal_the_truth(dataset, request_) -> None:
    index, truth = dataset
    counts = facet_counts(index, request_)
    for facet in FACET_FIELDS:
        others = matching(truth, request_, leave_out=facet)  # a facet counts with the other facets' selections
        expected = {}
        for sid in others:
            for value in truth[sid][facet]:
                expected[value] = expected.get(value, 0) + 1
        assert counts[facet] == expected, facet
    expected_ids = matching(truth, request_)
    assert expected_ids, "the request matches nothing: it checks nothing"
    hits = walk(index, request_, size=7)
    assert sorted(h.document.submission_id for h in hits) == sorted(expected_ids)


def test_pages_sort_by_date_and_keep_their_point_in_time(dataset) -> None:
    index, truth = dataset
    request = SearchRequest(region=("Asia and the Pacific",), sort="newest")
    cursor = open_point_in_time(index)
    first = search_page(index, request, cursor, size=5)
    late = to_document(process_raw(b"LATE", generate(1, seed=42)[0].value))
    late |= {"submission_id": "LATE-1", "region": "Asia and the Pacific", "year": 2030}
    index.write([late])
    index.refresh()
    try:
        hits, page = list(first.hits), first
        while page.next is not None:
            page = search_page(index, request, page.next, size=5)
            hits += page.hits
        close_point_in_time(index, cursor)
        expected = matching(truth, request)
        assert len(hits) == first.total == len(expected)  # the point in time does not see the late document
        assert len({h.document.submission_id for h in hits}) == len(hits)
        assert [h.document.year for h in hits] == sorted((h.document.year for h in hits), reverse=True)
        fresh = search_page(index, request, open_point_in_time(index), size=5)
        assert fresh.total == len(expected) + 1 and fresh.hits[0].document.submission_id == "LATE-1"
    finally:
        index.client.delete(index=index.alias, id="LATE-1", refresh=True)


def test_a_page_counts_matches_exactly_up_to_a_bound_then_says_more(dataset) -> None:
    index, truth = dataset
    request = SearchRequest(region=("Africa", "Europe"))
    matches = len(matching(truth, request))
    exact = search_page(index, request, first_page(), size=5, exact_up_to=matches)
    assert (exact.total, exact.more) == (matches, False)
    bounded = search_page(index, request, first_page(), size=5, exact_up_to=matches - 10)
    assert (bounded.total, bounded.more) == (matches - 10, True)
    assert [h.document.submission_id for h in bounded.hits] == [h.document.submission_id for h in exact.hits]
    assert bounded.next is not None


def test_text_matches_are_highlighted_and_ranked(dataset) -> None:
    index, truth = dataset
    request = SearchRequest(text="telemedicine")
    page = search_page(index, request, open_point_in_time(index), size=50)
    assert page.total == len(matching(truth, request)) > 0
    for hit in page.hits:  # the word is highlighted where it is: in the title, the description or both
        shown = {field: " ".join(hit.highlight.get(field, [])).lower() for field in ("title", "description")}
        assert any("<em>telemedicine</em>" in text for text in shown.values()), hit.highlight
        assert ("telemedicine" in hit.document.title.lower()) == ("<em>" in shown["title"]), hit.highlight
        assert ("telemedicine" in hit.document.description.lower()) == ("<em>" in shown["description"])


def _french_project() -> dict:
    """A demo record rewritten in French and put through the worker, which finds its language."""
    record = json.loads(generate(1, seed=43)[0].value)
    record["payload"] |= {"title": "Programme national pour l'éducation numérique",
                          "description": "Une plateforme ouverte qui soutient l'éducation des enfants dans les "
                                         "villages, avec les enseignants et les familles de la région."}
    document = to_document(process_raw(b"FR-1", json.dumps(record | {"submission_id": "FR-1"}).encode()))
    assert document["language"] == "fr"
    return document


def test_other_un_languages_are_searched_with_their_own_analyzer(dataset) -> None:
    index, _ = dataset
    mapping = next(iter(index.client.indices.get_mapping(index=index.alias).body.values()))["mappings"]
    title = mapping["properties"]["title"]
    assert title["analyzer"] == "english" and set(title["fields"]) == {"std", "raw"}  # one analysis each, not six
    in_language = mapping["properties"][IN_LANGUAGE]["properties"]
    assert {lang: fields["properties"]["title"]["analyzer"] for lang, fields in in_language.items()} == \
        LANGUAGE_ANALYZERS
    french = _french_project()
    index.write([french])
    index.refresh()
    try:
        # the copy is analysed, not stored: the document reads back as the project alone
        stored = index.client.get(index=index.alias, id="FR-1")["_source"]
        assert IN_LANGUAGE not in stored and stored["title"] == french["title"]
        # "éducation" meets "l'éducation" only through the French analyzer's elision filter…
        english_fields = index.client.search(index=index.alias, query={"multi_match": {
            "query": "éducation", "fields": ["title", "description", "title.std", "description.std"]}})
        assert english_fields["hits"]["total"]["value"] == 0
        # …and every reader's search goes through it, whatever the reader's own language; a French reader gets
        # it first
        for language in ("fr", "en", "zh"):
            hits = search_page(index, SearchRequest(text="éducation", language=language), open_point_in_time(index))
            assert "FR-1" in [h.document.submission_id for h in hits.hits], language
            if language == "fr":
                assert hits.hits[0].document.submission_id == "FR-1"
    finally:
        index.client.delete(index=index.alias, id="FR-1", refresh=True)
