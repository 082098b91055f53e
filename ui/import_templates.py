"""The import page's templates section: an empty CSV/XLSX template of an index for one of its
levels, a period (picked from the index's periods or typed) and, for districts and communes, a
parent unit (a province, and for communes of the 63-province geography a district), with that
parent's units prefilled (:mod:`cchc.intake.templates`). The files are built on click.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

import polars as pl
import streamlit as st

from cchc.intake.mapping import geography_of
from cchc.intake.templates import template_csv, template_units, template_xlsx
from cchc.periods import parse_period, period_label
from cchc.placement import PARENT_LEVELS
from cchc.safety import plain
from cchc.store import Store
from cchc.units import units_at
from cchc.words import word
from ui import data
from ui.text import t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_UNITS = 3  # unit names named in the caption under the choices


@dataclass(frozen=True)
class TemplateChoice:
    """What a template lists: the index, its level, the period (None: today's boundaries) and the parent."""

    index: str
    level: str
    period: str | None
    parent: str | None


def home_province(store: Store, index: str, level: str, geography: str) -> str | None:
    """The one province where ``index`` has units of ``level`` on ``geography`` (a provincial index such
    as Hưng Yên's), else None."""
    own = store.index_units().filter(pl.col("index") == index).join(store.units, on="unit_id")
    provinces = own.filter((pl.col("level") == level) & (pl.col("geography") == geography))["province_id"]
    found = provinces.drop_nulls().unique().to_list()
    return found[0] if len(found) == 1 else None


def _names(units: pl.DataFrame, lang: str) -> dict[str, str]:
    return dict(units.select("unit_id", "name_en" if lang == "en" else "name_vi").iter_rows())


def _pick_unit(label: str, units: pl.DataFrame, *, none: str, default: str | None, key: str, lang: str,
               where) -> str | None:
    names = _names(units, lang)
    options = ["", *names]
    index = options.index(default) if default in names else 0
    chosen = where.selectbox(label, options, index=index, key=key, format_func=lambda u: names.get(u, none))
    return chosen or None


def choose_template(lang: str) -> TemplateChoice | None:
    """The index, level, period and parent pickers; None while the typed period is not a period."""
    store = data.store()
    defs = store.definitions
    c1, c2, c3 = st.columns(3)
    index = c1.selectbox(t("import.template_index"), list(defs), format_func=lambda i: defs[i].short(lang),
                         key="tpl_index")
    levels = list(defs[index].levels)
    level = c2.selectbox(t("import.template_level"), levels, key=f"tpl_level_{index}",
                         format_func=lambda lv: word(f"level.{lv}", lang))
    periods = list(reversed(store.periods_with_data(index)))
    typed = c3.selectbox(t("import.template_period"), periods, key=f"tpl_period_{index}", accept_new_options=True,
                         format_func=lambda p: period_label(p, lang) if p in periods else p,
                         help=t("import.template_period_help"))
    period = (typed or "").strip() or None
    if period is not None:
        try:
            parse_period(period)
        except ValueError:
            st.warning(t("import.template_bad_period", text=plain(period)))
            return None
    geography = geography_of(period) if period else "vn34"
    parent = None
    wanted = PARENT_LEVELS.get(level, ())
    if wanted:
        p1, p2 = st.columns(2)
        provinces = units_at(store.units, "province", geography=geography)
        parent = _pick_unit(t("import.template_province"), provinces, none=t("import.template_whole_country"),
                            default=home_province(store, index, level, geography), lang=lang,
                            key=f"tpl_province_{index}_{level}_{geography}", where=p1)
        if parent is not None and "district" in wanted:
            districts = units_at(store.units, "district", geography=geography, parent_id=parent)
            if not districts.is_empty():
                parent = _pick_unit(t("import.template_district"), districts, default=None, lang=lang,
                                    none=t("import.template_whole_province"), key=f"tpl_district_{parent}",
                                    where=p2) or parent
    return TemplateChoice(index, level, period, parent)


def file_stem(choice: TemplateChoice) -> str:
    """``mau-hy_par_xa-commune-2024-332``: the template's file name without extension (safe characters only).

    >>> file_stem(TemplateChoice("hy_par_xa", "commune", "2024", "vn63:district:332"))
    'mau-hy_par_xa-commune-2024-332'
    >>> file_stem(TemplateChoice("papi", "province", None, None))
    'mau-papi-province'
    """
    parts = ["mau", choice.index, choice.level, choice.period or "", (choice.parent or "").rsplit(":", 1)[-1]]
    return re.sub(r"[^0-9A-Za-z_.-]+", "_", "-".join(p for p in parts if p))


def templates(lang: str) -> None:
    """The templates expander: the choices, how many units the template lists, and the two downloads."""
    store = data.store()
    with st.expander(t("import.templates"), icon=":material/download:"):
        choice = choose_template(lang)
        if choice is None:
            return
        units = template_units(store.definition(choice.index), store, level=choice.level, period=choice.period,
                               parent=choice.parent)
        if units.is_empty():
            geography = geography_of(choice.period) if choice.period else "vn34"
            st.info(t("import.template_empty", geography=word(f"geography.{geography}", lang)))
        else:
            names = units["name_en" if lang == "en" else "name_vi"].to_list()
            shown = ", ".join(names[:SHOWN_UNITS]) + (", …" if len(names) > SHOWN_UNITS else "")
            st.caption(t("import.template_count", n=len(names), units=plain(shown)))
        build = dict(store=store, level=choice.level, period=choice.period, parent=choice.parent, lang=lang)
        stem = file_stem(choice)
        left, right = st.columns(2)
        with left:
            st.download_button(t("import.template_csv"), data=partial(template_csv, choice.index, **build),
                               file_name=f"{stem}.csv", mime="text/csv", key="tpl_csv", on_click="ignore",
                               icon=":material/csv:")
        with right:
            st.download_button(t("import.template_xlsx"), data=partial(template_xlsx, choice.index, **build),
                               file_name=f"{stem}.xlsx", mime=XLSX_MIME, key="tpl_xlsx", on_click="ignore",
                               icon=":material/table_view:")
