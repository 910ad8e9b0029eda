"""A long line that stops at a comma is a clause of a sentence that goes on in the next line
(a page wrapped at its clauses, as Japanese pages break after 、): near-good, never bad, where
punctuation judges a block (languages without a stopword list)."""

from __future__ import annotations

from cleaner.heuristics.classify import classify
from cleaner.heuristics.firstpass import measure
from cleaner.text.blocks import segment

LINES = [
    "市議会は月曜日の夜に会合を開き、深夜まで続いた長い議論の末に、川に新しい橋を架ける計画を賛成多数で可決しました。",
    "市長によると、工事は来年の春に始まる予定で、古い橋は新しい橋が完成するまで歩行者と自転車のために開いたままにされ、",
    "技術者たちは天候に恵まれれば再来年の終わりまでに完成すると見込んでいますが、費用はまだ決まっていません。",
    "ホーム ニュース スポーツ 天気 お問い合わせ サイトマップ 会社概要 採用情報 広告掲載 プライバシー",
]


def test_a_line_ending_at_a_comma_is_near_good_and_kept_between_sentences() -> None:
    blocks = segment("\n".join(LINES))
    assert [(item.first, item.name, item.detail) for item in measure(blocks)] == [
        ("good", "punctuation", "162 chars, ends a sentence"),
        ("near-good", "punctuation", "165 chars, ends a clause"),
        ("good", "punctuation", "152 chars, ends a sentence"),
        ("bad", "punctuation", "no terminal punctuation"),
    ]
    labels = classify(blocks, [True] * len(blocks), clean_page=False)
    assert [(label.name, label.kept) for label in labels if label is not None] == [
        ("punctuation", True), ("neighbours", True), ("punctuation", True), ("punctuation", False)]


def test_a_long_line_without_any_end_mark_is_still_bad() -> None:
    item = measure(segment(LINES[1].rstrip("、") + "\n" + LINES[3]))[0]
    assert (item.first, item.detail) == ("bad", "no terminal punctuation")
