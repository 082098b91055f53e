"""Titles, subtitles and source notes of tables and charts, from the index metadata.

Every table and chart takes its words from here, so a league table printed by
the CLI, shown on a page or exported says the same thing.

>>> caption_parts("PAPI", "Năm 2023", ["Cấp tỉnh", "63 tỉnh (trước 1/7/2025)"])
'PAPI · Năm 2023 · Cấp tỉnh · 63 tỉnh (trước 1/7/2025)'
"""

from __future__ import annotations

from cchc.definitions import IndexDef
from cchc.periods import period_label
from cchc.reexpress import rule_text

LEVEL_TEXT = {
    "province": {"vi": "Cấp tỉnh", "en": "Provinces"},
    "district": {"vi": "Cấp huyện", "en": "Districts"},
    "commune": {"vi": "Cấp xã", "en": "Communes"},
    "department": {"vi": "Sở, ban, ngành", "en": "Departments"},
    "ministry": {"vi": "Bộ, cơ quan ngang bộ", "en": "Ministries"},
}
GEOGRAPHY_TEXT = {
    "vn63": {"vi": "địa giới cũ (63 tỉnh, đến 30/6/2025)", "en": "old boundaries (63 provinces, to 30 Jun 2025)"},
    "vn34": {"vi": "địa giới mới (34 tỉnh, từ 1/7/2025)", "en": "new boundaries (34 provinces, from 1 Jul 2025)"},
}
DEMO_MARK = {"vi": "DỮ LIỆU MINH HỌA — không phải số liệu chính thức",
             "en": "DEMO DATA — not official statistics"}


def caption_parts(*parts: str | list[str] | None) -> str:
    """Join the non-empty parts with a middle dot."""
    flat: list[str] = []
    for p in parts:
        flat.extend(p if isinstance(p, list) else [p] if p else [])
    return " · ".join(x for x in flat if x)


def title(definition: IndexDef, indicator_id: str | None = None, lang: str = "vi") -> str:
    """``"PAPI — 6. Cung ứng dịch vụ công"`` for a component, the index name for the total."""
    ind = indicator_id or definition.id
    if ind == definition.id:
        return definition.title(lang=lang)
    return f"{definition.short(lang)} — {definition.node(ind).label(lang)}"


def subtitle(definition: IndexDef, *, period: str, level: str, geography: str | None = None,
             reexpressed: bool = False, filters: list[str] | None = None, lang: str = "vi") -> str:
    """Period, level, geography (and re-expression rule) and active filters."""
    geo = GEOGRAPHY_TEXT[geography][lang] if geography else None
    if reexpressed:
        rule = rule_text({"rule": definition.reexpress.rule, "weight": definition.reexpress.weight}, lang, level)
        geo = (f"{geo}, quy đổi: {rule.lower()}" if lang == "vi" else f"{geo}, re-expressed: {rule.lower()}")
    direction = ("điểm cao hơn là tốt hơn" if definition.direction == "higher" else "thấp hơn là tốt hơn") \
        if lang == "vi" else ("higher is better" if definition.direction == "higher" else "lower is better")
    unit = definition.unit(lang)
    return caption_parts(period_label(period, lang), LEVEL_TEXT.get(level, {}).get(lang, level), geo,
                         filters or [], f"{unit}, {direction}")


def source_note(definition: IndexDef, *, demo: bool, lang: str = "vi") -> str:
    """``"Nguồn: … Dữ liệu minh họa …"`` — the source, and the demo mark when relevant."""
    label = "Nguồn" if lang == "vi" else "Source"
    text = f"{label}: {definition.source(lang) or '—'}."
    if definition.notes(lang):
        text += f" {'Ghi chú' if lang == 'vi' else 'Note'}: {definition.notes(lang)}"
    if demo:
        text += f" {DEMO_MARK[lang]}."
    return text
