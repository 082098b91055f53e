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
>>> expand_abbreviation("TT.Vương"), expand_abbreviation("Q. 1"), expand_abbreviation("TT-Huế")
('Thị trấn Vương', 'Quận 1', None)
"""

from __future__ import annotations

import difflib
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

# Abbreviated type words of district and commune reports ("TT. Vương", "X.Hải Thắng", "Q.1"):
# tried only when the name as written finds nothing ("TT-Huế" stays Thừa Thiên Huế).
ABBREVIATIONS: dict[str, str] = {
    "tt": "Thị trấn", "tx": "Thị xã", "tp": "Thành phố", "p": "Phường", "x": "Xã", "h": "Huyện", "q": "Quận",
}
_ABBREVIATED = re.compile(r"^\s*(tt|tx|tp|p|x|h|q)(\.\s*|\s+)(?=\w)(.+)$", re.IGNORECASE)

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


def expand_abbreviation(text: str | None) -> str | None:
    """``text`` with its abbreviated type word written out (``"TX. Mỹ Hào"`` -> ``"Thị xã Mỹ Hào"``),
    or ``None`` when it does not start with one of :data:`ABBREVIATIONS` followed by a dot or a space."""
    m = _ABBREVIATED.match(text or "")
    return f"{ABBREVIATIONS[m.group(1).lower()]} {m.group(3).strip()}" if m else None


def _abbreviated_first(text: str) -> bool:
    """Whether the written-out type word is tried before the name as written: after a dot or a
    single letter ("P. Hồng Châu" is not "Phong Châu"); "TT Huế" is tried as written first."""
    m = _ABBREVIATED.match(text)
    return bool(m) and ("." in m.group(2) or len(m.group(1)) == 1)


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
    "Huyện", "Xã", "... Province"), the type word then restricting the level
    but not the type: a type that changed ("Xã Tam Hồng" for what was "Thị
    trấn Tam Hồng" until 2025) is found when no unit of the written type has
    that name in scope, and several such units are ``ambiguous``, never a
    guess. An abbreviated type word ("TT. Vương", "TT Vương", "TT.Vương" ->
    "Thị trấn Vương"; "TX.", "TP.", "P.", "X.", "H.", "Q.":
    :data:`ABBREVIATIONS`) is written out, and that spelling tried first when
    the abbreviation has a dot or is one letter ("P. Hồng Châu" is a ward, not
    "Phong Châu"), else after the name as written ("TT Huế" stays an alias).
    :data:`ALIASES` adds other abbreviations. ``geography``, ``level`` (one value or several)
    and ``parent_id`` (any ancestor) narrow the candidates.

    >>> units = pl.DataFrame({"unit_id": ["vn63:province:33", "vn34:province:33", "vn34:province:46"],
    ...     "gso_code": ["33", "33", "46"], "level": ["province"] * 3, "geography": ["vn63", "vn34", "vn34"],
    ...     "name_vi": ["Tỉnh Hưng Yên"] * 2 + ["Thành phố Huế"], "short_vi": ["Hưng Yên"] * 2 + ["Huế"],
    ...     "name_en": ["Hung Yen Province"] * 2 + ["Hue City"], "short_en": ["Hung Yen"] * 2 + ["Hue"]})
    >>> resolve_names(["Hưng Yên"], units, level="province")["candidates"].to_list()[0]
    ['vn34:province:33', 'vn63:province:33']
    >>> resolve_names(["TT-Huế"], units, geography="vn34")["unit_id"][0]
    'vn34:province:46'
    >>> resolve_names(["TP.Huế"], units)["unit_id"][0]
    'vn34:province:46'
    """
    inputs = list(names)
    scoped = _scope(units, geography, level, parent_id)
    index, level_of = _unit_index(scoped)
    aliases = _alias_index()

    def lookup(key: str) -> set[str]:
        found = set(index.get(key, ())) | set(index.get(key.lower(), ()))
        return found | {u for u in aliases.get(key, ()) if u in level_of}

    def candidates(text: str) -> set[str]:
        rest, hint = _split_type(text)
        bare = "".join(rest)

        def fits(ids: Iterable[str]) -> set[str]:
            return {u for u in ids if u in level_of and (hint is None or level_of[u] in hint)}

        # the full spelling, and aliases with or without the type word ("Tỉnh TT-Huế")
        found = lookup(_key(text)) | lookup(text.lower()) | fits(aliases.get(bare, ()))
        # then the name without its type word, at the levels it allows (any type of that level)
        return found or fits(lookup(bare))

    out_ids, out_status, out_cands = [], [], []
    for text in inputs:
        found: set[str] = set()
        if text is not None and str(text).strip():
            text = str(text).strip()
            expanded = expand_abbreviation(text)
            first, then = (expanded, text) if expanded and _abbreviated_first(text) else (text, expanded)
            found = candidates(first) or (candidates(then) if then else set())
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


def closest_names(
    name: str | None,
    units: pl.DataFrame,
    *,
    geography: str | Iterable[str] | None = None,
    level: str | Iterable[str] | None = None,
    parent_id: str | None = None,
    limit: int = 3,
) -> list[str]:
    """Ids of the units in scope whose names are closest to ``name`` (for a name not found),
    best first: names compared folded (:func:`cchc.folding.fold`, type word removed), at
    least 60% alike. Empty when nothing is close.

    >>> units = pl.DataFrame({"unit_id": ["a", "b"], "level": ["commune"] * 2, "geography": ["vn63"] * 2,
    ...     "short_vi": ["Hải Thắng", "Thủ Sỹ"], "name_vi": ["Xã Hải Thắng", "Xã Thủ Sỹ"]})
    >>> closest_names("Xã Hải Thắnh", units), closest_names("Atlantis", units)
    (['a'], [])
    """
    wanted = "".join(_split_type(str(name or ""))[0])
    if not wanted:
        return []
    scoped = _scope(units, geography, level, parent_id)
    keys: dict[str, set[str]] = {}
    for uid, short in scoped.select("unit_id", fold_expr("short_vi").alias("k")).iter_rows():
        keys.setdefault(short, set()).add(uid)
    close = difflib.get_close_matches(wanted, list(keys), n=limit, cutoff=0.6)
    return [uid for k in close for uid in sorted(keys[k])][:limit]


def type_phrases(text: str | None, levels: Iterable[str], max_words: int = 4) -> list[list[str]]:
    """Where ``text`` (a title) names a unit by its type word, for the types of ``levels``: one list
    per place, the spellings to try longest first ("Huyện Tiên Lữ Tháng", "Huyện Tiên Lữ",
    "Huyện Tiên"). A phrase stops at punctuation or a number.

    >>> type_phrases("BÁO CÁO CÁC XÃ HUYỆN TIÊN LỮ THÁNG 5/2024", ["district"], max_words=3)
    [['huyện tiên lữ tháng', 'huyện tiên lữ', 'huyện tiên']]
    """
    wanted = set(levels)
    types = [vi.split() for vi, _, lv in _PREFIXES if lv & wanted]
    out: list[list[str]] = []
    cleaned = re.sub(r"\btp\.\s*", "tp ", unicodedata.normalize("NFC", text or "").lower())
    for segment in re.split(r"[^\w\s]+|\n", cleaned):
        words = segment.split()
        for i in range(len(words)):
            for pre in types:
                if words[i:i + len(pre)] != pre:
                    continue
                rest = []
                for w in words[i + len(pre):i + len(pre) + max_words]:
                    if any(ch.isdigit() for ch in w):
                        break
                    rest.append(w)
                if rest:
                    out.append([" ".join(pre + rest[:k]) for k in range(len(rest), 0, -1)])
    return out
