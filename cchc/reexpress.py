"""Re-expressing history on today's units (vn63 → vn34) through the crosswalk.

Raw observations of old units are aggregated onto the new units they became
part of; the index engine then recomputes every composite on the new units, so
a re-expressed total is always consistent with its re-expressed components.

Rules (an index definition's ``reexpress``):

- ``sum`` — counts (dossiers received, answers): Σ share × value. If any old
  unit is missing, the new value is missing too (a partial count would read as
  a fall), with a note naming what is missing.
- ``weighted_mean`` — scores and rates: Σ w × value / Σ w over the old units
  that were scored, with ``w = share`` (``weight: equal``), ``share × n``
  (``weight: sample_size``, the survey sample size) or ``share × <indicator>``
  (``weight: indicator:<id>``, e.g. dossiers received). Old units not scored
  are left out and named in the note; ``n_used < n_sources`` shows it.
- ``none`` — the index cannot be re-expressed (e.g. a department index).

>>> rule_text({"rule": "weighted_mean", "weight": "sample_size"}, "en")
'Weighted mean of the old provinces, weighted by survey sample size (n)'
"""

from __future__ import annotations

from typing import Any

import polars as pl

from cchc.loading import OBSERVATIONS_SCHEMA
from cchc.words import WORDS, word


# The notes of re-expressed values, in Vietnamese like the observations' notes, as
# ``pl.format`` templates: the fields in this order — used, total (old units), missing names.
NOTE_NONE = word("reexpress.no_source", "vi", missing="{}")
NOTE_PARTIAL = word("reexpress.partial", "vi", used="{}", total="{}", missing="{}")


class ReexpressError(ValueError):
    """The index or rule cannot be re-expressed: ``str()`` in English (logs, the command line),
    :meth:`message` in either language (pages); ``key`` names its words (``reexpress.error.*``).

    >>> e = ReexpressError("level", level="district")
    >>> str(e), e.message("vi")
    ('Districts: no successor units on the 34-province geography', 'Cấp huyện: không có đơn vị kế thừa trên địa giới 34 tỉnh')
    """

    def __init__(self, key: str, **fields: str) -> None:
        self.key, self.fields = key, fields
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        fields = dict(self.fields)
        if "level" in fields:  # "Cấp huyện", "Districts"
            fields["level"] = word(f"level.{fields['level']}", lang)
        return word(f"reexpress.error.{self.key}", lang, **fields)


def rule_text(spec: dict[str, Any], lang: str = "vi", level: str = "province") -> str:
    """The rule in words, for subtitles and the methodology page (words: ``reexpress.*``, ``weight.*``)."""
    rule = spec.get("rule", "none")
    olds = word(f"old_units.{level}" if f"old_units.{level}" in WORDS else "old_units.province", lang)
    if rule == "sum":
        return word("reexpress.sum", lang, olds=olds)
    if rule == "weighted_mean":
        weight = str(spec.get("weight", "equal"))
        key = "indicator" if weight.startswith("indicator:") else weight
        text = word(f"weight.{key}", lang, id=weight.partition(":")[2])
        return word("reexpress.weighted_mean", lang, olds=olds, weight=text)
    return word("reexpress.none", lang)


def reexpress_observations(
    observations: pl.DataFrame,
    crosswalk: pl.DataFrame,
    spec: dict[str, Any],
    *,
    level: str = "province",
    names: dict[str, str] | None = None,
) -> pl.DataFrame:
    """Aggregate observations of old units onto new units.

    Returns the observation schema plus ``n_sources`` (old units mapped to the
    new one) and ``n_used`` (old units that had a value). Observations of units
    not in the crosswalk (already new units, departments) are dropped. ``names``
    (unit id → short name) makes the notes readable.

    Null handling: a null value is never a zero. Under ``weighted_mean`` it is
    left out (and named in ``note``); under ``sum`` it makes the total null.
    """
    rule = spec.get("rule", "none")
    if rule not in ("sum", "weighted_mean"):
        raise ReexpressError("rule", rule=repr(rule))
    cw = crosswalk.filter(pl.col("level") == level).select("from_id", "to_id", "share")
    obs = observations.join(cw, left_on="unit_id", right_on="from_id", how="inner")
    weight = str(spec.get("weight", "equal"))
    if rule == "sum":
        w = pl.col("share")
    elif weight == "equal":
        w = pl.col("share")
    elif weight == "sample_size":
        w = pl.col("share") * pl.col("n").cast(pl.Float64)
    elif weight.startswith("indicator:"):
        wid = weight.partition(":")[2]
        wts = observations.filter(pl.col("indicator_id") == wid).select(
            "unit_id", "period", pl.col("value").alias("_w"))
        obs = obs.join(wts, on=["unit_id", "period"], how="left")
        w = pl.col("share") * pl.col("_w")
    else:
        raise ReexpressError("weight", weight=repr(weight))
    label = pl.col("unit_id").replace_strict(names, default=pl.col("unit_id")) if names else pl.col("unit_id")
    obs = obs.with_columns(w.alias("_w"), label.alias("_label"))
    has = pl.col("value").is_not_null() & (pl.col("_w").is_not_null() | (rule == "sum"))
    grouped = obs.group_by("to_id", "period", "indicator_id").agg(
        pl.len().alias("n_sources"),
        has.sum().cast(pl.Int64).alias("n_used"),
        (pl.col("value") * pl.col("share")).filter(has).sum().alias("_sum"),
        (pl.col("value") * pl.col("_w")).filter(has).sum().alias("_wsum"),
        pl.col("_w").filter(has).sum().alias("_wtot"),
        pl.col("n").sum().alias("n"),
        pl.col("_label").filter(~has).alias("_missing"),
    )
    if rule == "sum":
        value = pl.when(pl.col("n_used") == pl.col("n_sources")).then(pl.col("_sum"))
    else:
        value = pl.when((pl.col("n_used") > 0) & (pl.col("_wtot") > 0)).then(pl.col("_wsum") / pl.col("_wtot"))
    missing_names = pl.col("_missing").list.join(", ")
    note = (
        pl.when(pl.col("n_used") == pl.col("n_sources")).then(None)
        .when(pl.col("n_used") == 0).then(pl.format(NOTE_NONE, missing_names))
        .otherwise(pl.format(NOTE_PARTIAL, pl.col("n_used"), pl.col("n_sources"), missing_names))
    )
    return grouped.select(
        pl.col("to_id").alias("unit_id"),
        "period",
        "indicator_id",
        value.cast(pl.Float64).alias("value"),
        pl.when(pl.col("n") > 0).then(pl.col("n")).cast(pl.Int64).alias("n"),
        pl.lit(None, dtype=OBSERVATIONS_SCHEMA["se"]).alias("se"),
        note.alias("note"),
        "n_sources",
        "n_used",
    ).sort("unit_id", "period", "indicator_id")
