"""Snippets and table cells cut at a word boundary with "…", in Latin, Arabic and Chinese text, and highlight
fragments marked where text was left out."""

import unicodedata

import pytest

from schemas.snippets import ELLIPSIS, cut, marked_fragment, snippets

ENGLISH = "Community broadband networks connect remote villages to schools and clinics across the northern provinces."


def test_short_text_is_kept_whole() -> None:
    assert cut("Telemedicine for rural clinics", 300) == "Telemedicine for rural clinics"
    assert cut("  padded  ", 6) == "padded"


@pytest.mark.parametrize("limit", range(12, len(ENGLISH)))
def test_a_cut_ends_on_a_whole_word_with_an_ellipsis(limit: int) -> None:
    short = cut(ENGLISH, limit)
    assert short.endswith(ELLIPSIS) and len(short) <= limit
    kept = short.removesuffix(ELLIPSIS)
    assert ENGLISH.startswith(kept)
    assert ENGLISH[len(kept)] in " ." or ENGLISH[len(kept) - 1] in ",", (limit, short)  # never inside a word
    assert not kept.endswith((" ", ","))


def test_one_long_word_is_cut_inside_rather_than_emptied() -> None:
    assert cut("Donaudampfschifffahrtsgesellschaft", 10) == "Donaudamp…"


def test_arabic_is_cut_between_words_and_keeps_its_vowel_signs() -> None:
    text = "مَشْرُوعُ الإِنْتَرْنِتِ العَرِيضِ يَرْبِطُ المَدَارِسَ فِي القُرَى النَّائِيَةِ بِالشَّبَكَةِ الوَطَنِيَّةِ"
    for limit in range(text.index(" ") + 2, len(text)):
        short = cut(text, limit)
        kept = short.removesuffix(ELLIPSIS)
        assert short.endswith(ELLIPSIS) and len(short) <= limit
        assert text.startswith(kept) and text[len(kept)] == " ", (limit, short)
        assert not unicodedata.combining(text[len(kept)])


def test_chinese_without_spaces_is_cut_between_characters() -> None:
    text = "该项目通过宽带网络将偏远村庄的学校和诊所连接起来，为农村居民提供远程医疗和在线教育服务。"
    short = cut(text, 20)
    assert short == text[:19] + ELLIPSIS
    assert cut(text, 17) == text[:16] + ELLIPSIS
    assert cut("宽带网络，连接学校和诊所的项目", 6) == "宽带网络…"  # the comma goes with the cut


def test_a_letter_and_its_combining_accent_stay_together() -> None:
    text = "Cafe\u0301 cafe\u0301 cafe\u0301"  # "é" as e + a combining acute accent
    assert cut(text, 12) == "Cafe\u0301 cafe\u0301…"
    assert cut(text, 11) == "Cafe\u0301…"
    assert cut("abcde\u0301fghijklmnopqr", 6) == "abcd…"  # inside a word: never between e and its accent


def test_fragments_are_marked_where_text_was_left_out() -> None:
    text = "Broadband for schools. Remote villages get <fibre> links. Teachers are trained."
    assert marked_fragment("Remote villages get <fibre> <em>links</em>.", text) == \
        "…Remote villages get <fibre> <em>links</em>.…"
    assert marked_fragment("<em>Broadband</em> for schools.", text) == "<em>Broadband</em> for schools.…"
    assert marked_fragment("Teachers are <em>trained</em>.", text) == "…Teachers are <em>trained</em>."
    assert marked_fragment(f"<em>{text}</em>", text) == f"<em>{text}</em>"


def test_snippets_fall_back_to_the_cut_description() -> None:
    assert snippets([], ENGLISH, 40) == [cut(ENGLISH, 40)]
    assert snippets(["schools and <em>clinics</em>"], ENGLISH) == ["…schools and <em>clinics</em>…"]
