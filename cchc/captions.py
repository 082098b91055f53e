"""Titles, subtitles and source notes of tables and charts, from the index metadata.

Every table and chart takes its words from here, so a league table printed by
the CLI, shown on a page or exported says the same thing.

>>> caption_parts("PAPI", "Năm 2023", ["Cấp tỉnh", "63 tỉnh (trước 1/7/2025)"])
'PAPI · Năm 2023 · Cấp tỉnh · 63 tỉnh (trước 1/7/2025)'
>>> level_label("commune", "en"), level_label("zone", "en")
('Communes', 'zone')
"""

from __future__ import annotations

from cchc.definitions import IndexDef
from cchc.periods import period_label
from cchc.reexpress import rule_text
from cchc.words import WORDS, pair, word

DEMO_MARK = pair("demo_mark")  # {"vi": …, "en": …}: the demo mark by language, from the catalogue


def caption_parts(*parts: str | list[str] | None) -> str:
    """Join the non-empty parts with a middle dot."""
    flat: list[str] = []
    for p in parts:
        flat.extend(p if isinstance(p, list) else [p] if p else [])
    return " · ".join(x for x in flat if x)


def level_label(level: str, lang: str = "vi") -> str:
    """``"Cấp tỉnh"``/``"Provinces"``; an unknown level is shown as given."""
    return word(f"level.{level}", lang) if f"level.{level}" in WORDS else level


def geography_label(geography: str | None, lang: str = "vi") -> str:
    """``"địa giới cũ (63 tỉnh, đến 30/6/2025)"`` for vn63, the new boundaries for vn34."""
    key = f"geography.{geography}"
    return word(key, lang) if key in WORDS else str(geography or "")


def direction_text(direction: str, lang: str = "vi") -> str:
    """``"điểm cao hơn là tốt hơn"`` or ``"thấp hơn là tốt hơn"``."""
    return word(f"direction.{direction}", lang)


def in_sentence(label: str, lang: str = "vi") -> str:
    """A label inside a sentence: Vietnamese labels lose their capital ("năm 2023", "tháng 7/2025").

    >>> in_sentence("Năm 2023"), in_sentence("Q3 2025", "en")
    ('năm 2023', 'Q3 2025')
    """
    return label[:1].lower() + label[1:] if label and lang == "vi" else label


def title(definition: IndexDef, indicator_id: str | None = None, lang: str = "vi") -> str:
    """``"PAPI — 6. Cung ứng dịch vụ công"`` for a component, the index name for the total."""
    ind = indicator_id or definition.id
    if ind == definition.id:
        return definition.title(lang=lang)
    return f"{definition.short(lang)} — {definition.node(ind).label(lang)}"


def subtitle(definition: IndexDef, *, period: str, level: str, geography: str | None = None,
             reexpressed: bool = False, filters: list[str] | None = None, lang: str = "vi",
             period_text: str | None = None) -> str:
    """Period (or ``period_text``, e.g. "2023 → 2024"), level, geography (and
    re-expression rule), active filters, and the unit with the direction."""
    geo = geography_label(geography, lang) if geography else None
    if reexpressed:
        rule = rule_text({"rule": definition.reexpress.rule, "weight": definition.reexpress.weight}, lang, level)
        geo = word("reexpressed_with", lang, geo=geo, rule=rule.lower())
    return caption_parts(period_text or period_label(period, lang), level_label(level, lang), geo,
                         filters or [], f"{definition.unit(lang)}, {direction_text(definition.direction, lang)}")


def source_note(definition: IndexDef, *, demo: bool, lang: str = "vi") -> str:
    """``"Nguồn: … Dữ liệu minh họa …"`` — the source, and the demo mark when relevant."""
    text = f"{word('source', lang)}: {definition.source(lang) or '—'}."
    if definition.notes(lang):
        text += f" {word('notes_label', lang)}: {definition.notes(lang)}"
    if demo:
        text += f" {word('demo_mark', lang)}."
    return text
