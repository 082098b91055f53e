"""The one-stop statistics behind the 766 index: each unit's dossier counts and their shares.

The 766 index is scored from raw monthly counts of every commune's one-stop office
(``onestop.received``, ``onestop.resolved_on_time``, …). :func:`onestop_table` gives leaders
those figures, one row per unit, in the words of their reports ("tiếp nhận 1.800 hồ sơ,
giải quyết 100% trước và đúng hạn"):

* **Counts** (:data:`COUNTS`): flows (received, resolved, digitised, …) are **summed** over the
  months of the period; stocks (pending dossiers, procedures) are taken at the **last month** of
  the period a unit has a value for. ``received_offline = received − received_online`` and
  ``pending_overdue = pending − pending_in_time`` are computed from those.
* **Shares** (:data:`SHARES`, in %): numerator / denominator of the counts, computed **after**
  summing — never a mean of monthly shares. A zero denominator gives a null share, shown as
  "không phát sinh" (:func:`share_text`), never 0% or 100%; a missing count gives a null share
  shown as "–" (missing, not zero).
* **Levels**: the counts are those of communes. A district (old geography) or a province sums its
  communes' counts (null when none of them has a value); ``parent`` keeps the units of one
  district or province.
* **Ranking** (``by``): :func:`cchc.ranking.rank_units` on the share rounded to its decimals —
  direction-aware (a late rate is better when lower), ties share the best rank (``1, 2, 2, 4``),
  null shares are not ranked and sort last, by name.

>>> data = [("c1", "2025-07", 10, 0, 5), ("c1", "2025-08", 30, 10, 20), ("c2", "2025-07", 0, 0, 0)]
>>> rows = pl.DataFrame([(u, p, "onestop." + k, float(v)) for u, p, *vals in data
...                      for k, v in zip(("resolved", "resolved_early", "resolved_on_time"), vals)],
...                     schema=["unit_id", "period", "indicator_id", "value"], orient="row")
>>> units = pl.DataFrame({"unit_id": ["c1", "c2"], "level": ["commune"] * 2, "parent_id": ["d"] * 2,
...                       "province_id": ["p"] * 2, "short_vi": ["An", "Bình"], "short_en": ["An", "Binh"]})
>>> t = onestop_table(rows, units, level="commune", by="on_time_share")
>>> t.select("unit", "resolved", "on_time_share", "rank").rows()     # 35 / 40, not the mean of 50% and 100%
[('An', 40.0, 87.5, 1), ('Bình', 0.0, None, None)]
>>> share_text(t.row(1, named=True), "on_time_share", "vi")
'không phát sinh'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import polars as pl

from cchc.captions import level_label
from cchc.folding import fold_expr
from cchc.numbers import MISSING, format_number, format_percent, round_half_up_expr
from cchc.periods import grain_of, period_label
from cchc.ranges import is_range, resolve_range
from cchc.ranking import rank_units
from cchc.safety import shorten
from cchc.tables import unique_labels
from cchc.words import word

PREFIX = "onestop."
LEVELS = ("commune", "district", "province")  # the levels a table can show, lowest first


@dataclass(frozen=True)
class Count:
    """A count column: ``key`` (the column; words ``onestop.count.<key>``), the indicator it sums
    (None for a count derived from others), and whether it is a stock (taken at the last month)."""

    key: str
    indicator: str | None = None
    stock: bool = False


@dataclass(frozen=True)
class Share:
    """A share column in %: ``sum(numerator) / denominator × 100`` (counts' keys); ``direction`` says
    which way is better, ``decimals`` how it is shown and ranked; words ``onestop.share.<key>``."""

    key: str
    numerator: tuple[str, ...]
    denominator: str
    direction: str = "higher"
    decimals: int = 1

    def title(self, lang: str = "vi") -> str:
        return word(f"onestop.share.{self.key}", lang)

    def formula(self, lang: str = "vi") -> str:
        """``"(Giải quyết trước hạn + Giải quyết đúng hạn) / Đã giải quyết"``."""
        parts = [count_title(k, lang) for k in self.numerator]
        top = parts[0] if len(parts) == 1 else "(" + " + ".join(parts) + ")"
        return word("onestop.share_of", lang, numerator=top, denominator=count_title(self.denominator, lang))


def _flow(key: str) -> Count:
    return Count(key, PREFIX + key)


def _stock(key: str) -> Count:
    return Count(key, PREFIX + key, stock=True)


COUNTS: tuple[Count, ...] = (
    _flow("received"), _flow("received_online"), Count("received_offline"),
    _flow("resolved"), _flow("resolved_early"), _flow("resolved_on_time"), _flow("resolved_late"),
    _stock("pending"), _stock("pending_in_time"), Count("pending_overdue"),
    _flow("digitised"), _flow("e_results"), _flow("data_reused"), _flow("payable"), _flow("paid_online"),
    _flow("rated"), _flow("rated_satisfied"), _flow("complaints"), _flow("apology_letters"), _flow("synced"),
    _stock("procedures_total"), _stock("procedures_online"), _stock("procedures_published"),
)
"""Every count column, in table order."""

STOCK_INDICATORS: frozenset[str] = frozenset(c.indicator for c in COUNTS if c.stock and c.indicator)
"""Indicators that are stocks at the end of a month (pending dossiers, procedures): over a range of months
they are taken at the last month, never summed — here and in range scores (:mod:`cchc.range_scores`)."""

DERIVED = {"received_offline": ("received", "received_online"), "pending_overdue": ("pending", "pending_in_time")}
"""Counts computed as a difference of two others (after summing)."""

PARTS = {"resolved": ("resolved_early", "resolved_on_time", "resolved_late")}
"""Totals that are the sum of their parts by definition (a dossier is resolved early, on time or late): a
report that gives the parts without the total (many district reports) gets the sum; a given total is kept."""

SHARES: tuple[Share, ...] = (
    Share("on_time_share", ("resolved_early", "resolved_on_time"), "resolved"),
    Share("early_share", ("resolved_early",), "resolved"),
    Share("late_share", ("resolved_late",), "resolved", direction="lower"),
    Share("pending_in_time_share", ("pending_in_time",), "pending"),
    Share("online_share", ("received_online",), "received"),
    Share("digitised_share", ("digitised",), "received"),
    Share("e_results_share", ("e_results",), "resolved"),
    Share("data_reused_share", ("data_reused",), "received"),
    Share("paid_online_share", ("paid_online",), "payable"),
    Share("satisfied_share", ("rated_satisfied",), "rated"),
    Share("complaints_share", ("complaints",), "resolved", direction="lower"),
    Share("apology_share", ("apology_letters",), "resolved_late"),
    Share("synced_share", ("synced",), "received"),
    Share("procedures_online_share", ("procedures_online",), "procedures_total"),
    Share("procedures_published_share", ("procedures_published",), "procedures_total"),
)
"""Every share, defined once: its numerator and denominator counts, direction and decimals."""

SHARE_BY = {s.key: s for s in SHARES}
COUNT_KEYS = tuple(c.key for c in COUNTS)
INDICATORS = tuple(c.indicator for c in COUNTS if c.indicator)


def count_title(key: str, lang: str = "vi") -> str:
    return word(f"onestop.count.{key}", lang)


def share_of(key: str) -> Share:
    """The share ``key``; ValueError naming the known ones."""
    if key not in SHARE_BY:
        raise ValueError(f"unknown share {key!r}; known: {', '.join(SHARE_BY)}")
    return SHARE_BY[key]


def _sum_or_null(col: str) -> pl.Expr:
    """The sum of ``col``, null when every value is null (nothing reported is not zero)."""
    return pl.when(pl.col(col).count() > 0).then(pl.col(col).sum()).otherwise(None).alias(col)


def unit_counts(rows: pl.DataFrame, months: Sequence[str] | None = None) -> pl.DataFrame:
    """One row per unit of ``rows`` (observations: ``unit_id, period, indicator_id, value``) with every
    count of :data:`COUNTS` over ``months`` (default: every period in ``rows``) and ``months`` (Int64,
    the number of months with a row). Flows summed, stocks at the unit's last month with a value;
    a count never reported is null.

    >>> r = pl.DataFrame({"unit_id": ["a"] * 3, "period": ["2025-07", "2025-08", "2025-09"],
    ...                   "indicator_id": ["onestop.pending"] * 3, "value": [5.0, 7.0, None]})
    >>> unit_counts(r).select("pending", "received", "months").rows()
    [(7.0, None, 3)]
    """
    raw = rows.filter(pl.col("indicator_id").is_in(list(INDICATORS)))
    if months is not None:
        raw = raw.filter(pl.col("period").is_in(list(months)))
    n_months = raw.group_by("unit_id").agg(pl.col("period").n_unique().cast(pl.Int64).alias("months"))
    wide = (raw.select("unit_id", "period", pl.col("indicator_id").str.strip_prefix(PREFIX).alias("key"),
                       pl.col("value").cast(pl.Float64))
            .pivot(on="key", index=["unit_id", "period"], values="value", aggregate_function="first")
            if raw.height else pl.DataFrame(schema={"unit_id": pl.String, "period": pl.String}))
    base = [c.key for c in COUNTS if c.indicator]
    wide = wide.with_columns([pl.lit(None, pl.Float64).alias(k) for k in base if k not in wide.columns])
    flows = [_sum_or_null(c.key) for c in COUNTS if c.indicator and not c.stock]
    stocks = [pl.col(c.key).drop_nulls().last().alias(c.key) for c in COUNTS if c.stock]
    out = wide.sort("period").group_by("unit_id", maintain_order=True).agg(*flows, *stocks)
    return out.join(n_months, on="unit_id", how="left").sort("unit_id")


def owners(units: pl.DataFrame, level: str) -> pl.DataFrame:
    """``unit_id → owner``: the unit at ``level`` that each commune's counts add up to — itself for
    communes, its district (old geography only) for districts, its province for provinces; a commune
    whose district or province is not a known unit at that level has no owner there (left out)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    communes = units.filter(pl.col("level") == "commune").select("unit_id", "parent_id", "province_id")
    if level == "commune":
        return communes.select("unit_id", pl.col("unit_id").alias("owner"))
    above = "province_id" if level == "province" else "parent_id"
    known = units.filter(pl.col("level") == level).select(pl.col("unit_id").alias(above))
    return communes.join(known, on=above, how="semi").select("unit_id", pl.col(above).alias("owner"))


def with_shares(counts: pl.DataFrame) -> pl.DataFrame:
    """``counts`` with missing totals from their parts (:data:`PARTS`, only when every part is given), the
    derived counts (:data:`DERIVED`) and every share of :data:`SHARES` in % (null when the denominator is 0
    or null, or a numerator is null).

    >>> row = pl.DataFrame({k: [v] for k, v in {"resolved": None, "resolved_early": 10, "resolved_on_time": 80,
    ...                                         "resolved_late": 10}.items()}, schema_overrides={"resolved": pl.Int64})
    >>> row = row.with_columns([pl.lit(None, pl.Int64).alias(c.key) for c in COUNTS if c.key not in row.columns])
    >>> with_shares(row)[["resolved", "on_time_share"]].row(0)
    (100, 90.0)
    """
    counts = counts.with_columns([
        pl.when(pl.col(total).is_null() & pl.all_horizontal([pl.col(p).is_not_null() for p in parts]))
        .then(pl.sum_horizontal([pl.col(p) for p in parts])).otherwise(pl.col(total))
        .cast(counts.schema[total]).alias(total)
        for total, parts in PARTS.items()])
    out = counts.with_columns([(pl.col(a) - pl.col(b)).alias(k) for k, (a, b) in DERIVED.items()])
    exprs = []
    for s in SHARES:
        top = pl.sum_horizontal([pl.col(k) for k in s.numerator])
        nulls = pl.any_horizontal([pl.col(k).is_null() for k in s.numerator])
        den = pl.col(s.denominator)
        exprs.append(pl.when(nulls | den.is_null() | (den == 0)).then(None)
                     .otherwise(top / den * 100.0).alias(s.key))
    return out.with_columns(exprs)


def onestop_table(rows: pl.DataFrame, units: pl.DataFrame, *, level: str, parent: str | None = None,
                  months: Sequence[str] | None = None, by: str | None = None, lang: str = "vi") -> pl.DataFrame:
    """One row per unit at ``level`` with counts from ``rows`` (under ``parent`` when given): ``unit_id,
    unit, label, months``, the counts of :data:`COUNTS`, the shares of :data:`SHARES` (in %), and with
    ``by`` (a share key) ``rank, n_ranked``, sorted by rank (null shares last), then by name.
    Units without any row in ``months`` are not listed. See the module's doc for sums and nulls.
    """
    if by is not None:
        share_of(by)
    counts = unit_counts(rows, months)
    owner = owners(units, level)
    joined = counts.join(owner, on="unit_id", how="inner").drop("unit_id").rename({"owner": "unit_id"})
    joined = joined.filter(pl.col("unit_id").is_not_null())
    flows = [_sum_or_null(c.key) for c in COUNTS if c.indicator]
    agg = joined.group_by("unit_id").agg(*flows, pl.col("months").max())
    if parent:
        agg = agg.join(units.filter((pl.col("parent_id") == parent) | (pl.col("province_id") == parent)
                                    | (pl.col("unit_id") == parent)).select("unit_id"), on="unit_id", how="semi")
    names = units.select("unit_id", pl.col("short_en" if lang == "en" else "short_vi").alias("unit"))
    table = with_shares(agg).join(names, on="unit_id", how="left").with_columns(pl.coalesce("unit", "unit_id"))
    geo = units.select("unit_id", "geography") if "geography" in units.columns else units.select(
        "unit_id", pl.lit(None, pl.String).alias("geography"))
    table = table.join(geo, on="unit_id", how="left").with_columns(  # old and new units of one name: say which
        pl.when(pl.col("unit").is_duplicated() & (pl.col("geography") == "vn63"))
        .then(pl.format("{} ({})", "unit", pl.lit(word("onestop.old", lang)))).otherwise(pl.col("unit")).alias("unit"))
    table = unique_labels(table.drop("geography").sort(fold_expr("unit"), "unit", "unit_id"), units, lang)
    if by is not None:
        table = rank_table(table, by)
    front = ["unit_id", "unit", "label", *(["rank", "n_ranked"] if by else []), "months"]
    return table.select(*front, *COUNT_KEYS, *SHARE_BY)


def rank_table(table: pl.DataFrame, by: str) -> pl.DataFrame:
    """``table`` ranked by the share ``by`` (:func:`cchc.ranking.rank_units`, on the share rounded to its
    decimals, direction-aware, ties ``1, 2, 2, 4``, nulls unranked), in rank order, ties and
    unranked rows by name (accents folded: "Ân Thi" before "Bình").

    >>> t = pl.DataFrame({"unit": ["B", "A", "C", "D"], "late_share": [2.04, 2.0, None, 1.0]})
    >>> rank_table(t, "late_share").select("unit", "rank").rows()
    [('D', 1), ('A', 2), ('B', 2), ('C', None)]
    """
    s = share_of(by)
    keyed = table.with_columns(round_half_up_expr(pl.col(by), s.decimals).alias("_key"))
    ranked = rank_units(keyed, value="_key", direction=s.direction).drop("_key")
    return ranked.sort([pl.col("rank").is_null(), "rank", fold_expr("unit"), "unit"])


def total_row(table: pl.DataFrame, lang: str = "vi") -> pl.DataFrame:
    """The "Tổng cộng" row of the units in ``table``: their counts summed (null when none has a value),
    the shares computed from those sums, ``unit_id`` null, no rank.

    >>> t = with_shares(pl.DataFrame({"unit_id": ["a", "b"], "unit": ["A", "B"]}).with_columns(
    ...     **{k: pl.lit(1.0) for k in COUNT_KEYS}, months=pl.lit(3, pl.Int64)).with_columns(resolved=4.0))
    >>> total_row(t).select("unit", "received", "on_time_share").rows()    # (2 early + 2 on time) / 8 resolved
    [('Tổng cộng', 2.0, 50.0)]
    """
    flows = [_sum_or_null(c.key) for c in COUNTS if c.indicator]
    summed = table.select(*flows, pl.col("months").max()) if table.height else pl.DataFrame(
        {k: [None] for k in (*[c.key for c in COUNTS if c.indicator], "months")},
        schema={**{c.key: pl.Float64 for c in COUNTS if c.indicator}, "months": pl.Int64})
    total = with_shares(summed).with_columns(pl.lit(None, pl.String).alias("unit_id"),
                                             pl.lit(word("onestop.total", lang)).alias("unit"),
                                             pl.lit(word("onestop.total", lang)).alias("label"))
    for col in ("rank", "n_ranked"):
        if col in table.columns:
            total = total.with_columns(pl.lit(None, pl.Int64).alias(col))
    return total.select(table.columns).cast(dict(table.schema))


def share_text(row: dict[str, Any], key: str, lang: str = "vi") -> str:
    """A share of a table row as shown: ``"97,5%"`` (one decimal, Vietnamese comma), "không phát sinh"
    when its denominator is 0, "–" when a count is missing.

    >>> share_text({"on_time_share": 97.54, "resolved": 40.0}, "on_time_share"), share_text({"on_time_share": None}, "on_time_share")
    ('97,5%', '–')
    """
    s = share_of(key)
    if row.get(key) is None:
        return word("onestop.not_applicable", lang) if row.get(s.denominator) == 0 else MISSING
    return format_percent(row[key], s.decimals, lang)


def levels_present(units: pl.DataFrame, unit_ids: Iterable[str]) -> list[str]:
    """The levels of :data:`LEVELS` a table can show for communes ``unit_ids`` (those with an owner there)."""
    ids = pl.Series("unit_id", list(unit_ids), dtype=pl.String)
    found = [lv for lv in LEVELS if owners(units, lv).join(ids.to_frame(), on="unit_id", how="semi")
             .filter(pl.col("owner").is_not_null()).height]
    return found


def parent_choices(units: pl.DataFrame, unit_ids: Iterable[str], level: str) -> list[str]:
    """The units a table at ``level`` of communes ``unit_ids`` can be narrowed to: for communes their
    districts (old geography) then their provinces, for districts their provinces, for provinces none;
    each list by id."""
    if level == "province":
        return []
    ids = owners(units, level).filter(pl.col("owner").is_not_null()).join(
        pl.Series("unit_id", list(unit_ids), dtype=pl.String).to_frame(), on="unit_id", how="semi")["unit_id"]
    found = units.filter(pl.col("unit_id").is_in(ids.implode()))
    districts: list[str] = []
    if level == "commune":
        known = units.filter(pl.col("level") == "district")["unit_id"]
        districts = sorted(set(found["parent_id"].drop_nulls().to_list()) & set(known.to_list()))
    provinces = set(units.filter(pl.col("level") == "province")["unit_id"].to_list())
    return districts + sorted(set(found["province_id"].drop_nulls().to_list()) & provinces)


# ------------------------------------------------------------------ a view: what the page, the command and exports show
INDEX = "svc766"   # the index whose observations hold the one-stop counts
SHOWN_COUNTS = ("received", "received_online", "received_offline", "resolved", "resolved_early", "resolved_on_time",
                "resolved_late", "pending", "pending_in_time", "pending_overdue", "digitised", "e_results",
                "payable", "paid_online", "rated", "rated_satisfied", "complaints")
SHOWN_SHARES = ("on_time_share", "late_share", "online_share", "digitised_share", "e_results_share",
                "paid_online_share", "satisfied_share")
TERMINAL_COUNTS = ("received", "received_online", "resolved", "resolved_early", "resolved_on_time", "resolved_late",
                   "pending")
TERMINAL_SHARES = ("on_time_share", "online_share", "digitised_share", "satisfied_share")


@dataclass(frozen=True)
class OnestopChoice:
    """What a one-stop view shows (small and frozen: a download button keeps it, never a frame).
    ``period``: a month (``2025-07``) or a range (:mod:`cchc.ranges`); ``by``: a share key or None."""

    period: str
    level: str = "commune"
    parent: str | None = None
    by: str | None = "on_time_share"
    lang: str = "vi"
    dataset: str | None = None


@dataclass(frozen=True)
class OnestopView:
    """The table of a choice (``table``: ranked rows; ``total``: the "Tổng cộng" row), the months summed,
    those without data, and the captions."""

    choice: OnestopChoice
    table: pl.DataFrame
    total: pl.DataFrame
    months: tuple[str, ...]
    missing: tuple[str, ...]
    period_label: str
    title: str
    subtitle: str
    source: str
    demo: bool


def period_months(period: str, available: Sequence[str]) -> tuple[str, ...]:
    """The months of ``period``: a month, or a range resolved against the ``available`` months (a year to
    date ends at the latest month with data); ValueError for anything else.

    >>> period_months("2025-Q3", []), period_months("2025-07", [])
    (('2025-07', '2025-08', '2025-09'), ('2025-07',))
    """
    if is_range(period):
        return resolve_range(period, available).months
    try:
        month = grain_of(period) == "month"
    except ValueError:
        month = False
    if not month:
        raise ValueError(f"invalid period {shorten(period)!r}: a month (2025-07), a quarter (2025-Q3), a year, "
                         "YYYY-YTD or YYYY-MM..YYYY-MM")
    return (period,)


def onestop_for(store: Any, choice: OnestopChoice) -> OnestopView:
    """The view of ``choice`` from ``store`` (:class:`cchc.store.Store`: the rows of its months only, through
    :meth:`~cchc.store.Store.period_rows`). ValueError, in words, for a period, level, parent or share
    that does not exist."""
    lang = choice.lang
    available = store.periods_with_data(INDEX, choice.dataset)
    months = period_months(choice.period, available)
    label = resolve_range(choice.period, available).label(lang) if is_range(choice.period) else period_label(
        choice.period, lang)
    rows = store.period_rows(INDEX, list(months), choice.dataset)
    rows = rows.filter(pl.col("indicator_id").is_in(list(INDICATORS)))
    ids = rows["unit_id"].unique().to_list()
    if choice.level not in levels_present(store.units, ids):
        raise ValueError(f"no one-stop figures at level {choice.level!r} for {choice.period}; levels with data: "
                         f"{', '.join(levels_present(store.units, ids)) or 'none'}")
    if choice.parent and choice.parent not in parent_choices(store.units, ids, choice.level):
        raise ValueError(f"no {choice.level} units with one-stop figures under {choice.parent!r} in {choice.period}")
    table = onestop_table(rows, store.units, level=choice.level, parent=choice.parent, months=months,
                          by=choice.by, lang=lang)
    have = set(rows["period"].unique().to_list())
    under = word("onestop.under", lang, name=store.unit_name(choice.parent, lang)) if choice.parent else ""
    subtitle = word("onestop.subtitle", lang, period=label, level=level_label(choice.level, lang), parent=under)
    if choice.by:
        s = share_of(choice.by)
        subtitle += " · " + word("onestop.ranked_by", lang, share=s.title(lang).lower() if lang == "vi" else s.title(lang),
                                 direction=word(f"onestop.direction.{s.direction}", lang))
    demo = any(store.is_demo(INDEX, m) for m in months if m in have)
    source = word("onestop.source", lang, source=store.definition(INDEX).source(lang) or "—")
    if demo:
        source += f" {word('demo_mark', lang)}."
    return OnestopView(choice, table, total_row(table, lang), tuple(months), tuple(m for m in months if m not in have),
                       label, word("onestop.title", lang), subtitle, source, demo)


def export_frame(view: OnestopView, *, counts: Sequence[str] = COUNT_KEYS,
                 shares: Sequence[str] = tuple(SHARE_BY)) -> pl.DataFrame:
    """The rows and the total row for a file, headed in the view's language: counts as integers, shares in %
    rounded to their decimals (empty when not applicable or missing)."""
    lang = view.choice.lang
    both = pl.concat([view.table.select(view.total.columns), view.total], how="vertical")
    cols = [pl.col("rank").alias(word("onestop.rank", lang))] if "rank" in both.columns else []
    cols += [pl.col("label").alias(word("onestop.unit", lang)), pl.col("unit_id"),
             pl.col("months").alias(word("onestop.months", lang))]
    cols += [pl.col(k).round(0).cast(pl.Int64).alias(count_title(k, lang)) for k in counts]
    cols += [round_half_up_expr(pl.col(k), share_of(k).decimals).alias(share_of(k).title(lang) + " (%)")
             for k in shares]
    return both.select(cols)


def shown_columns(view: OnestopView, *, counts: Sequence[str] = SHOWN_COUNTS,
                  shares: Sequence[str] = SHOWN_SHARES) -> list[tuple[str, str]]:
    """``(key, title)`` of the columns a table shows, in order: rank (when ranked), unit (``label``), the
    share ranked by first among the shares, the counts, and the months with data."""
    lang, by = view.choice.lang, view.choice.by
    shares = ([by] if by else []) + [k for k in shares if k != by]
    return [*([("rank", word("onestop.rank", lang))] if "rank" in view.table.columns else []),
            ("label", word("onestop.unit", lang)), *[(k, share_of(k).title(lang)) for k in shares],
            *[(k, count_title(k, lang)) for k in counts], ("months", word("onestop.months", lang))]


def display_frame(view: OnestopView, *, counts: Sequence[str] = SHOWN_COUNTS,
                  shares: Sequence[str] = SHOWN_SHARES) -> pl.DataFrame:
    """The rows and the total row as shown (text) in the columns of :func:`shown_columns`: "1.800", "97,5%",
    "không phát sinh", "–"."""
    lang = view.choice.lang
    recs = [*view.table.to_dicts(), *view.total.to_dicts()]

    def text(r: dict[str, Any], k: str) -> str:
        if k == "rank":
            return "" if r.get("rank") is None else str(r["rank"])
        if k == "label":
            return r["label"]
        return share_text(r, k, lang) if k in SHARE_BY else format_number(r[k], 0, lang)

    out = {title: [text(r, k) for r in recs] for k, title in shown_columns(view, counts=counts, shares=shares)}
    return pl.DataFrame(out, schema={k: pl.String for k in out})
