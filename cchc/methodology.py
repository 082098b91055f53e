"""Methodology text generated from the index definitions (nothing hand-written per index).

>>> rows = component_table(papi, "vi")          # doctest: +SKIP
>>> rows.filter(pl.col("code") == "6.1")["max"][0]   # doctest: +SKIP
2.5
"""

from __future__ import annotations

import polars as pl

from cchc.definitions import IndexDef, Node
from cchc.numbers import format_number
from cchc.reexpress import rule_text

AGGREGATE_TEXT = {
    "sum": {"vi": "tổng điểm các thành phần", "en": "sum of the components"},
    "mean": {"vi": "trung bình cộng các thành phần", "en": "mean of the components"},
    "weighted_mean": {"vi": "trung bình có trọng số các thành phần", "en": "weighted mean of the components"},
    "pct_of_max": {"vi": "tổng điểm đạt được / tổng điểm tối đa × 100%",
                   "en": "points achieved / maximum points × 100%"},
}
MISSING_TEXT = {
    "propagate": {"vi": "thiếu một thành phần thì không tính điểm tổng hợp",
                  "en": "a missing component leaves the composite missing"},
    "skip": {"vi": "tính trên các thành phần có số liệu", "en": "computed from the components present"},
    "rescale": {"vi": "quy đổi điểm các thành phần có số liệu về thang đầy đủ",
                "en": "points of the components present rescaled to the full scale"},
}
KIND_TEXT = {"input": {"vi": "số liệu công bố", "en": "published value"},
             "ratio": {"vi": "tỷ lệ từ số liệu gốc", "en": "ratio of raw counts"},
             "composite": {"vi": "tổng hợp", "en": "composite"}}


def node_rule(node: Node, lang: str = "vi") -> str:
    """How one node's value is obtained, in words."""
    if node.kind == "ratio":
        num = " + ".join(node.numerator)
        den = " + ".join(node.denominator)
        ratio = f"1 − ({num}) / ({den})" if node.complement else f"({num}) / ({den})"
        max_pts = format_number(node.max_points, 2 if node.max_points % 1 else 0, lang)
        if node.target:
            target = format_number(node.target * 100, 0, lang) + "%"
            return (f"tỷ lệ = {ratio}; đạt {max_pts} điểm khi tỷ lệ ≥ {target}, nếu không: tỷ lệ × {max_pts} / {target}"
                    if lang == "vi" else
                    f"ratio = {ratio}; {max_pts} points at or above {target}, else ratio × {max_pts} / {target}")
        return f"{ratio} × {max_pts}"
    if node.kind == "composite" and node.aggregate:
        text = AGGREGATE_TEXT[node.aggregate][lang]
        return f"{text}; {MISSING_TEXT[node.missing][lang]}" if node.missing != "propagate" else text
    return KIND_TEXT["input"][lang]


def component_table(definition: IndexDef, lang: str = "vi") -> pl.DataFrame:
    """Every node: code, name, maximum, how it is computed (indented by depth)."""
    rows = []
    for node in definition.nodes():
        rows.append({
            "code": node.code or definition.short(lang),
            "name": ("    " * node.depth) + node.title(lang),
            "depth": node.depth,
            "max": node.max_points,
            "unit": node.unit.get(lang),
            "direction": ("cao hơn là tốt hơn" if node.direction == "higher" else "thấp hơn là tốt hơn")
            if lang == "vi" else ("higher is better" if node.direction == "higher" else "lower is better"),
            "rule": node_rule(node, lang),
            "indicator_id": node.indicator_id,
        })
    return pl.DataFrame(rows, schema={"code": pl.String, "name": pl.String, "depth": pl.Int64, "max": pl.Float64,
                                      "unit": pl.String, "direction": pl.String, "rule": pl.String,
                                      "indicator_id": pl.String})


def bands_text(definition: IndexDef, lang: str = "vi") -> list[str]:
    """Band cut-offs in words, best first: ``"Xuất sắc: từ 90"``."""
    out = []
    for band in definition.bands:
        lower = ("dưới mức trên" if lang == "vi" else "below the above") if band.min is None else \
            (f"từ {format_number(band.min, 0, lang)}" if lang == "vi" else f"from {format_number(band.min, 0, lang)}")
        out.append(f"{band.label(lang)}: {lower}")
    return out


def groups_text(definition: IndexDef, lang: str = "vi") -> str:
    if definition.groups == "quartile":
        return ("Bốn nhóm theo tứ phân vị của thứ hạng: cao nhất, trung bình cao, trung bình thấp, thấp nhất"
                if lang == "vi" else "Four quartile groups by rank: best, high average, low average, poor")
    if definition.groups == "bands" and definition.bands:
        return "; ".join(bands_text(definition, lang))
    return "—"


def reexpress_text(definition: IndexDef, lang: str = "vi") -> str:
    return rule_text({"rule": definition.reexpress.rule, "weight": definition.reexpress.weight}, lang)
