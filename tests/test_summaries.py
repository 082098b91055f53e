"""Written summaries: every number in the paragraph is a number of the league table (formatted).

Each case extracts the numbers of the generated text (after taking out the names, period
labels and group labels it quotes) and compares them, in order, with the table's values
formatted by :mod:`cchc.numbers`; a few hand-checked figures anchor them (PAPI 2023: Hà Nội
43,9600, 15th of 61; national mean 42,3605).
"""

from __future__ import annotations

import dataclasses
import re

import polars as pl
import pytest

from cchc.captions import in_sentence
from cchc.kpis import headline, movers
from cchc.numbers import format_number, format_percent
from cchc.periods import period_label
from cchc.profile import scorecard, strengths_weaknesses
from cchc.selection import Selection, league_for, references
from cchc.store import Store
from cchc.summaries import group_shares, league_summary, mean_rows, unit_summary

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@pytest.fixture(scope="module")
def store():
    return Store()


def league(store, index, period, lang="vi", **more):
    return league_for(store, Selection(index=index, period=period, lang=lang, **more))


def quoted(lg) -> list[str]:
    """Texts the paragraph quotes that may hold digits: unit, component and group names, period labels, reasons."""
    d, lang = lg.scope.definition, lg.meta.lang
    out = [n.label(lang) for n in d.nodes()] + [lg.meta.indicator_name, lg.meta.short, lg.meta.geography_label]
    for col in ("unit", "group_label", "reason"):
        out += [v for v in lg.scoped[col].drop_nulls().unique().to_list()]
    for p in [lg.meta.period, *lg.scoped["prev_period"].drop_nulls().unique().to_list()]:
        out += [period_label(p, lang), in_sentence(period_label(p, lang), lang)]
    out += list(lg.filters)
    return sorted(set(out), key=len, reverse=True)


def numbers_in(text: str, lg) -> list[str]:
    for q in quoted(lg):
        text = text.replace(q, "§")
    return NUMBER.findall(text)


def f(value, lg, decimals=None):
    return format_number(value, lg.meta.decimals if decimals is None else decimals, lg.meta.lang)


def expected_unit(lg, unit_id) -> list[str]:
    """The unit's numbers in the order the paragraph gives them, straight from the table."""
    row = lg.table.filter(pl.col("unit_id") == unit_id).row(0, named=True)
    if row["rank"] is None:
        return []
    out = [f(row["score"], lg), f(row["rank"], lg, 0), f(row["n_ranked"], lg, 0)]
    if row["moved"] in ("up", "down", "same"):
        out += [f(abs(row["rank_change"]), lg, 0)]
        if round(row["change"], lg.meta.decimals):
            out += [f(abs(row["change"]), lg)]
    d = lg.scope.definition
    if lg.meta.indicator == d.id:
        strong, weak = strengths_weaknesses(scorecard(lg.scope.scores, d, unit_id, lg.meta.period), 2)
        for frame in (strong, weak):
            for r in frame.iter_rows(named=True):
                out += [f(r["rank"], lg, 0), f(r["n_ranked"], lg, 0)]
    out += [f(mean, lg) for _key, _label, mean in mean_rows(lg, unit_id)]
    return out


UNIT_CASES = [  # index, period, unit, lang, what the case shows
    ("papi", "2023", "vn63:province:01", "vi", "scored, fell"),
    ("papi", "2023", "vn63:province:01", "en", "scored, English"),
    ("papi", "2023", "vn63:province:46", "vi", "first"),
    ("par", "2023", "vn63:province:92", "vi", "tied 6th with two others, % unit"),
    ("par", "2023", "vn63:province:92", "en", "tied, English"),
    ("papi", "2024", "vn63:province:22", "vi", "new: not scored the year before"),
    ("svc766", "2025-07", "vn34:province:15", "vi", "no previous period"),
    ("sipas", "2022", "vn63:province:01", "en", "previous period two years back"),
]


@pytest.mark.parametrize("index, period, unit_id, lang, _why", UNIT_CASES)
def test_unit_summary_numbers_are_the_tables(store, index, period, unit_id, lang, _why):
    lg = league(store, index, period, lang)
    text = unit_summary(lg, unit_id)
    assert numbers_in(text, lg) == expected_unit(lg, unit_id)
    assert lg.table.filter(pl.col("unit_id") == unit_id)["unit"][0] in text


def test_unit_summary_hand_checked_hanoi_papi_2023(store):
    text = unit_summary(league(store, "papi", "2023"), "vn63:province:01")
    assert text.startswith("Năm 2023, Chỉ số PAPI của Hà Nội đạt 43,9600 điểm, xếp thứ 15/61, ")
    assert "so với năm 2022" in text and "thuộc Nhóm cao nhất" in text
    assert "cao hơn trung bình cả nước (42,3605 điểm)" in text and "vùng Đồng bằng sông Hồng" in text
    assert "Các lĩnh vực có thứ hạng cao nhất: " in text and "thấp nhất" in text


def test_unit_summary_english(store):
    text = unit_summary(league(store, "papi", "2023", "en"), "vn63:province:01")
    assert text.startswith("In 2023, Ha Noi scored 43.9600 points on PAPI, ranking 15 of 61, ")
    assert "above the national mean (42.3605 points)" in text


def test_tie_names_the_units_sharing_the_rank(store):
    text = unit_summary(league(store, "par", "2023"), "vn63:province:92")
    assert "xếp thứ 6/63 (đồng hạng với Hải Dương và Yên Bái)" in text
    assert "90,68%" in text and "điểm phần trăm" in text


def test_new_unit_says_first_time_not_a_change(store):
    text = unit_summary(league(store, "papi", "2024"), "vn63:province:22")
    assert "xếp thứ 1/63, lần đầu được xếp hạng (không có điểm năm 2023 để so sánh)" in text
    assert "bậc so với" not in text


def test_no_previous_period(store):
    lg = league(store, "svc766", "2025-07", "en")
    text = unit_summary(lg, "vn34:province:15")
    assert "no earlier period to compare with" in text and "places" not in text
    assert "There is no earlier period to compare ranks with" in league_summary(lg)


@pytest.mark.parametrize("lang, expected", [
    ("vi", "Năm 2023, Quảng Ninh không được xếp hạng Chỉ số PAPI (Không có kết quả PAPI năm 2023"),
    ("en", "In 2023, Quang Ninh was not ranked on PAPI ("),
])
def test_unit_not_scored_is_said_so_never_zero(store, lang, expected):
    lg = league(store, "papi", "2023", lang)
    text = unit_summary(lg, "vn63:province:22")
    assert text.startswith(expected)
    assert numbers_in(text, lg) == [] and "0,0000" not in text and "0.0000" not in text


def test_unit_not_in_the_table(store):
    text = unit_summary(league(store, "papi", "2023"), "vn34:province:01")
    assert text.startswith("Năm 2023, Hà Nội không có trong bảng xếp hạng Chỉ số PAPI (địa giới cũ")


def test_scoped_league_ranks_within_the_region(store):
    lg = league(store, "papi", "2023", region="red_river_delta")
    text = unit_summary(lg, "vn63:province:01")
    assert "xếp thứ 3/10" in text and numbers_in(text, lg) == expected_unit(lg, "vn63:province:01")
    assert "Điểm bình quân vùng Đồng bằng sông Hồng là 42,4024 điểm" in league_summary(lg)


def test_component_league_has_no_component_sentence(store):
    lg = league(store, "papi", "2023", indicator="papi.6")
    text = unit_summary(lg, "vn63:province:01")
    assert "7,8486 điểm" in text and "lĩnh vực" not in text
    assert numbers_in(text, lg) == expected_unit(lg, "vn63:province:01")


# ------------------------------------------------------------------ the league
def expected_league(lg) -> list[str]:
    t = lg.table
    h = headline(t, None)
    out = [f(h["n_ranked"], lg, 0), f(h["n_units"], lg, 0)]
    if h["n_not_scored"]:
        out.append(f(h["n_not_scored"], lg, 0))
    out += [f(h["best_score"], lg), f(h["worst_score"], lg), f(references(lg, store_of(lg))[0][2], lg)]
    if h["prev_period"]:
        out += [f(h["moved_up"], lg, 0), f(h["moved_down"], lg, 0)]
        up, down = movers(t, 3)
        out += [f(abs(v), lg, 0) for v in up["rank_change"].to_list() + down["rank_change"].to_list()]
    for code in [c for c in lg.meta.group_colours if c in t["group"].to_list()] or sorted(t["group"].drop_nulls().unique()):
        k = t.filter((pl.col("group") == code) & pl.col("rank").is_not_null()).height
        out += [f(k, lg, 0), format_percent(100 * k / h["n_ranked"], 1, lg.meta.lang).rstrip("%")]
    return out


def store_of(lg):
    return lg.scope.store


LEAGUE_CASES = [("papi", "2023", "vi"), ("papi", "2023", "en"), ("par", "2023", "vi"), ("sipas", "2022", "vi"),
                ("svc766", "2025-07", "en"), ("papi", "2024", "vi")]


@pytest.mark.parametrize("index, period, lang", LEAGUE_CASES)
def test_league_summary_numbers_are_the_tables(store, index, period, lang):
    lg = league(store, index, period, lang)
    assert numbers_in(league_summary(lg), lg) == expected_league(lg)


def test_league_summary_hand_checked_papi_2023(store):
    text = league_summary(league(store, "papi", "2023"))
    assert text.startswith("Năm 2023, Chỉ số PAPI xếp hạng 61/63 đơn vị (2 đơn vị không có số liệu). "
                           "Dẫn đầu là Thừa Thiên Huế (46,0415 điểm), cuối bảng là ")
    assert "Điểm bình quân cả nước là 42,3605 điểm." in text
    assert "So với năm 2022, 35 đơn vị tăng hạng, 25 đơn vị giảm hạng" in text
    assert "Phân bố theo nhóm: Nhóm cao nhất 16 đơn vị (26,2%)" in text


def test_league_summary_ignores_top_bottom_display_filter(store):
    whole = league_summary(league(store, "papi", "2023"))
    assert league_summary(league(store, "papi", "2023", top=5)) == whole


def test_group_shares_sum_to_the_ranked_units(store):
    lg = league(store, "par", "2023")
    shares = group_shares(lg)
    assert [g for g, _, _ in shares] == ["Nhóm A", "Nhóm B"]
    assert sum(k for _, k, _ in shares) == 63 and sum(s for _, _, s in shares) == pytest.approx(100)


def test_tied_leaders_are_all_named(store):
    lg = league(store, "par", "2023")
    t = lg.scoped.with_columns(pl.when(pl.col("rank") == 2).then(1).otherwise(pl.col("rank")).alias("rank"))
    tied = dataclasses.replace(lg, scoped=t)
    text = league_summary(tied)
    assert "Dẫn đầu là Quảng Ninh và " in text
