"""Tagging engine: evidence format, hand-checked SDG and action-line cases, languages, disagreements, "
"JSONL."""

import json

import pytest

from schemas.reference import ACTION_LINES, CATEGORY_BY_ACTION_LINE
from schemas.tags import Tags
from tagging import format_for_humans, tag, tag_jsonl
from tagging.action_lines import MATRIX
from tagging.profile import similarities
from tagging.text import stem, tokens

SDG_CASES = {
    1: (
        "The programme provides cash transfers and social protection to poor households living "
        "below the poverty line."
    ),
    2: (
        "Smallholder farmers receive advice to raise crop yields and improve food security, "
        "reducing hunger and malnutrition."
    ),
    3: (
        "The clinic network improves access to health care, vaccination and treatment of malaria "
        "and tuberculosis."
    ),
    4: (
        "We train teachers and provide digital learning materials to primary schools so that pupils"
        " improve literacy."
    ),
    5: (
        "The initiative promotes gender equality and women's empowerment and fights violence "
        "against women and girls."
    ),
    6: (
        "Villages gain access to safe drinking water and sanitation, and wastewater treatment "
        "protects water quality."
    ),
    7: (
        "Solar mini-grids bring affordable electricity and renewable energy to off-grid "
        "communities."
    ),
    8: (
        "The platform helps young jobseekers find decent work and reduces youth unemployment "
        "through job matching."
    ),
    9: (
        "Investment in transport infrastructure, manufacturing and research and development drives "
        "industrial innovation."
    ),
    10: (
        "The policy reduces income inequality and supports the social inclusion of migrants and "
        "persons with disabilities."
    ),
    11: (
        "The city improves public transport, affordable housing and urban planning for slum "
        "dwellers."
    ),
    12: (
        "The company cut food waste, increased recycling and adopted circular economy practices for"
        " sustainable consumption."
    ),
    13: (
        "The project cuts greenhouse gas emissions in line with the Paris Agreement and builds "
        "resilience to climate change."
    ),
    14: (
        "Coastal communities monitor coral reefs, fight illegal fishing and reduce marine plastic "
        "pollution in the ocean."
    ),
    15: (
        "Rangers use drones to monitor deforestation, protect biodiversity and stop wildlife "
        "poaching in the forest."
    ),
    16: (
        "The portal increases transparency and accountability of public institutions, helps fight "
        "corruption and improves access to justice."
    ),
    17: (
        "A multi-stakeholder partnership mobilizes development cooperation, capacity building and "
        "South-South cooperation."
    ),
}

ACTION_LINE_CASES = {
    "C1": (
        "The government adopted a national e-strategy through a multi-stakeholder process and a "
        "public-private partnership."
    ),
    "C2": (
        "The operator rolled out broadband and a fibre optic backbone to connect remote rural areas"
        " with affordable internet access."
    ),
    "C3": (
        "The digital library and open access archive give free access to information, using open "
        "source software."
    ),
    "C4": (
        "The programme builds capacity through digital literacy and ICT skills training for youth "
        "and women."
    ),
    "C5": (
        "A national CERT handles cybersecurity incidents, fights cybercrime and phishing, and runs "
        "child online protection campaigns."
    ),
    "C6": (
        "The regulator adopted a new legal framework and regulatory reform for spectrum licensing "
        "and competition."
    ),
    "C7.e-government": "The e-government portal lets citizens access online public services and pay taxes.",
    "C7.e-business": (
        "The e-commerce marketplace and mobile money payments help SMEs sell their products online."
    ),
    "C7.e-learning": "The e-learning platform offers online courses and distance learning for students.",
    "C7.e-health": "Our telemedicine service lets patients in remote villages consult doctors by video.",
    "C7.e-employment": "The online job portal supports teleworking and matches jobseekers with employers.",
    "C7.e-environment": (
        "An early warning system using remote sensing data supports disaster management and climate"
        " change adaptation."
    ),
    "C7.e-agriculture": "Farmers receive weather information and market prices by SMS to plan their crops.",
    "C7.e-science": (
        "The national research and education network gives scientists high-performance computing "
        "and open science data."
    ),
    "C8": (
        "The project digitizes cultural heritage and creates local content in indigenous languages "
        "to promote linguistic diversity."
    ),
    "C9": "Community radio and journalism training strengthen press freedom and independent media.",
    "C10": "The guidelines on AI ethics protect privacy and human rights in the design of algorithms.",
    "C11": (
        "Regional cooperation and international cooperation between member states support the "
        "initiative."
    ),
}


def _sdgs(tags: Tags) -> list[int]:
    return [t.sdg for t in tags.sdgs]


def _lines(tags: Tags) -> list[str]:
    return [t.code for t in tags.action_lines]


@pytest.mark.parametrize("sdg", sorted(SDG_CASES))
def test_clear_english_sentence_gets_its_sdg_first(sdg: int) -> None:
    tags = tag(SDG_CASES[sdg])
    assert tags.language == "en"
    assert _sdgs(tags)[:1] == [sdg]


@pytest.mark.parametrize("code", sorted(ACTION_LINE_CASES))
def test_clear_sentence_gets_its_action_line_and_category(code: str) -> None:
    tags = tag(ACTION_LINE_CASES[code])
    assert _lines(tags)[:1] == [code]
    assert tags.category == CATEGORY_BY_ACTION_LINE[code]


def test_evidence_format_is_pinned() -> None:
    text = SDG_CASES[3] + " Patients consult doctors through a telemedicine app."
    tags = tag(text)
    Tags.model_validate(tags.model_dump())  # round-trips through the schema
    assert tags.sdgs and tags.action_lines
    for t in tags.sdgs:
        assert 0.0 <= t.score <= 1.0 and t.evidence
        phrases = [e for e in t.evidence if e.kind == "phrase"]
        assert phrases, "every detected SDG is backed by at least one matched phrase"
        for e in phrases:
            assert e.detail and e.detail in text  # the phrase as written, not a normalised form
            assert e.targets and all(target.split(".")[0] == str(t.sdg) for target in e.targets)
    health = next(t for t in tags.sdgs if t.sdg == 3)
    assert {"malaria", "tuberculosis"} <= {e.detail for e in health.evidence}
    assert "3.3" in {target for e in health.evidence for target in e.targets}
    for a in tags.action_lines:
        assert a.code in ACTION_LINES and 0.0 <= a.score <= 1.0
        assert all(e.kind in ("phrase", "category") for e in a.evidence)


def test_matrix_evidence_links_action_line_and_sdg() -> None:
    tags = tag(ACTION_LINE_CASES["C7.e-health"] + " It reduces maternal mortality and treats malaria.")
    health = next(t for t in tags.sdgs if t.sdg == 3)
    matrix = [e for e in health.evidence if e.kind == "matrix"]
    assert matrix and "C7.e-health" in matrix[0].detail
    assert matrix[0].targets == MATRIX["C7.e-health"][3]


def test_matrix_quirk_is_cleaned_on_load() -> None:
    # The source files "12.8" under C7.e-agriculture's SDG 4 row and "9.c" under C9's SDG 5 row.
    for code, links in MATRIX.items():
        for sdg, targets in links.items():
            assert all(t.split(".")[0] == str(sdg) for t in targets), (code, sdg, targets)
    assert "9.c" in MATRIX["C9"][9]
    assert "12.8" in MATRIX["C7.e-agriculture"][12]


def test_scores_grow_with_evidence() -> None:
    weak = tag("Children attend school.")
    strong = tag("Children attend school; teachers, curriculum and secondary education enrolment improved.")
    score = {t.sdg: t.score for t in strong.sdgs}
    assert 4 in score
    assert score[4] > max([t.score for t in weak.sdgs if t.sdg == 4], default=0.0)


def test_unrelated_text_gets_no_sdg_but_still_a_category() -> None:
    tags = tag("The authors thank the reviewers for their comments on an earlier draft of this paper.")
    assert tags.sdgs == []
    assert tags.category is not None and 1 <= tags.category <= 18


def test_empty_text() -> None:
    tags = tag("")
    assert tags.sdgs == [] and tags.action_lines == [] and tags.language == "en" and tags.category == 1


def test_evidence_quotes_the_original_text() -> None:
    tags = tag("The Women's Empowerment Programme fights Gender-Based Violence.")
    details = {e.detail for t in tags.sdgs for e in t.evidence}
    assert {"Women's Empowerment", "Gender-Based Violence"} <= details


def test_explicit_sdg_mention_counts() -> None:
    tags = tag("This ICT project contributes to SDG 4 and SDG5.")
    assert {4, 5} <= set(_sdgs(tags))


@pytest.mark.parametrize(
    ("text", "sdg", "line"),
    [
        ("Une plateforme de télémédecine permet aux patients des zones rurales de consulter des médecins et "
         "améliore la santé maternelle.", 3, "C7.e-health"),
        ("Le projet forme les enseignants et équipe les écoles pour améliorer l'éducation des élèves grâce à "
         "l'apprentissage en ligne.", 4, "C7.e-learning"),
        ("Les agriculteurs reçoivent par SMS des informations pour améliorer la sécurité alimentaire et "
         "lutter "
         "contre la faim.", 2, "C7.e-agriculture"),
    ],
)
def test_french(text: str, sdg: int, line: str) -> None:
    tags = tag(text)
    assert tags.language == "fr"
    assert sdg in _sdgs(tags)
    assert _lines(tags)[:1] == [line]


@pytest.mark.parametrize(
    ("text", "sdg", "line"),
    [
        ("El programa de telemedicina conecta a los pacientes de zonas rurales con médicos y mejora la salud "
         "materna.", 3, "C7.e-health"),
        ("La iniciativa promueve la igualdad de género y el empoderamiento de las mujeres y niñas en la "
         "tecnología.", 5, "C4"),
        ("Los pequeños productores reciben información sobre el clima para mejorar la seguridad "
         "alimentaria y "
         "reducir el hambre y la pobreza.", 2, "C7.e-agriculture"),
    ],
)
def test_spanish(text: str, sdg: int, line: str) -> None:
    tags = tag(text)
    assert tags.language == "es"
    assert sdg in _sdgs(tags)
    assert _lines(tags)[:1] == [line]


def test_idioms_do_not_count_for_an_sdg() -> None:
    assert 13 not in _sdgs(tag("Reforms improved the investment climate and the business climate for firms."))
    assert 13 in _sdgs(tag("Reforms improved resilience to climate change and cut greenhouse gas emissions."))


def test_french_words_do_not_fire_in_english() -> None:
    # "formation" means training in French; in English it must not make a text about education.
    assert 4 not in _sdgs(tag("The formation of the committee was announced by the board."))


@pytest.mark.parametrize(
    ("text", "lang", "sdg", "line"),
    [
        ("يهدف المشروع إلى تحسين الوصول إلى الخدمات الصحية في المناطق الريفية من خلال منصة للتطبيب عن بعد تربط "
         "المرضى بالأطباء", "ar", 3, "C7.e-health"),
        ("تقدم المنصة دروسا عبر الإنترنت للطلاب والمعلمين في المدارس الريفية لتحسين جودة التعليم والتعلم "
         "الإلكتروني", "ar", 4, "C7.e-learning"),
        ("يحصل المزارعون على معلومات الطقس وأسعار السوق عبر الرسائل القصيرة لتحسين الأمن الغذائي ومكافحة الجوع",
         "ar", 2, "C7.e-agriculture"),
        ("该项目通过远程医疗平台改善农村地区的医疗服务，使患者可以在线咨询医生。", "zh", 3, "C7.e-health"),
        ("该平台为农村学校的学生和教师提供在线课程，提高教育质量。", "zh", 4, "C7.e-learning"),
        ("农民通过短信获得天气信息和市场价格，提高粮食安全，减少饥饿。", "zh", 2, "C7.e-agriculture"),
        ("Проект улучшает доступ к медицинским услугам в сельских районах с помощью телемедицины: пациенты "
         "консультируются с врачами онлайн.", "ru", 3, "C7.e-health"),
        ("Платформа дистанционного обучения предлагает онлайн курсы для учащихся и учителей сельских школ.",
         "ru", 4, "C7.e-learning"),
        ("Национальная группа реагирования на инциденты обеспечивает кибербезопасность и борется с "
         "киберпреступностью, а женщины и девочки учатся защищать свои данные; проект продвигает гендерное "
         "равенство.", "ru", 5, "C5"),
    ],
)
def test_arabic_chinese_russian(text: str, lang: str, sdg: int, line: str) -> None:
    tags = tag(text)
    assert tags.language == lang
    assert _sdgs(tags)[:1] == [sdg]
    assert _lines(tags)[:1] == [line]
    for t in tags.sdgs:  # evidence quotes the text as written, in its own script
        assert all(e.detail in text for e in t.evidence if e.kind == "phrase")


def test_chinese_phrases_match_inside_running_text() -> None:
    # No spaces: phrases sit between other characters; the longest lexicon phrase wins.
    tags = tag("这个村庄的居民现在可以获得安全饮用水和卫生设施。")
    assert _sdgs(tags)[:1] == [6]
    assert {"安全饮用水", "卫生设施"} <= {e.detail for t in tags.sdgs for e in t.evidence}
    tags = tag("居民获得了饮用水，污水也得到处理。")
    assert {"饮用水", "污水"} <= {e.detail for t in tags.sdgs for e in t.evidence}


def test_arabic_prefixes_and_letter_variants_are_normalised() -> None:
    # "and the health" / "with the doctors" / alef with hamza: the bare lexicon word matches.
    assert stem("والصحة") == stem("الصحه") == stem("صحة")
    assert stem("بالأطباء") == stem("الاطباء")
    assert stem("ولد") == "ولد"  # too short to lose a prefix


def test_goal_profiles_rank_the_texts_goal_first() -> None:
    cases = {6: SDG_CASES[6], 14: SDG_CASES[14], 7: SDG_CASES[7]}
    for sdg, text in cases.items():
        sims = similarities(tokens(text), "en")
        assert max(sims, key=lambda s: sims[s]) == sdg
        assert all(0.0 <= v <= 1.0 + 1e-9 for v in sims.values())


def test_detected_sdg_scores_are_model_probabilities() -> None:
    # Detection means probability >= 0.5; a goal mentioned only in passing stays below.
    tags = tag(SDG_CASES[6] + " Households pay the water bill with a mobile phone tariff.")
    assert _sdgs(tags)[:1] == [6]
    assert all(t.score >= 0.5 for t in tags.sdgs)
    assert 7 not in _sdgs(tags)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("يهدف المشروع إلى تحسين الوصول إلى الخدمات الصحية في المناطق الريفية", "ar"),
        ("该项目旨在改善农村地区的医疗服务和教育", "zh"),
        ("Проект направлен на улучшение доступа к медицинским услугам в сельских районах", "ru"),
        ("The project improves access to health services in rural areas.", "en"),
    ],
)
def test_language_detection_covers_un_languages(text: str, lang: str) -> None:
    assert tag(text).language == lang


def test_declared_vs_detected_disagreements() -> None:
    tags = tag(ACTION_LINE_CASES["C7.e-health"] + " " + SDG_CASES[3], declared_sdgs=[3, 5],
               declared_action_lines=["C7.e-health", "C5"])
    assert tags.declared_sdgs == [3, 5]
    assert tags.declared_action_lines == ["C7.e-health", "C5"]
    assert "declared SDG 5 not detected" in tags.disagreements
    assert "declared C5 not detected" in tags.disagreements
    assert not any("SDG 3" in note for note in tags.disagreements)
    assert not any(note.startswith("detected C7.e-health") for note in tags.disagreements)


def test_detected_but_not_declared_is_flagged_with_score() -> None:
    tags = tag(ACTION_LINE_CASES["C5"], declared_sdgs=[9], declared_action_lines=["C2"])
    c5 = next(t for t in tags.action_lines if t.code == "C5")
    assert f"detected C5 ({c5.score:.2f}) not declared" in tags.disagreements
    assert "declared C2 not detected" in tags.disagreements


def test_declared_codes_are_normalised_and_checked() -> None:
    tags = tag(ACTION_LINE_CASES["C7.e-health"], declared_sdgs=[3, 18],
               declared_action_lines=["e-health", "C7 E-Learning", "C99"])
    assert tags.declared_action_lines == ["C7.e-health", "C7.e-learning", "C99"]
    assert "declared C99 is not a WSIS action line" in tags.disagreements
    assert "declared SDG 18 is not an SDG (1-17)" in tags.disagreements
    assert "declared C7.e-learning not detected" in tags.disagreements
    assert not any("C7.e-health" in note for note in tags.disagreements)


def test_declared_parent_c7_covers_its_sub_lines() -> None:
    tags = tag(ACTION_LINE_CASES["C7.e-health"], declared_action_lines=["C7"])
    assert "C7.e-health" in _lines(tags)
    assert tags.disagreements == []


def test_nothing_declared_means_no_disagreements() -> None:
    assert tag(SDG_CASES[7]).disagreements == []


def test_deterministic() -> None:
    text = SDG_CASES[13] + " " + ACTION_LINE_CASES["C7.e-environment"]
    assert tag(text).model_dump() == tag(text).model_dump()


def test_tag_jsonl_good_and_bad_lines() -> None:
    lines = [
        json.dumps({"id": "a", "text": SDG_CASES[6]}),
        "{not json",
        json.dumps({"id": "c"}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"id": 7, "text": ACTION_LINE_CASES["C2"], "declared_sdgs": [1]}),
    ]
    out = [json.loads(line) for line in tag_jsonl(lines)]
    assert len(out) == 6  # one answer per input line
    assert out[0]["id"] == "a" and 6 in out[0]["sdgs"] and out[0]["language"] == "en"
    assert isinstance(out[0]["category"], int) and "error" not in out[0]
    assert "error" in out[1] and out[1]["id"] is None
    assert "error" in out[2] and out[2]["id"] == "c"
    assert "error" in out[3]
    assert "error" in out[4] and out[4]["line"] == 5  # blank line
    assert out[5]["id"] == 7 and out[5]["action_lines"][0] == "C2"
    assert "declared SDG 1 not detected" in out[5]["disagreements"]


def test_format_for_humans_shows_tags_and_evidence() -> None:
    tags = tag(ACTION_LINE_CASES["C7.e-health"] + " It fights malaria.", declared_sdgs=[5])
    text = format_for_humans(tags)
    assert "SDG 3 Good Health and Well-being" in text
    assert '"malaria" [3.3]' in text
    assert "C7.e-health" in text and "WSIS Prize category 10" in text
    assert "declared SDG 5 not detected" in text
