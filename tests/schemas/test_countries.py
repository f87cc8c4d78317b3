"""The country → ITU region table (schemas/data/itu_regions.csv): territories follow the member state that
administers them; places without one, or with a disputed one, are in the explicit group, never in a region."""

import pytest

from schemas.countries import NOT_ITU_MEMBER, RULES, all_countries, countries_in_region, lookup_country
from schemas.reference import ITU_REGIONS


@pytest.mark.parametrize(("name", "region", "administered_by"), [
    ("Mayotte", "Europe", "FRA"),
    ("Réunion", "Europe", "FRA"),
    ("French Southern Territories", "Europe", "FRA"),
    ("Bouvet Island", "Europe", "NOR"),
    ("Saint Helena, Ascension and Tristan da Cunha", "Europe", "GBR"),
    ("Greenland", "Europe", "DNK"),
    ("Puerto Rico", "Americas", "USA"),
    ("Guam", "Americas", "USA"),
    ("Hong Kong", "Asia and the Pacific", "CHN"),
    ("Macao", "Asia and the Pacific", "CHN"),
    ("Aruba", "Europe", "NLD"),
    ("Falkland Islands (Malvinas)", "Europe", "GBR"),
])
def test_a_territory_counts_in_the_region_of_the_member_state_that_administers_it(
        name: str, region: str, administered_by: str) -> None:
    territory = lookup_country(name)
    assert territory is not None
    assert (territory.region, territory.administered_by, territory.rule) == (region, administered_by, "territory")
    assert territory.region != "Africa" or name not in {"Mayotte", "Réunion"}


def test_western_sahara_and_antarctica_are_in_no_itu_region() -> None:
    for name in ("Western Sahara", "Antarctica"):
        place = lookup_country(name)
        assert place is not None and place.region == NOT_ITU_MEMBER and place.rule in {"disputed",
                                                                                     "no administering member"}
    assert {c.code for c in countries_in_region("Africa")}.isdisjoint({"ESH", "MYT", "REU", "ATF", "BVT", "SHN"})


def test_every_row_is_in_one_of_the_six_regions_or_the_explicit_group() -> None:
    rows = all_countries()
    assert len(rows) == len({c.code for c in rows}) > 240
    by_code = {c.code: c for c in rows}
    for country in rows:
        assert country.region in (*ITU_REGIONS, NOT_ITU_MEMBER), country
        assert country.rule in RULES, country
        assert (country.region == NOT_ITU_MEMBER) == (country.rule in {"disputed", "no administering member"})
        if country.rule == "territory":  # administered by a member state, and in that state's region
            member = by_code[country.administered_by]
            assert member.rule == "member" and country.region == member.region, country
        else:
            assert country.administered_by is None, country
    assert sum(c.rule == "member" for c in rows) == 193 - 1 + 1  # the UN's 193 less Palau, plus the Holy See
    assert {region for c in rows for region in [c.region]} == {*ITU_REGIONS, NOT_ITU_MEMBER}


def test_common_spellings_still_find_their_country() -> None:
    assert lookup_country("Viet Nam").region == "Asia and the Pacific"
    assert lookup_country("Côte d'Ivoire").region == "Africa"
    assert lookup_country("Palestine").region == "Arab States"
    assert lookup_country("Ukraine").region == "Europe"
