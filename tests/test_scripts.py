"""Every script: joiners and bidi marks, sentence ends, word counts and stopwords beyond Latin."""

from __future__ import annotations

import sys

import pytest
import regex

from cleaner import Cleaner, clean
from cleaner.heuristics.language import LANGUAGES, detect_language, stopwords
from cleaner.text.blocks import tokens
from cleaner.text.normalize import normalize
from cleaner.text.scripts import count_words, spaced, unpunctuated, weighted_length

PERSIAN = "می\u200cخواهم این کتاب را بخوانم."
FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"


def test_zero_width_joiners_and_non_joiners_stay() -> None:
    assert normalize(PERSIAN) == PERSIAN
    assert normalize(f"Our {FAMILY} trip") == f"Our {FAMILY} trip"
    # Zero-width spaces, word joiners and soft hyphens still go.
    assert normalize("co\u200bop\u2060er\u00adate") == "cooperate"


def test_stray_bidi_marks_go_and_those_in_right_to_left_lines_stay() -> None:
    assert normalize("\u200eShare this article\u200f") == "Share this article"
    assert normalize("\u2067Follow us\u2069 on Twitter") == "Follow us on Twitter"
    mixed = "قال الوزير \u200eBBC News\u200f إن الاتفاق قريب."
    assert normalize(mixed) == mixed


def test_a_rule_matches_through_bidi_marks_in_a_right_to_left_line() -> None:
    body = "قال الوزير يوم الاثنين إن الاتفاق بين البلدين أصبح قريبا جدا بعد أسابيع من المفاوضات الصعبة."
    # The line holds Arabic letters, so its marks stay in the text; the rule reads past them.
    page = f"{body}\n\nFollow\u200e us\u200e on \u200fتويتر"
    assert normalize(page) == page
    assert clean(page) == body


@pytest.mark.parametrize("mark", ["।", "॥", "۔", "።", "։", "。", "！", "？", "؟"])
def test_sentence_ends_from_unicode(mark: str) -> None:
    from cleaner.text.blocks import segment
    from cleaner.heuristics import firstpass

    item = firstpass.measure(segment(f"Words of a sentence in some script{mark}"), None)[0]
    assert item.terminal


def test_words_of_scripts_without_spaces_are_counted_by_characters() -> None:
    assert count_words("東京都は新しい計画を発表した。") == 7
    assert count_words("กรุงเทพมหานครประกาศแผนใหม่") == 6
    assert count_words("서울시는 새로운 계획을 발표했다.") == 4
    assert weighted_length("東京都") == 9
    assert unpunctuated("กรุงเทพมหานครประกาศแผนใหม่") and not unpunctuated("東京都は新しい計画を発表した。")


def test_a_spaced_text_has_as_many_tokens_as_words() -> None:
    # Segmentation counts a block's words as its tokens (lower-cased): every character must lower
    # to characters that are word characters exactly when it is, in every script.
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    word = set(regex.findall(r"\w", everything))
    changed = [c for c in everything if c.lower() != c]
    assert len(changed) > 1000
    assert [c for c in changed if any((x in word) != (c in word) for x in c.lower())] == []
    for text in ("İstanbul'da ΣΟΦΊΑ and Ǆemal, 2 ﬁles", "Ça va\u0301 — ÅNGSTRÖM_x", "KELVIN \u212a 9"):
        assert spaced(text) and len(tokens(text)) == count_words(text)


def test_at_least_twenty_languages_have_stopwords() -> None:
    assert len(LANGUAGES) >= 20
    assert all(stopwords(language) for language in LANGUAGES)
    assert "אבל" in stopwords("he")  # the package's Hebrew list, without its stray quotes


@pytest.mark.parametrize(("language", "sentence"), [
    ("hi", "सरकार ने कहा कि यह योजना अगले साल से लागू होगी और इसके लिए पैसा भी दिया जाएगा"),
    ("ar", "قال الوزير إن الحكومة سوف تبدأ العمل على هذا المشروع في العام المقبل من أجل المدينة"),
    ("fa", "وزیر گفت که دولت این طرح را از سال آینده اجرا خواهد کرد و برای آن بودجه داده است"),
    ("tr", "bakan bu projenin gelecek yıl başlayacağını ve bunun için bir bütçe olduğunu söyledi"),
    ("pl", "minister powiedział że ten projekt rozpocznie się w przyszłym roku i że jest na to budżet"),
    ("sv", "ministern sa att projektet ska börja nästa år och att det finns en budget för det"),
])
def test_languages_from_the_package_are_detected(language: str, sentence: str) -> None:
    assert detect_language(sentence.split()) == language


def test_a_thai_article_keeps_its_prose() -> None:
    body = ("สภาเมืองเชียงใหม่ลงมติเมื่อวันจันทร์ให้สร้างสะพานใหม่ข้ามแม่น้ำปิง หลังจากการอภิปรายที่ยาวนานจนถึงเที่ยงคืน\n\n"
            "นายกเทศมนตรีกล่าวว่างานจะเริ่มในฤดูใบไม้ผลิ และสะพานเก่าจะเปิดให้คนเดินเท้าและจักรยานใช้ต่อไปจนกว่าสะพานใหม่จะเสร็จ")
    page = "[หน้าแรก](/) | [ข่าว](/news) | [กีฬา](/sport) | [บันเทิง](/fun)\n\n" + body + "\n\n[แชร์ Facebook](/s)"
    assert Cleaner().clean(page).text == body


def test_the_cheap_range_searches_cover_every_character_of_the_script_classes() -> None:
    # spaced() and weighted_length() ask a range class first and the script class only on a hit:
    # exact only while every character the script class matches lies in the ranges.
    from cleaner.text import scripts

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for script_class, ranges in ((scripts._UNSPACED, scripts._MAY_BE_UNSPACED),
                                 (scripts._WEIGHTED, scripts._MAY_BE_WEIGHTED)):
        found = script_class.findall(every)
        assert len(found) > 1000
        assert [c for c in found if not ranges.match(c)] == []
    assert spaced("“Quoted” — café, 2 fois…") and not spaced("“北京”")
    assert weighted_length("“Vote” — ፊደል") == 9 + 2 * 3  # three Ethiopic syllables


def test_ascii_tokens_are_the_ascii_word_pattern_of_the_lowered_text() -> None:
    # tokens() reads ASCII text through a byte table instead of lowering it and matching \w+:
    # every ASCII character, alone, between letters and in a run of them all, cuts the same.
    from cleaner.text.blocks import _ASCII_WORD
    every = "".join(map(chr, range(128)))
    texts = [every, every[::-1], "Share THIS, 2 Times!", "snake_case-and CamelCase\tx\x0by"]
    texts += [f"Ab{char}Cd {char}" for char in every] + [char for char in every]
    for text in texts:
        assert tokens(text) == tuple(_ASCII_WORD.findall(text.lower())), repr(text)
