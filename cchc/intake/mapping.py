"""Which column means what: the proposed :class:`~cchc.intake.model.Mapping` of a table (the user
confirms or corrects it), and saved mappings reused on next month's file of the same shape.

Rules of :func:`propose_mapping` (its notes say what was inferred, for confirmation):

- **Headers → indicators** (accents, case and spacing ignored, :func:`cchc.folding.fold`), first
  rule that fits: an indicator id (``papi.6``; also at the end in brackets, ``… (onestop.received)``);
  a node's name in either language; a one-stop report word (``Số hồ sơ tiếp nhận / Tổng số`` →
  ``onestop.received``, ``… / Trực tuyến`` → ``onestop.received_online``, ``Trước hạn``, ``Đúng
  hạn``, ``Quá hạn``, ``Đang giải quyết`` … → the ``onestop.*`` inputs of svc766; never a
  ``Tỷ lệ …`` rate); a code (``6.1``, ``D6``, ``Dimension 6``, ``Chỉ số thành phần 6``, ``Lĩnh vực
  3``, ``TP6``, ``6. Cung ứng…``: a name after the code wins when it names something else);
  ``Tổng``, ``Total``, ``Điểm tổng hợp``, ``Chỉ số`` → the root; a header containing a node's name.
- **Index**: given, or the one whose vocabulary and scales fit the table best
  (:mod:`~cchc.intake.recognition`; ties: the one that scores the units' level; still tied: the
  first by id is proposed and :func:`propose` names the others, the proposal is ambiguous). **Layout**: long when there are an indicator and a value column.
- **Unit column**: the column whose values resolve best as units ("STT" never).
- **Period**: given, or in the title (:func:`find_period`), or a period column; else None
  (validation then reports ``no_period``). **Geography**: :func:`geography_of`.
- **Parent**: given, or a unit named in the title ("HUYỆN TIÊN LỮ"), or the common parent of the
  names that resolve to one unit.

>>> find_period("BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 5/2024"), find_period("QUÝ III/2025")
('2024-05', '2025-Q3')
>>> find_period("Hưng Yên, ngày 05 tháng 6 năm 2024 — Chỉ số năm 2023"), find_period("Bảng 1")
('2023', None)
>>> geography_of("2025-06"), geography_of("2025-07"), geography_of("2025")
('vn63', 'vn34', 'vn34')
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict
from datetime import date
from typing import Any

from cchc.definitions import IndexDef
from cchc.folding import fold, strip_marks
from cchc.intake.model import Mapping, Table
from cchc.intake.recognition import fit_key, root_words, vocabulary_key
from cchc.names import resolve_names, type_phrases
from cchc.periods import parse_period, period_label
from cchc.placement import PARENT_LEVELS
from cchc.safety import neutralise, shorten
from cchc.store import Store
from cchc.units import unit_label
from cchc.words import word

MERGER = date(2025, 7, 1)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_DATE = re.compile(r"ngay\s*\d{1,2}\s*(?:thang|[/.-])\s*\d{1,2}\s*(?:nam|[/.-])\s*\d{4}")
_MONTH = re.compile(r"\b(?:thang|month)\s*(\d{1,2})\s*(?:nam|[/.-])\s*(\d{4})\b|^(\d{1,2})\s*[/.-]\s*(\d{4})$")
_QUARTER = re.compile(r"\b(?:(?:quy|quarter)\s*(iv|i{1,3}|[1-4])|q([1-4]))\s*(?:nam|[/.-])?\s*(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(q[1-4]|0[1-9]|1[0-2])\b")
_YEAR = re.compile(r"\b(?:nam|year)\s*(\d{4})\b")
_ANY_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")

_TRAILING_ID = re.compile(r"[(\[]\s*([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\s*[)\]]\s*$")
_TRAILING_CODE = re.compile(r"^(.*?)\s*\(\s*(\d{1,2}(?:\.\d{1,2})*)\s*\)$")
_CODE = re.compile(r"^(?:diem\s+)?(?:(?:d|dimension|chi so(?: noi dung)?(?: thanh phan)?|cstp|tp|linh vuc|lv|nhom|"
                   r"tieu chi(?: thanh phan)?|yeu to|area|element|group|criterion)\s*)?"
                   r"(\d{1,2}(?:\.\d{1,2})*)\s*[.:)-]?(?:\s+(.*))?$")
_TOTAL = {"tong", "total", "tongdiem", "diemtonghop", "chiso", "tonghop", "diem", "score", "overall",
          "overallscore", "totalscore", "chisotonghop", "diemso", "tongso", "cong"}
_ROOT_ONLY = _TOTAL - {"tongso", "cong"}  # not "Tổng số", "Cộng" alone; "Chỉ số CCHC": recognition.ROOT_WORDS
# one-stop report words -> raw inputs of svc766: (id, words all required ("a|b": either), words excluded)
_ONESTOP = (
    ("onestop.paid_online", "thanhtoan tructuyen", ""),
    ("onestop.payable", "thanhtoan|phi", ""),
    ("onestop.procedures_online", "tthc|thutuc tructuyen", ""),
    ("onestop.received_online", "tiepnhan|nop tructuyen", ""),
    ("onestop.received", "tiepnhan", "tructiep buuchinh kytruoc chuyensang moitiepnhan phananh kiennghi"),
    ("onestop.pending_in_time", "danggiaiquyet tronghan|chuadenhan|conhan", ""),
    ("onestop.pending", "danggiaiquyet", "quahan trehan"),
    ("onestop.resolved_early", "truochan", ""),
    ("onestop.resolved_on_time", "dunghan", "truoc"),
    ("onestop.apology_letters", "xinloi", ""),
    ("onestop.resolved_late", "quahan|trehan", "danggiaiquyet"),
    ("onestop.data_reused", "taisudung|sudunglai|khaithac", ""),
    ("onestop.digitised", "sohoa", ""),
    ("onestop.e_results", "ketqua dientu", ""),
    ("onestop.resolved", "giaiquyet", "dang"),
    ("onestop.synced", "dongbo", ""),
    ("onestop.complaints", "phananh|kiennghi|khieunai", ""),
    ("onestop.rated_satisfied", "hailong", "khonghailong"),
    ("onestop.rated", "danhgia", ""),
    ("onestop.procedures_published", "tthc|thutuc congkhai", ""),
    ("onestop.procedures_total", "tthc|thutuc", ""),
)
_NUMBERING = {"stt", "tt", "sott", "sothutu", "no", "so"}
_ROLES = {
    "unit": {"donvi", "tendonvi", "madonvi", "unit", "unitid", "unitname", "tinh", "tentinh", "matinh",
             "tinhthanhpho", "tinhthanh", "province", "diaphuong", "xa", "tenxa", "xaphuong", "xaphuongthitran",
             "huyen", "tenhuyen", "district", "commune", "coquan", "tencoquan", "ten", "name"},
    "period": {"ky", "kybaocao", "kydanhgia", "period", "nam", "year", "thang", "month", "quy", "quarter", "thoigian"},
    "indicator": {"chitieu", "machitieu", "indicator", "indicatorid", "tieuchi", "matieuchi"},
    "value": {"giatri", "value", "solieu", "diem", "score"},
    "n": {"n", "comau", "somau", "samplesize"},
    "se": {"se", "saisochuan", "standarderror"},
}


def _plain(text: str) -> str:
    """Lower case, no accents, words separated by one space (dots of codes kept)."""
    return " ".join(re.sub(r"[^a-z0-9.%/-]+", " ", strip_marks(text.lower())).split())


def find_period(text: str | None) -> str | None:
    """The period a title or a cell names: "THÁNG 5/2024" → ``2024-05``, "QUÝ III/2025" →
    ``2025-Q3``, "năm 2023" → ``2023``, "2025-07", "5/2024"; a date ("ngày 5 tháng 6 năm 2024")
    is not a period. A lone year is taken when it is the only one. None when there is none."""
    plain = _DATE.sub(" ", _plain(text or "").replace(".", " "))
    if (m := _MONTH.search(plain)) and 1 <= int(m.group(1) or m.group(3)) <= 12:
        return f"{m.group(2) or m.group(4)}-{int(m.group(1) or m.group(3)):02d}"
    if m := _QUARTER.search(plain):
        return f"{m.group(3)}-Q{_ROMAN.get(m.group(1) or '') or m.group(1) or m.group(2)}"
    if m := _ISO.search(plain.replace(" - ", "-")):
        return f"{m.group(1)}-{m.group(2).upper()}"
    if m := _YEAR.search(plain):
        return m.group(1)
    years = set(_ANY_YEAR.findall(plain))
    return years.pop() if len(years) == 1 else None


def geography_of(period: str) -> str:
    """``vn63`` for a period that ends before the merger (1 July 2025), else ``vn34``: annual 2025
    results are published on the 34 provinces."""
    return "vn34" if parse_period(period).end >= MERGER else "vn63"


class Vocabulary:
    """Header text → indicator id of one index (rules in the module docstring).

    >>> from cchc.store import Store
    >>> papi, svc = Vocabulary(Store().definition("papi")), Vocabulary(Store().definition("svc766"))
    >>> [papi(h) for h in ("D6", "Chỉ số thành phần 6", "6.1", "Y tế công lập", "Điểm tổng hợp", "Năm")]
    ['papi.6', 'papi.6', 'papi.6.1', 'papi.6.1', 'papi', None]
    >>> [svc(h) for h in ("Số hồ sơ tiếp nhận / Tổng số", "Số hồ sơ tiếp nhận / Trực tuyến", "Quá hạn")]
    ['onestop.received', 'onestop.received_online', 'onestop.resolved_late']
    """

    def __init__(self, definition: IndexDef) -> None:
        self.root = definition.id
        self.ids = {i.lower(): i for i in (*definition.indicator_ids(), *definition.leaf_inputs())}
        self.codes = {n.code: n.indicator_id for n in definition.nodes() if n.code}
        self.names: dict[str, str] = {}
        for n in definition.nodes():
            for text in (n.name, n.short):
                for s in (text.vi, text.en) if text else ():
                    self.names.setdefault(fold(s), n.indicator_id)
        shorts = {fold(definition.short(lang)) for lang in ("vi", "en")}
        self.names.update({k: self.root for s in shorts for k in (s, "chiso" + s, "diem" + s, s + "index")})
        self.names.update(dict.fromkeys(_ROOT_ONLY, self.root))
        self.names.update(dict.fromkeys(root_words(definition), self.root))
        self.onestop = [(i, [g.split("|") for g in need.split()], excl.split())
                        for i, need, excl in _ONESTOP if i in self.ids.values()]
        self._memo: dict[str, tuple[str | None, bool]] = {}

    def _name(self, text: str) -> str | None:
        key = fold(text)
        key = key[:-4] if len(key) > 4 and re.search(r"(19|20)\d\d$", key) else key
        return self.names.get(key)

    def _onestop(self, text: str) -> str | None:
        key = fold(text)
        if "tyle" in key or "%" in text:
            return None
        for ident, need, excl in self.onestop:
            if all(any(w in key for w in group) for group in need) and not any(w in key for w in excl):
                return ident
        return None

    def _code(self, text: str) -> tuple[str | None, bool]:
        plain = _plain(text).rstrip(".")
        if m := _TRAILING_CODE.match(plain):
            plain = f"{m.group(2)} {m.group(1)}"
        m = _CODE.match(plain)
        if not m or m.group(1) not in self.codes:
            return None, False
        ident, rest = self.codes[m.group(1)], m.group(2) or ""
        if not fold(rest) or self._name(rest) == ident:
            return ident, bool(fold(rest))
        other, strong = self.match(rest)
        return (other, strong) if other else (ident, False)   # a name after the code wins

    def __call__(self, header: str | None) -> str | None:
        return self.match(header)[0]

    def match(self, header: str | None) -> tuple[str | None, bool]:
        """The indicator id of ``header`` (or None), and whether its name or id confirms it (not
        only a bare code or a generic total word): the stronger index wins a tie."""
        header = (header or "").strip()
        if header not in self._memo:
            self._memo[header] = self._match(header)
        return self._memo[header]

    def _match(self, header: str) -> tuple[str | None, bool]:
        if not fold(header):
            return None, False
        if found := self.ids.get(header.lower()) or (
                (m := _TRAILING_ID.search(header.lower())) and self.ids.get(m.group(1))):
            return found, True
        parts = [p for p in header.split(" / ") if fold(p)]
        leaf, group = parts[-1], " / ".join(parts[:-1])
        if group and fold(leaf) in _TOTAL and (of_group := self.match(group))[0]:
            return of_group

        def attempts():
            yield self._name(header), True
            yield self._onestop(header), True
            yield self._code(leaf)
            yield self._name(leaf), True
            yield self._code(header) if group else (None, False)
            yield self._contained(header), True
        for found, strong in attempts():
            if found:
                return found, strong and fold(header) not in _TOTAL
        return None, False

    def _contained(self, header: str) -> str | None:
        key = fold(header)
        hits = [name for name in self.names if len(name) >= 10 and name in key]
        return self.names[max(hits, key=len)] if hits else None


def _echo(header: str | None) -> str:
    """A header as a note repeats it: shortened, formula-like text neutralised (:mod:`cchc.safety`)."""
    return neutralise(shorten(header or ""))


def _roles(headers: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for j, h in enumerate(headers):
        for role, words in _ROLES.items():
            if fold(h or "") in words:
                out.setdefault(role, j)
    return out


def _column(table: Table, j: int) -> list[str]:
    return [str(r[j]).strip() for r in table.rows if j < len(r) and r[j] is not None and str(r[j]).strip()]


def _numeric(values: list[str]) -> bool:
    return sum(bool(re.fullmatch(r"[-+]?[\d.,\s]+", v)) for v in values) * 2 > len(values)


def _ancestors(uid: str, parents: dict[str, str | None]) -> list[str]:
    out, cur = [], parents.get(uid)
    while cur is not None and cur not in out:
        out, cur = out + [cur], parents.get(cur)
    return out


def _parent(table: Table, store: Store, geography: str | None, wanted: set[str], ids: list[str],
            level_of: dict[str, str]) -> tuple[str | None, str | None]:
    """The parent named in the title (the deepest, when a province and its district are named),
    else the nearest common ancestor of ``ids`` (≥ 2); and the note's key."""
    parents = dict(zip(store.units["unit_id"].to_list(), store.units["parent_id"].to_list()))
    found = set()
    for spellings in type_phrases(table.title, wanted):
        hits = resolve_names(spellings, store.units, geography=geography, level=sorted(wanted))["unit_id"]
        found |= {next((h for h in hits if h), None)} - {None}
    deepest = [f for f in found if found - {f} <= set(_ancestors(f, parents))]
    if len(deepest) == 1:
        return deepest[0], "note.parent_title"
    lines = [_ancestors(u, parents) for u in ids]
    common = [a for a in lines[0] if all(a in line for line in lines[1:])] if len(ids) >= 2 else []
    return next(((a, "note.parent_names") for a in common if level_of.get(a) in wanted), (None, None))


def parent_levels(levels) -> set[str]:
    """The levels a parent of units of ``levels`` may have (a district or province for communes)."""
    return {p for lv in levels for p in PARENT_LEVELS.get(lv, ())}


def resolve_parent(parent: str, store: Store, geography: str | None, wanted: set[str]) -> str:
    """The unit id of a parent given by id or by name ("Tiên Lữ", "Huyện Tiên Lữ"), looked up among
    the ``wanted`` levels (any when empty) on ``geography`` (any when None). A name that resolves to
    no unit, or to several, is returned as given: validation then reports it as unknown.

    >>> from cchc.store import Store
    >>> store = Store()
    >>> resolve_parent("Tiên Lữ", store, "vn63", {"district", "province"}), resolve_parent("x", store, None, set())
    ('vn63:district:332', 'x')
    """
    if parent in set(store.units["unit_id"].to_list()):
        return parent
    found = resolve_names([parent], store.units, geography=geography, level=sorted(wanted) or None)["unit_id"][0]
    return found or parent


def _unit_column(table: Table, store: Store, geography: str | None, levels: list[str],
                 taken: set[int]) -> tuple[int, list[str], int, int] | None:
    """``(column, matched ids, names found, names tried)`` of the column resolving best."""
    ranked = []
    for j, h in enumerate(table.headers):
        values, key = _column(table, j), fold(h or "")
        if j in taken or key in _NUMBERING or not values or (_numeric(values) and key not in _ROLES["unit"]):
            continue
        sample = list(dict.fromkeys(values))[:200]
        out = resolve_names(sample, store.units, geography=geography, level=levels)
        ids = out.filter(out["status"] == "matched")["unit_id"].to_list()
        found = int((out["status"] != "not_found").sum())
        ranked.append(((len(ids), found, key in _ROLES["unit"], -j), j, ids, found, len(sample)))
    return max(ranked)[1:] if ranked else None


def _match(table: Table, vocab: dict[str, Vocabulary], roles: dict[str, int], long: bool):
    """Per index: ``{column (wide) or row (long): id}`` and its strength (matches, confirmed)."""
    matches, strength = {}, {}
    skip = {roles.get(r) for r in ("unit", "period", "n", "se")}
    for i, v in vocab.items():
        found: dict[int, str] = {}
        texts = enumerate(_column(table, roles["indicator"]) if long else table.headers)
        hits = [(j, v.match(text)) for j, text in texts if long or j not in skip]
        for j, (ident, _) in hits:
            if ident and (long or ident not in found.values()):
                found[j] = ident
        matches[i], strength[i] = found, (len(found), sum(strong for j, (_, strong) in hits if j in found))
    return matches, strength


def propose_mapping(table: Table, store: Store, *, index: str | None = None, period: str | None = None,
                    parent: str | None = None, lang: str = "vi") -> tuple[Mapping, list[str]]:
    """A mapping of ``table`` and the notes for the user to confirm (rules in the module docstring)."""
    mapping, notes, _ = propose(table, store, index=index, period=period, parent=parent, lang=lang)
    return mapping, notes


def propose(table: Table, store: Store, *, index: str | None = None, period: str | None = None,
            parent: str | None = None, lang: str = "vi") -> tuple[Mapping, list[str], list[str]]:
    """:func:`propose_mapping`, and the other indices that fit the table exactly as well as the one
    proposed (empty unless the index was left to recognise and the table cannot tell them apart:
    :mod:`~cchc.intake.recognition`)."""
    notes: list[str] = []
    roles = _roles(table.headers)
    long = "indicator" in roles and "value" in roles
    defs = {index: store.definition(index)} if index else dict(sorted(store.definitions.items()))
    matches, strength = _match(table, {i: Vocabulary(d) for i, d in defs.items()}, roles, long)
    keys = {i: vocabulary_key(table, defs[i], *strength[i]) for i in defs}
    tied = [i for i in defs if keys[i] == max(keys.values())]
    if long:
        notes.append(word("note.long", lang))

    period_column = None
    if not period and (period := find_period(table.title)):
        notes.append(word("note.period_title", lang, period=period_label(period, lang)))
    elif not period and "period" in roles and all(find_period(v) for v in _column(table, roles["period"])[:20]):
        period_column = roles["period"]
        notes.append(word("note.period_column", lang, column=_echo(table.headers[period_column])))
    elif not period:
        notes.append(word("note.no_period", lang))
    geography = geography_of(period) if period else None

    taken = {roles.get(r) for r in ("period", "n", "se", "indicator", "value")} | {
        j for i in tied for j in (() if long else matches[i])}
    found = _unit_column(table, store, geography, sorted({lv for i in tied for lv in defs[i].levels}), taken)
    unit_column, unit_ids = (found[0], found[1]) if found else (roles.get("unit", 0), [])
    if found:
        notes.append(word("note.unit_column", lang, column=_echo(table.headers[unit_column]), count=found[2],
                          total=found[3]))

    level_of = dict(zip(store.units["unit_id"].to_list(), store.units["level"].to_list()))
    level = Counter(level_of[u] for u in unit_ids).most_common(1)[0][0] if unit_ids else None
    fits = {i: fit_key(table, defs[i], matches[i], strength[i][0], level, long) for i in tied}
    chosen = [i for i in tied if fits[i] == max(fits.values())]
    best = strength[chosen[0]]
    index = chosen[0]
    if best[0]:
        notes.append(word("note.index", lang, index=defs[index].short(lang), count=best[0],
                          total=len(table.headers) if not long else len(_column(table, roles["indicator"]))))
        if len(chosen) > 1:
            notes.append(word("note.index_tie", lang, others=", ".join(defs[i].short(lang) for i in chosen[1:])))
    else:
        notes.append(word("note.index_unknown", lang))
    others = chosen[1:] if best[0] else []

    wanted = parent_levels([level] if level else defs[index].levels)
    if parent:
        parent = resolve_parent(parent, store, geography, wanted)
    elif wanted:
        parent, key = _parent(table, store, geography, wanted, unit_ids, level_of)
        if parent:
            notes.append(word(key, lang, name=unit_label(store.units, parent, lang, full=True)))

    indicators = {} if long else matches[index]
    m = Mapping(index=index, layout="long" if long else "wide", unit_column=unit_column, period=period,
                period_column=roles.get("period") if long and not period else period_column, indicators=indicators,
                indicator_column=roles.get("indicator") if long else None,
                value_column=roles.get("value") if long else None, n_column=roles.get("n"),
                se_column=roles.get("se"), parent=parent, headers=tuple(table.headers))
    unmapped = [f"“{_echo(h)}”" for j, h in enumerate(table.headers) if j not in used_columns(m)
                and fold(h or "") not in _NUMBERING | _ROLES["unit"] and _column(table, j)]
    if unmapped:
        notes.append(word("note.unmapped", lang, columns=", ".join(unmapped)))
    return m, notes, others


def mapping_to_dict(mapping: Mapping) -> dict[str, Any]:
    """A saved mapping: plain YAML-safe values (indicator columns keyed by their number as text).

    >>> m = Mapping(index="papi", layout="wide", unit_column=1, indicators={2: "papi.6"}, headers=("STT", "Tỉnh", "D6"))
    >>> mapping_from_dict(mapping_to_dict(m)) == m
    True
    """
    out = asdict(mapping)
    out["indicators"] = {str(k): v for k, v in mapping.indicators.items()}
    out["headers"] = list(mapping.headers)
    return out


def mapping_from_dict(data: dict[str, Any]) -> Mapping:
    """The :class:`Mapping` of a saved dict; ``ValueError`` names what is wrong."""
    try:
        fields = dict(data)
        fields["indicators"] = {int(k): str(v) for k, v in (fields.get("indicators") or {}).items()}
        fields["units"] = {str(k): str(v) for k, v in (fields.get("units") or {}).items()}
        fields["headers"] = tuple(str(h) for h in fields.get("headers") or ())
        mapping = Mapping(**fields)
    except (TypeError, ValueError, AttributeError) as err:
        raise ValueError(f"not a saved mapping: {err}") from None
    if mapping.layout not in ("wide", "long") or not isinstance(mapping.unit_column, int):
        raise ValueError(f"not a saved mapping: layout {mapping.layout!r}, unit column {mapping.unit_column!r}")
    return mapping


def used_columns(mapping: Mapping) -> set[int]:
    """The columns a mapping reads."""
    return {mapping.unit_column, *mapping.indicators} | {
        c for c in (mapping.period_column, mapping.indicator_column, mapping.value_column,
                    mapping.n_column, mapping.se_column) if c is not None}


def same_shape(mapping: Mapping | dict[str, Any], table: Table) -> bool:
    """Whether a saved mapping fits ``table``: every column it reads exists and has the same header
    (folded) as in the file the mapping was made for. A mapping without recorded headers only
    needs its columns to exist.

    >>> t = Table(sheet="", title="", headers=["Tỉnh", "D6"], header_row_numbers=[1], rows=[], row_numbers=[])
    >>> m = Mapping(index="papi", layout="wide", unit_column=0, indicators={1: "papi.6"}, headers=("TỈNH", "d6"))
    >>> same_shape(m, t), same_shape(Mapping(index="papi", layout="wide", unit_column=0, indicators={2: "x"}), t)
    (True, False)
    """
    m = mapping_from_dict(mapping) if isinstance(mapping, dict) else mapping
    cols = used_columns(m)
    if max(cols) >= len(table.headers):
        return False
    return all(c >= len(m.headers) or fold(m.headers[c] or "") == fold(table.headers[c] or "") for c in cols)
