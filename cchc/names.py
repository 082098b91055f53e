"""Name resolution: the many spellings of a unit's name -> unit ids.

Names arrive as "Thừa Thiên Huế", "TT-Huế", "Tỉnh Thừa Thiên Huế",
"Thua Thien Hue", "TP. Hồ Chí Minh", "Ho Chi Minh City", "HCMC" ... Official
GSO codes identify units; names do not. :func:`resolve_names` therefore never
guesses: a name that fits several units comes back ``ambiguous`` with every
candidate listed, and the caller narrows the scope (geography, level, parent).

>>> normalise_name("Tỉnh Thừa Thiên - Huế")
'thua thien hue'
>>> normalise_name("TP. Hồ Chí Minh")
'ho chi minh'
>>> normalise_name("Quận 1")          # a bare number keeps its type word
'quan 1'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import polars as pl

from cchc.folding import fold, fold_expr, strip_marks
from cchc.units import descendant_ids, restrict

# Leading type words: (Vietnamese spelling, ASCII spelling, levels it hints at).
# An accented input must spell the prefix with its accents ("Quan Hóa" is a
# district name, not "Quận Hóa"); an all-ASCII input matches the ASCII form.
_P, _D, _C = "province", "district", "commune"
_PREFIXES: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("thành phố", "thanh pho", frozenset({_P, _D})),
    ("tp", "tp", frozenset({_P, _D})),
    ("tỉnh", "tinh", frozenset({_P})),
    ("quận", "quan", frozenset({_D})),
    ("huyện", "huyen", frozenset({_D})),
    ("thị xã", "thi xa", frozenset({_D})),
    ("thị trấn", "thi tran", frozenset({_C})),
    ("xã", "xa", frozenset({_C})),
    ("phường", "phuong", frozenset({_C})),
    ("đặc khu", "dac khu", frozenset({_C})),
)
# Trailing English type words (after diacritics are stripped).
_SUFFIXES: tuple[tuple[str, frozenset[str]], ...] = (
    ("special zone", frozenset({_C})),
    ("province", frozenset({_P})),
    ("city", frozenset({_P, _D})),
    ("district", frozenset({_D})),
    ("town", frozenset({_D})),
    ("township", frozenset({_C})),
    ("commune", frozenset({_C})),
    ("ward", frozenset({_C})),
)

# Abbreviations and other spellings that the unit names do not contain.
# Keys are written as people write them; values are unit ids in either
# geography (scope filtering keeps the right one). Spellings that differ only
# in accents, spaces, hyphens or a type word need no entry.
ALIASES: dict[str, tuple[str, ...]] = {
    "TT-Huế": ("vn63:province:46", "vn34:province:46"),
    "TTH": ("vn63:province:46", "vn34:province:46"),
    "Thừa Thiên Huế": ("vn34:province:46",),   # the old name of today's Huế
    "Huế": ("vn63:province:46",),              # Thừa Thiên Huế was "Huế" colloquially
    "HCM": ("vn63:province:79", "vn34:province:79"),
    "HCMC": ("vn63:province:79", "vn34:province:79"),
    "TP.HCM": ("vn63:province:79", "vn34:province:79"),
    "TPHCM": ("vn63:province:79", "vn34:province:79"),
    "Sài Gòn": ("vn63:province:79", "vn34:province:79"),
    "Thành phố Sài Gòn": ("vn63:province:79", "vn34:province:79"),
    "BR-VT": ("vn63:province:77",),
    "BRVT": ("vn63:province:77",),
    "HN": ("vn63:province:01", "vn34:province:01"),
    "TP.HN": ("vn63:province:01", "vn34:province:01"),
    "HP": ("vn63:province:31", "vn34:province:31"),
    "Bắc Cạn": ("vn63:province:06",),
}

_WORD = re.compile(r"\w+")


def _tokens(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).lower().replace("_", " "))


def _split_type(text: str) -> tuple[list[str], frozenset[str] | None]:
    """ASCII tokens of ``text`` without its type word, and the levels it hints at."""
    words = _tokens(text)
    accented = any(not w.isascii() for w in words)
    plain = [strip_marks(w) for w in words]
    hint: frozenset[str] | None = None
    rest = plain
    for vi, ascii_, levels in _PREFIXES:
        pre = (vi if accented else ascii_).split()
        if len(words) > len(pre) and words[: len(pre)] == pre:
            rest, hint = plain[len(pre):], levels
            break
    else:
        for suffix, levels in _SUFFIXES:
            suf = suffix.split()
            if len(rest) > len(suf) and rest[-len(suf):] == suf:
                rest, hint = rest[: -len(suf)], levels
                break
    if rest and all(w.isdigit() for w in rest):  # "Quận 1", "Phường 14"
        rest = plain
    return rest, hint


def normalise_name(text: str | None) -> str | None:
    """Lower-case, accent-free, punctuation-free name without its type word.

    ``None`` stays ``None``. ``"Huyện Tiên Lữ"`` -> ``"tien lu"``,
    ``"Bà Rịa–Vũng Tàu"`` -> ``"ba ria vung tau"``, ``"Hung Yen Province"`` ->
    ``"hung yen"``.
    """
    if text is None:
        return None
    return " ".join(_split_type(text)[0])


def _key(text: str | None) -> str:
    """Compact matching key: accent-free, no spaces ("Hanoi" == "Hà Nội")."""
    return fold(text) if text else ""


def _alias_index() -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for spelling, ids in ALIASES.items():
        index.setdefault(_key(spelling), set()).update(ids)
    return index


def _unit_index(units: pl.DataFrame) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Key -> unit ids over every name column, the GSO code, the id and its slug."""
    index: dict[str, set[str]] = {}
    level_of: dict[str, str] = {}
    folded = [fold_expr(c).alias(c) for c in ("name_vi", "short_vi", "name_en", "short_en")]
    for uid, code, level, *names in units.select("unit_id", "gso_code", "level", *folded).iter_rows():
        level_of[uid] = level
        keys = set(names)
        keys.add(uid.lower())
        if code:
            keys.add(code)
        else:  # departments and ministries: match "33.snv", "snv", "bnv"
            tail = uid.rsplit(":", 1)[-1]
            keys |= {_key(tail), _key(tail.rsplit(".", 1)[-1])}
        for k in keys - {""}:
            index.setdefault(k, set()).add(uid)
    return index, level_of


def _scope(units: pl.DataFrame, geography, level, parent_id) -> pl.DataFrame:
    if parent_id is not None:
        units = units.filter(pl.col("unit_id").is_in(sorted(descendant_ids(units, parent_id))))
    return restrict(units, geography=geography, level=level)


def resolve_names(
    names: Sequence[str | None] | pl.Series,
    units: pl.DataFrame,
    *,
    geography: str | Iterable[str] | None = None,
    level: str | Iterable[str] | None = None,
    parent_id: str | None = None,
) -> pl.DataFrame:
    """Resolve free-text names (or GSO codes, unit ids, slugs) to unit ids.

    Returns one row per input, in order: ``input`` (str, as given),
    ``unit_id`` (str, null unless exactly one unit fits), ``status``
    (``matched`` | ``ambiguous`` | ``not_found``) and ``candidates`` (list of
    every fitting unit id, sorted; empty when not found). A null or blank input
    is ``not_found``.

    Matching ignores accents, case, punctuation and spaces ("Hanoi" = "Hà
    Nội"); the full spelling is tried first ("Quan Hóa" is a district, not
    "Quận Hóa"), then the name without its type word ("Tỉnh", "TP.",
    "Huyện", "Xã", "... Province"), the type word then restricting the level.
    :data:`ALIASES` adds abbreviations. ``geography``, ``level`` (one value or
    several) and ``parent_id`` (any ancestor) narrow the candidates.

    >>> units = pl.DataFrame({"unit_id": ["vn63:province:33", "vn34:province:33", "vn34:province:46"],
    ...     "gso_code": ["33", "33", "46"], "level": ["province"] * 3, "geography": ["vn63", "vn34", "vn34"],
    ...     "name_vi": ["Tỉnh Hưng Yên"] * 2 + ["Thành phố Huế"], "short_vi": ["Hưng Yên"] * 2 + ["Huế"],
    ...     "name_en": ["Hung Yen Province"] * 2 + ["Hue City"], "short_en": ["Hung Yen"] * 2 + ["Hue"]})
    >>> resolve_names(["Hưng Yên"], units, level="province")["candidates"].to_list()[0]
    ['vn34:province:33', 'vn63:province:33']
    >>> resolve_names(["TT-Huế"], units, geography="vn34")["unit_id"][0]
    'vn34:province:46'
    """
    inputs = list(names)
    scoped = _scope(units, geography, level, parent_id)
    index, level_of = _unit_index(scoped)
    aliases = _alias_index()

    def lookup(key: str) -> set[str]:
        found = set(index.get(key, ())) | set(index.get(key.lower(), ()))
        return found | {u for u in aliases.get(key, ()) if u in level_of}

    out_ids, out_status, out_cands = [], [], []
    for text in inputs:
        found: set[str] = set()
        if text is not None and str(text).strip():
            text = str(text).strip()
            rest, hint = _split_type(text)
            bare = "".join(rest)

            def fits(ids: Iterable[str]) -> set[str]:
                return {u for u in ids if u in level_of and (hint is None or level_of[u] in hint)}

            # the full spelling, and aliases with or without the type word ("Tỉnh TT-Huế")
            found = lookup(_key(text)) | lookup(text.lower()) | fits(aliases.get(bare, ()))
            if not found:  # then the name without its type word, at the levels it allows
                found = fits(lookup(bare))
        cands = sorted(found)
        out_cands.append(cands)
        out_ids.append(cands[0] if len(cands) == 1 else None)
        out_status.append("matched" if len(cands) == 1 else "ambiguous" if cands else "not_found")
    return pl.DataFrame(
        {"input": inputs, "unit_id": out_ids, "status": out_status, "candidates": out_cands},
        schema={"input": pl.String, "unit_id": pl.String, "status": pl.String,
                "candidates": pl.List(pl.String)},
    )


def resolve_name(name: str | None, units: pl.DataFrame, **scope) -> str | None:
    """The unit id of one name, or ``None`` when not found *or* ambiguous.

    Use :func:`resolve_names` when the caller must tell the two apart.
    """
    return resolve_names([name], units, **scope)["unit_id"][0]
