"""The definition parser: raw YAML dicts -> validated :class:`cchc.definition_types.IndexDef`.

Every problem raises :class:`cchc.definition_types.DefinitionError` naming the file
(or the index id), the node's indicator id and the field. Unknown fields are
errors too, so that a typo (``agregate``) never silently falls back to a
default. Use :func:`cchc.definitions.parse_definition`, not this module.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cchc.definition_types import Band, DefinitionError, IndexDef, Node, Reexpress, Scale, Text
from cchc.words import pair

FAMILIES = ("papi", "par", "sipas", "svc766", "custom")
AGGREGATES = ("sum", "mean", "weighted_mean", "pct_of_max")
MISSING = ("propagate", "skip", "rescale")
KINDS = ("input", "ratio")
DIRECTIONS = ("higher", "lower")
GRAINS = ("year", "quarter", "month")
LEVELS = ("province", "district", "commune", "department", "ministry")
GROUPS = ("quartile", "bands", "none")
REEXPRESS_RULES = ("weighted_mean", "sum", "none")
ZERO_POLICIES = ("missing", "full", "zero")

NODE_KEYS = {"code", "name", "short", "kind", "aggregate", "missing", "min_present", "weight",
             "components", "numerator", "denominator", "complement", "target", "max_points",
             "if_denominator_zero", "scale", "decimals", "direction", "unit", "notes"}
ROOT_KEYS = {"id", "family", "name", "short", "unit", "decimals", "direction", "scale", "levels",
             "grain", "aggregate", "missing", "min_present", "groups", "bands", "reexpress",
             "source", "method", "notes", "components", "_file"}
RATIO_KEYS = ("numerator", "denominator", "complement", "target", "max_points", "if_denominator_zero")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
_RAW_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:\-]*$")


class _Ctx:
    """Where we are (file, node) and the ids seen so far."""

    def __init__(self, where: str, index_id: str) -> None:
        self.where, self.index_id = where, index_id
        self.seen: set[str] = set()

    def error(self, node: str | None, fld: str | None, problem: str) -> DefinitionError:
        return DefinitionError(self.where, node, fld, problem)


def build_index(raw: Mapping[str, Any]) -> IndexDef:
    if not isinstance(raw, Mapping):
        raise DefinitionError("<definition>", None, None, f"must be a mapping, got {type(raw).__name__}")
    index_id = raw.get("id")
    where = str(raw.get("_file") or f"index {index_id!r}")
    if not isinstance(index_id, str) or not _ID.match(index_id):
        raise DefinitionError(where, None, "id", f"must be lower-case letters, digits or _, got {index_id!r}")
    ctx = _Ctx(where, index_id)
    _unknown(ctx, index_id, raw, ROOT_KEYS)
    family = _choice(ctx, index_id, raw, "family", FAMILIES, "custom")
    name = _text(ctx, index_id, raw, "name", required=True)
    levels = [raw["levels"]] if isinstance(raw.get("levels"), str) else raw.get("levels")
    if not isinstance(levels, list) or not levels:
        raise ctx.error(index_id, "levels", f"must be a non-empty list of {', '.join(LEVELS)}")
    bad = [lv for lv in levels if lv not in LEVELS]
    if bad:
        raise ctx.error(index_id, "levels", f"unknown level {bad[0]!r} (expected {', '.join(LEVELS)})")
    grain = _choice(ctx, index_id, raw, "grain", GRAINS, None)
    bands = _bands(ctx, raw.get("bands"))
    groups = _choice(ctx, index_id, raw, "groups", GROUPS, "bands" if bands else "none")
    if groups == "bands" and not bands:
        raise ctx.error(index_id, "bands", "groups is 'bands' but no bands are given")
    if "components" not in raw:
        raise ctx.error(index_id, "components", "an index needs components")
    inherited = {"decimals": 2, "direction": "higher", "unit": Text(**pair("default_unit"))}
    root = _node(ctx, raw, None, 0, inherited)
    index = IndexDef(
        id=index_id, family=family, name=name,
        short_name=_text(ctx, index_id, raw, "short") or name, unit_text=root.unit,
        levels=tuple(levels), grain=grain, groups=groups, bands=bands,
        reexpress=_reexpress(ctx, raw.get("reexpress")), root=root,
        source_text=_text(ctx, index_id, raw, "source"), method_text=_text(ctx, index_id, raw, "method"),
        notes_text=_text(ctx, index_id, raw, "notes"), file=raw.get("_file"),
    )
    for node in index.nodes():  # ratios take raw inputs, not nodes of this index
        for key, item in [("numerator", i) for i in node.numerator] + [("denominator", i) for i in node.denominator]:
            if item in index:
                raise ctx.error(node.indicator_id, key, f"{item!r} is a node of this index; "
                                "ratios take raw inputs such as onestop.received")
    return index


def _node(ctx: _Ctx, raw: Any, parent: Mapping[str, Any] | None, depth: int,
          inherited: dict[str, Any]) -> Node:
    if parent is None:
        node_id, code = ctx.index_id, None
    else:
        if not isinstance(raw, Mapping):
            raise ctx.error(parent["id"], "components", f"each component must be a mapping, got {raw!r}")
        code = _code(ctx, parent["id"], raw.get("code"))
        node_id = f"{ctx.index_id}.{code}"
        _unknown(ctx, node_id, raw, NODE_KEYS)
    if node_id in ctx.seen:
        raise ctx.error(node_id, "code", f"duplicate code {code!r}")
    ctx.seen.add(node_id)
    name = _text(ctx, node_id, raw, "name", required=True)
    decimals = raw.get("decimals", inherited["decimals"])
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 10:
        raise ctx.error(node_id, "decimals", f"must be an integer 0–10, got {decimals!r}")
    direction = _choice(ctx, node_id, raw, "direction", DIRECTIONS, inherited["direction"])
    unit = _text(ctx, node_id, raw, "unit") or inherited["unit"]
    scale = _scale(ctx, node_id, raw.get("scale"))
    comps = raw.get("components")
    kind = raw.get("kind")
    common = dict(indicator_id=node_id, code=code, name=name, short=_text(ctx, node_id, raw, "short"),
                  decimals=decimals, direction=direction, unit=unit, scale=scale,
                  parent_id=parent["id"] if parent else None, depth=depth,
                  weight=_weight(ctx, node_id, raw, parent), notes=_text(ctx, node_id, raw, "notes"))
    if comps is not None:
        if kind is not None and kind != "composite":
            raise ctx.error(node_id, "kind", f"a node with components cannot be of kind {kind!r}")
        for key in RATIO_KEYS:
            if key in raw:
                raise ctx.error(node_id, key, "only ratio leaves take this field (the node has components)")
        if not isinstance(comps, list) or not comps:
            raise ctx.error(node_id, "components", "must be a non-empty list")
        aggregate = _choice(ctx, node_id, raw, "aggregate", AGGREGATES, "sum")
        missing = _choice(ctx, node_id, raw, "missing", MISSING, "propagate")
        me = {"id": node_id, "aggregate": aggregate}
        sub = {"decimals": decimals, "direction": direction, "unit": unit}
        children = tuple(_node(ctx, c, me, depth + 1, sub) for c in comps)
        min_present = _min_present(ctx, node_id, raw, missing, len(children))
        uses = "pct_of_max" if aggregate == "pct_of_max" else "sum with rescale" if missing == "rescale" \
            and aggregate == "sum" else None
        for c in children if uses else ():
            if c.max_points is None:
                raise ctx.error(c.indicator_id, "scale", f"needs a maximum (scale.max or max_points): "
                                f"{node_id} uses {uses}")
        return Node(kind="composite", max_points=_derived_max(scale, aggregate, children),
                    aggregate=aggregate, missing=missing, min_present=min_present, components=children,
                    **common)
    for key in ("aggregate", "missing", "min_present"):
        if key in raw:
            raise ctx.error(node_id, key, "only nodes with components take this field")
    if parent is None:
        raise ctx.error(node_id, "components", "an index needs components")
    kind = kind if kind is not None else "input"
    if kind not in KINDS:
        raise ctx.error(node_id, "kind", f"unknown kind {kind!r} (expected {', '.join(KINDS)})")
    if kind == "input":
        for key in RATIO_KEYS:
            if key in raw:
                raise ctx.error(node_id, key, "only ratio leaves take this field (add kind: ratio)")
        return Node(kind="input", max_points=scale.max if scale else None, **common)
    return _ratio(ctx, node_id, raw, scale, common)


def _ratio(ctx: _Ctx, node_id: str, raw: Mapping[str, Any], scale: Scale | None,
           common: dict[str, Any]) -> Node:
    numerator = _raw_ids(ctx, node_id, raw, "numerator")
    denominator = _raw_ids(ctx, node_id, raw, "denominator")
    complement = raw.get("complement", False)
    if not isinstance(complement, bool):
        raise ctx.error(node_id, "complement", f"must be true or false, got {complement!r}")
    target = raw.get("target")
    if target is not None and (not _is_number(target) or not 0 < target <= 1):
        raise ctx.error(node_id, "target", f"must be a fraction in (0, 1], got {target!r}")
    max_points = raw.get("max_points")
    if max_points is not None:
        if not _is_number(max_points) or max_points <= 0:
            raise ctx.error(node_id, "max_points", f"must be a positive number, got {max_points!r}")
        if scale is not None and abs(scale.max - max_points) > 1e-9:
            raise ctx.error(node_id, "max_points", f"{max_points} differs from scale.max {scale.max}")
    resolved = float(max_points) if max_points is not None else (scale.max if scale else 1.0)
    zero = _choice(ctx, node_id, raw, "if_denominator_zero", ZERO_POLICIES, "missing")
    return Node(kind="ratio", max_points=resolved, numerator=numerator, denominator=denominator,
                complement=complement, target=float(target) if target is not None else None,
                if_denominator_zero=zero, **common)


def _derived_max(scale: Scale | None, aggregate: str, children: tuple[Node, ...]) -> float | None:
    if scale is not None:
        return scale.max
    if aggregate == "pct_of_max":
        return 100.0
    maxima = [c.max_points for c in children]
    if any(m is None for m in maxima):
        return None
    if aggregate == "sum":
        return float(sum(maxima))  # type: ignore[arg-type]
    return maxima[0] if len(set(maxima)) == 1 else None


def _code(ctx: _Ctx, parent_id: str, code: Any) -> str:
    if isinstance(code, bool) or code is None:
        raise ctx.error(parent_id, "components", f"a component has no code (got {code!r})")
    if isinstance(code, float):
        raise ctx.error(parent_id, "code", f"code {code!r} must be quoted (\"{code}\"): "
                        "a number like 6.10 would read as 6.1")
    code = str(code)
    if not _CODE.match(code):
        raise ctx.error(parent_id, "code", f"invalid code {code!r} (letters, digits, '.', '_', '-')")
    return code


def _weight(ctx: _Ctx, node_id: str, raw: Mapping[str, Any], parent: Mapping[str, Any] | None) -> float | None:
    weighted = parent is not None and parent["aggregate"] == "weighted_mean"
    weight = raw.get("weight")
    if weight is None:
        if weighted:
            raise ctx.error(node_id, "weight", f"required: {parent['id']} is a weighted_mean (every component needs a weight)")  # type: ignore[index]
        return None
    if not weighted:
        raise ctx.error(node_id, "weight", "only components of a weighted_mean take a weight")
    if not _is_number(weight) or weight <= 0:
        raise ctx.error(node_id, "weight", f"must be a positive number, got {weight!r}")
    return float(weight)


def _min_present(ctx: _Ctx, node_id: str, raw: Mapping[str, Any], missing: str, n: int) -> int | None:
    value = raw.get("min_present")
    if value is None:
        return None
    if missing == "propagate":
        raise ctx.error(node_id, "min_present", "needs missing: skip or rescale")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= n:
        raise ctx.error(node_id, "min_present", f"must be an integer 1–{n} (number of components), got {value!r}")
    return value


def _raw_ids(ctx: _Ctx, node_id: str, raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        raise ctx.error(node_id, key, "a ratio leaf needs a numerator and a denominator")
    ids = [value] if isinstance(value, str) else value
    if not isinstance(ids, list) or not ids:
        raise ctx.error(node_id, key, f"must be an indicator id or a non-empty list of them, got {value!r}")
    for item in ids:
        if not isinstance(item, str) or not _RAW_ID.match(item):
            raise ctx.error(node_id, key, f"invalid indicator id {item!r}")
    return tuple(ids)


def _scale(ctx: _Ctx, node_id: str, value: Any) -> Scale | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or set(value) - {"min", "max"} or "max" not in value:
        raise ctx.error(node_id, "scale", f"must be {{min, max}}, got {value!r}")
    lo, hi = value.get("min"), value["max"]
    if not _is_number(hi) or (lo is not None and not _is_number(lo)):
        raise ctx.error(node_id, "scale", f"min and max must be numbers, got {value!r}")
    if lo is not None and lo >= hi:
        raise ctx.error(node_id, "scale", f"min {lo} must be below max {hi}")
    return Scale(float(lo) if lo is not None else None, float(hi))


def _bands(ctx: _Ctx, value: Any) -> tuple[Band, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        raise ctx.error(ctx.index_id, "bands", "must be a non-empty list of {code, vi, en, min}, highest first")
    out: list[Band] = []
    for i, b in enumerate(value, start=1):
        if not isinstance(b, Mapping) or set(b) - {"code", "vi", "en", "min"} or not b.get("code") or not b.get("vi"):
            raise ctx.error(ctx.index_id, "bands", f"band #{i} must be {{code, vi, en, min}}, got {b!r}")
        lo = b.get("min")
        if lo is not None and not _is_number(lo):
            raise ctx.error(ctx.index_id, "bands", f"band {b['code']!r}: min must be a number or null, got {lo!r}")
        if out and out[-1].min is None:
            raise ctx.error(ctx.index_id, "bands", f"band {b['code']!r} follows the catch-all band "
                            f"{out[-1].code!r} (min null must come last)")
        if out and lo is not None and lo >= out[-1].min:  # type: ignore[operator]
            raise ctx.error(ctx.index_id, "bands", f"bands must be highest first: {b['code']!r} (min {lo}) "
                            f"after {out[-1].code!r} (min {out[-1].min})")
        if any(o.code == str(b["code"]) for o in out):
            raise ctx.error(ctx.index_id, "bands", f"duplicate band code {b['code']!r}")
        out.append(Band(str(b["code"]), str(b["vi"]), b.get("en"), float(lo) if lo is not None else None))
    return tuple(out)


def _reexpress(ctx: _Ctx, value: Any) -> Reexpress:
    if value is None:
        return Reexpress("none")
    if not isinstance(value, Mapping) or set(value) - {"rule", "weight"}:
        raise ctx.error(ctx.index_id, "reexpress", f"must be {{rule, weight}}, got {value!r}")
    rule = value.get("rule")
    if rule not in REEXPRESS_RULES:
        raise ctx.error(ctx.index_id, "reexpress", f"unknown rule {rule!r} (expected {', '.join(REEXPRESS_RULES)})")
    weight = value.get("weight")
    if rule == "weighted_mean":
        ok = weight in ("sample_size", "equal") or (isinstance(weight, str) and weight.startswith("indicator:")
                                                    and len(weight) > len("indicator:"))
        if not ok:
            raise ctx.error(ctx.index_id, "reexpress", "weighted_mean needs weight: sample_size, equal "
                            f"or indicator:<id>, got {weight!r}")
    elif weight is not None:
        raise ctx.error(ctx.index_id, "reexpress", f"rule {rule!r} takes no weight")
    return Reexpress(rule, weight)


def _text(ctx: _Ctx, node_id: str, raw: Mapping[str, Any], key: str, required: bool = False) -> Text | None:
    value = raw.get(key)
    if value is None:
        if required:
            raise ctx.error(node_id, key, "is required ({vi: ..., en: ...})")
        return None
    if isinstance(value, str) and value.strip():
        return Text(value)
    if isinstance(value, Mapping) and not set(value) - {"vi", "en"} and isinstance(value.get("vi"), str) \
            and value["vi"].strip() and isinstance(value.get("en"), (str, type(None))):
        return Text(value["vi"], value.get("en") or None)
    raise ctx.error(node_id, key, f"must be {{vi: ..., en: ...}} with a Vietnamese text, got {value!r}")


def _choice(ctx: _Ctx, node_id: str, raw: Mapping[str, Any], key: str, allowed: tuple[str, ...],
            default: str | None) -> str:
    value = raw.get(key, default)
    if value is None:
        raise ctx.error(node_id, key, f"is required (one of {', '.join(allowed)})")
    if value not in allowed:
        raise ctx.error(node_id, key, f"unknown {key} {value!r} (expected {', '.join(allowed)})")
    return value


def _unknown(ctx: _Ctx, node_id: str, raw: Mapping[str, Any], allowed: set[str]) -> None:
    extra = sorted(str(k) for k in raw if k not in allowed)
    if extra:
        raise ctx.error(node_id, extra[0], f"unknown field (allowed: {', '.join(sorted(allowed - {'_file'}))})")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
