"""Methodology text generated from the index definitions (nothing hand-written per index).

The words come from the text catalogue (:mod:`cchc.words`, keys ``aggregate.*``,
``missing_rule.*``, ``kind.*``, ``method.*``); this module puts them together.

>>> from cchc.definitions import define_index
>>> d = define_index({"id": "x", "name": "X", "levels": ["province"], "grain": "year", "components": [
...     {"code": "1", "name": "A", "scale": {"min": 0, "max": 2.5}}, {"code": "2", "name": "B"}]})
>>> component_table(d, "en").select("code", "max", "rule").rows()
[('X', None, 'sum of the components'), ('1', 2.5, 'published value'), ('2', None, 'published value')]
>>> facts(d, "en").row(2)
('Levels', 'Provinces')
"""

from __future__ import annotations

import polars as pl

from cchc.definitions import IndexDef, Node
from cchc.numbers import format_number
from cchc.range_scores import accepts_ranges
from cchc.reexpress import rule_text
from cchc.words import word

NONE = "—"  # a fact the definition does not give
# columns of structure_table -> the words of their headers
STRUCTURE_HEADERS = {"code": "method.col.code", "name": "method.col.name", "max": "max_points",
                     "rule": "method.col.rule", "indicator_id": "method.col.indicator_id"}


def points(value: float, lang: str = "vi") -> str:
    """A maximum as shown: whole numbers without decimals, others with two (``2,5`` → ``"2,50"``)."""
    return format_number(value, 0 if float(value).is_integer() else 2, lang)


def node_rule(node: Node, lang: str = "vi") -> str:
    """How one node's value is obtained, in words."""
    if node.kind == "ratio":
        num = " + ".join(node.numerator)
        den = " + ".join(node.denominator)
        ratio = f"1 − ({num}) / ({den})" if node.complement else f"({num}) / ({den})"
        max_pts = points(node.max_points, lang)  # type: ignore[arg-type]  # a ratio leaf always has one
        if node.target:
            target = format_number(node.target * 100, 0, lang) + "%"
            return word("rule.ratio_target", lang, ratio=ratio, max=max_pts, target=target)
        return f"{ratio} × {max_pts}"
    if node.kind == "composite" and node.aggregate:
        text = word(f"aggregate.{node.aggregate}", lang)
        return f"{text}; {word(f'missing_rule.{node.missing}', lang)}" if node.missing != "propagate" else text
    return word("kind.input", lang)


def component_table(definition: IndexDef, lang: str = "vi") -> pl.DataFrame:
    """Every node: code, name, maximum, how it is computed (indented by depth)."""
    rows = [{
        "code": node.code or definition.short(lang),
        "name": ("    " * node.depth) + node.title(lang),
        "depth": node.depth,
        "max": node.max_points,
        "unit": node.unit.get(lang),
        "direction": word(f"direction.{node.direction}", lang),
        "rule": node_rule(node, lang),
        "indicator_id": node.indicator_id,
    } for node in definition.nodes()]
    return pl.DataFrame(rows, schema={"code": pl.String, "name": pl.String, "depth": pl.Int64, "max": pl.Float64,
                                      "unit": pl.String, "direction": pl.String, "rule": pl.String,
                                      "indicator_id": pl.String})


def structure_table(definition: IndexDef, lang: str = "vi") -> pl.DataFrame:
    """The structure as the methodology page shows it: ``code, name, max`` (formatted), ``rule, indicator_id``."""
    return component_table(definition, lang).select(
        "code", "name", pl.col("max").map_elements(lambda m: points(m, lang), return_dtype=pl.String),
        "rule", "indicator_id")


def structure_headers(lang: str = "vi") -> dict[str, str]:
    """Column headers of :func:`structure_table` in ``lang``."""
    return {col: word(key, lang) for col, key in STRUCTURE_HEADERS.items()}


def bands_text(definition: IndexDef, lang: str = "vi") -> list[str]:
    """Band cut-offs in words, best first: ``"Xuất sắc: từ 90"``."""
    return [f"{band.label(lang)}: " + (word("band.below", lang) if band.min is None
                                       else word("band.from", lang, min=format_number(band.min, 0, lang)))
            for band in definition.bands]


def groups_text(definition: IndexDef, lang: str = "vi") -> str:
    """The groups or bands units are put in, in words (``"—"`` when none)."""
    if definition.groups == "quartile":
        return word("groups.quartile", lang)
    if definition.groups == "bands" and definition.bands:
        return "; ".join(bands_text(definition, lang))
    return NONE


def reexpress_text(definition: IndexDef, lang: str = "vi") -> str:
    """The re-expression rule of the index in words."""
    return rule_text({"rule": definition.reexpress.rule, "weight": definition.reexpress.weight}, lang)


def scale_text(definition: IndexDef, lang: str = "vi") -> str:
    """``"8–80 điểm"``; ``"—"`` when the definition declares no minimum."""
    scale = definition.scale
    if scale is None or scale.min is None:
        return NONE
    return f"{format_number(scale.min, 0, lang)}–{format_number(scale.max, 0, lang)} {definition.unit(lang)}"


def range_rule(definition: IndexDef, lang: str = "vi") -> str | None:
    """How a period range (quarter, year, year to date, custom) of the index is scored — from the sum of its
    monthly counts, never an average of monthly scores (:mod:`cchc.range_scores`); None for an index that
    is not published as monthly counts (no range is offered for it)."""
    return word("range.rule", lang) if accepts_ranges(definition) else None


def facts(definition: IndexDef, lang: str = "vi") -> pl.DataFrame:
    """The index at a glance, ``item, value`` (both words): scale, direction, levels, grain,
    decimals, how the total is computed, groups, re-expression."""
    rows = [
        ("method.scale", scale_text(definition, lang)),
        ("method.direction", word(f"direction.{definition.direction}", lang)),
        ("method.levels", ", ".join(word(f"level.{lv}", lang) for lv in definition.levels)),
        ("method.grain", word(f"grain.{definition.grain}", lang)),
        ("method.decimals", str(definition.decimals)),
        ("method.composite", node_rule(definition.root, lang)),
        ("method.groups", groups_text(definition, lang)),
        ("method.reexpress", reexpress_text(definition, lang)),
    ]
    return pl.DataFrame([(word(key, lang), value) for key, value in rows], schema={"item": pl.String, "value": pl.String},
                        orient="row")
