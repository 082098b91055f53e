"""What every export of a league table says about itself.

:func:`league_meta` turns an index definition and the current selection into
one dict — the same words the page and the CLI show (from :mod:`cchc.captions`)
plus the facts the XLSX "Thông tin" sheet and the speaker notes list. The CLI's
``league_view`` builds it; a page builds it the same way.

>>> meta = league_meta(papi, table=t, indicator="papi", period="2023", level="province",   # doctest: +SKIP
...                    geography="vn63", demo=True)
>>> meta["title"], meta["demo"]                                                            # doctest: +SKIP
('Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh', True)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl

from cchc import captions
from cchc.definitions import IndexDef
from cchc.league import league_summary
from cchc.periods import period_label
from cchc.theme import QUARTILE_COLOURS, band_colours

# Rows of the metadata sheet: (key, Vietnamese label, English label), in order.
INFO_ROWS: list[tuple[str, str, str]] = [
    ("index_name", "Chỉ số", "Index"),
    ("indicator_name", "Chỉ tiêu", "Indicator"),
    ("period_label", "Kỳ", "Period"),
    ("level_label", "Cấp", "Level"),
    ("geography_label", "Địa giới", "Boundaries"),
    ("filters_text", "Bộ lọc", "Filters"),
    ("unit", "Đơn vị đo", "Unit"),
    ("direction_text", "Chiều", "Direction"),
    ("source", "Nguồn", "Source"),
    ("method", "Phương pháp", "Method"),
    ("notes", "Ghi chú", "Notes"),
    ("summary_text", "Tóm tắt", "Summary"),
    ("demo_text", "Dữ liệu minh họa", "Demo data"),
    ("exported_text", "Thời điểm xuất", "Exported at"),
]


def group_colours(definition: IndexDef) -> dict[str, str]:
    """Colour of each group code of the index: PAPI quartiles "1"–"4" or the bands, best first."""
    if definition.groups == "quartile":
        return dict(QUARTILE_COLOURS)
    if definition.groups == "bands" and definition.bands:
        return band_colours([b.code for b in definition.bands])
    return {}


def league_meta(definition: IndexDef, *, table: pl.DataFrame, indicator: str | None = None, period: str,
                level: str, geography: str, reexpressed: bool = False, filters: list[str] | None = None,
                demo: bool, lang: str = "vi", region_names: dict[str, str] | None = None) -> dict[str, Any]:
    """Title, subtitle, source note and the facts of one league-table selection (JSON-safe)."""
    ind = indicator or definition.id
    node = definition.node(ind)
    vi = lang == "vi"
    filters = [f for f in (filters or []) if f]
    meta: dict[str, Any] = {
        "index": definition.id, "indicator": ind, "period": period, "level": level, "geography": geography,
        "reexpressed": reexpressed, "decimals": node.decimals, "direction": node.direction, "lang": lang,
        "scale_min": float(node.scale.min) if node.scale is not None and node.scale.min is not None else 0.0,
        "title": captions.title(definition, ind, lang),
        "subtitle": captions.subtitle(definition, period=period, level=level, geography=geography,
                                      reexpressed=reexpressed, filters=filters, lang=lang),
        "source_note": captions.source_note(definition, demo=demo, lang=lang),
        "short": definition.short(lang),
        "index_name": definition.title(lang=lang),
        "indicator_name": node.label(lang) if ind != definition.id else (
            "Điểm tổng hợp" if vi else "Overall score"),
        "period_label": period_label(period, lang),
        "level_label": captions.LEVEL_TEXT.get(level, {}).get(lang, level),
        "geography_label": captions.GEOGRAPHY_TEXT.get(geography, {}).get(lang, geography),
        "filters": filters,
        "filters_text": "; ".join(filters) if filters else ("Không" if vi else "None"),
        "unit": definition.unit(lang),
        "direction_text": ("Điểm cao hơn là tốt hơn" if node.direction == "higher" else "Thấp hơn là tốt hơn")
        if vi else ("Higher is better" if node.direction == "higher" else "Lower is better"),
        "source": definition.source(lang) or "—",
        "method": definition.method(lang) or "—",
        "notes": definition.notes(lang) or "",
        "demo": bool(demo),
        "demo_text": (("Có — " if vi else "Yes — ") + captions.DEMO_MARK[lang]) if demo else ("Không" if vi else "No"),
        "group_colours": group_colours(definition) if ind == definition.id or definition.groups == "quartile" else {},
        "region_names": dict(region_names or {}),
        **league_summary(table),
    }
    meta["summary_text"] = summary_text(meta)
    return meta


def summary_text(meta: dict[str, Any]) -> str:
    """``"61/63 đơn vị được xếp hạng; 2 không có số liệu"``."""
    vi = meta.get("lang", "vi") == "vi"
    ranked, total, missing = meta.get("n_ranked"), meta.get("n_units"), meta.get("n_not_scored")
    if ranked is None or total is None:
        return ""
    text = f"{ranked}/{total} " + ("đơn vị được xếp hạng" if vi else "units ranked")
    if missing:
        text += f"; {missing} " + ("không có số liệu" if vi else "not scored")
    return text


def exported_at(meta: dict[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """``meta`` plus the export time (``exported``, ISO, and ``exported_text``, dd/mm/yyyy HH:MM)."""
    now = now or datetime.now().astimezone()
    return {**meta, "exported": now.isoformat(timespec="seconds"), "exported_text": f"{now:%d/%m/%Y %H:%M}"}
