"""The frozen dataclasses of an index definition: :class:`IndexDef`, a tree of
:class:`Node`, and their parts (:class:`Text`, :class:`Scale`, :class:`Band`,
:class:`Reexpress`), with the accessors that charts, tables and the engine use.

They are built by :mod:`cchc.definition_parser` and imported from
:mod:`cchc.definitions` (which re-exports them); this module imports neither,
so the dependency goes one way: definitions -> parser -> types.

>>> Text("điểm", "points").get("en"), Text("điểm").get("en")
('points', 'điểm')
>>> Reexpress("weighted_mean", "indicator:onestop.received").weight_indicator
'onestop.received'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


class DefinitionError(ValueError):
    """A definition is malformed. The message names the file, the node and the field."""

    def __init__(self, where: str, node: str | None, fld: str | None, problem: str) -> None:
        self.file, self.node, self.field, self.problem = where, node, fld, problem
        parts = [where]
        if node:
            parts.append(f"node {node}")
        if fld:
            parts.append(f"field {fld!r}")
        super().__init__(": ".join(parts) + f": {problem}")


@dataclass(frozen=True)
class Text:
    """A bilingual text; ``get(lang)`` falls back to Vietnamese."""

    vi: str
    en: str | None = None

    def get(self, lang: str = "vi") -> str:
        return self.en if lang == "en" and self.en else self.vi

    def __str__(self) -> str:
        return self.vi


@dataclass(frozen=True)
class Scale:
    """Range of a node's values (``min`` may be None when not declared)."""

    min: float | None
    max: float


@dataclass(frozen=True)
class Band:
    """A named band; ``min`` None is the catch-all below the previous band."""

    code: str
    vi: str
    en: str | None
    min: float | None

    def label(self, lang: str = "vi") -> str:
        return self.en if lang == "en" and self.en else self.vi


@dataclass(frozen=True)
class Reexpress:
    """How history is re-expressed on today's units (see cchc.reexpress).

    ``rule``: weighted_mean | sum | none. ``weight`` (weighted_mean only):
    ``sample_size`` (the ``n`` column), ``equal`` or ``indicator:<id>``.
    """

    rule: str
    weight: str | None = None

    @property
    def weight_indicator(self) -> str | None:
        """The indicator id of an ``indicator:<id>`` weight, else None."""
        if self.weight and self.weight.startswith("indicator:"):
            return self.weight.split(":", 1)[1]
        return None


@dataclass(frozen=True)
class Node:
    """One node of an index tree.

    ``kind`` is ``composite`` (has components), ``input`` (observed leaf) or
    ``ratio`` (leaf computed from raw counts). ``max_points`` is the node's
    resolved maximum: a ratio's ``max_points``, else ``scale.max``, else
    derived from the children (sum of maxima for sum, 100 for pct_of_max,
    the common maximum for mean/weighted_mean) or None when unknown.
    ``decimals``, ``direction`` and ``unit`` are inherited from the parent
    when not declared on the node.
    """

    indicator_id: str
    code: str | None
    name: Text
    short: Text | None
    kind: str
    decimals: int
    direction: str
    unit: Text
    scale: Scale | None
    max_points: float | None
    parent_id: str | None
    depth: int
    aggregate: str | None = None
    missing: str = "propagate"
    min_present: int | None = None
    weight: float | None = None
    components: tuple[Node, ...] = ()
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    complement: bool = False
    target: float | None = None
    if_denominator_zero: str = "missing"
    notes: Text | None = None

    @property
    def is_leaf(self) -> bool:
        return not self.components

    @property
    def children_ids(self) -> tuple[str, ...]:
        return tuple(c.indicator_id for c in self.components)

    def title(self, lang: str = "vi") -> str:
        return self.name.get(lang)

    def label(self, lang: str = "vi") -> str:
        """``"6. Cung ứng dịch vụ công"``; the root's label is its title."""
        return f"{self.code}. {self.title(lang)}" if self.code else self.title(lang)


def _walk(node: Node) -> list[Node]:
    out = [node]
    for child in node.components:
        out.extend(_walk(child))
    return out


@dataclass(frozen=True)
class IndexDef:
    """A parsed index definition. Build with :func:`cchc.definitions.parse_definition`."""

    id: str
    family: str
    name: Text
    short_name: Text
    unit_text: Text
    levels: tuple[str, ...]
    grain: str
    groups: str
    bands: tuple[Band, ...]
    reexpress: Reexpress
    root: Node
    source_text: Text | None = None
    method_text: Text | None = None
    notes_text: Text | None = None
    file: str | None = None
    _by_id: Mapping[str, Node] = field(init=False, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {n.indicator_id: n for n in _walk(self.root)})

    # -- the tree -----------------------------------------------------------
    def nodes(self) -> tuple[Node, ...]:
        """Every node, root first, depth-first in definition order."""
        return tuple(self._by_id.values())

    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    def node(self, indicator_id: str) -> Node:
        try:
            return self._by_id[indicator_id]
        except KeyError:
            raise KeyError(f"index {self.id!r} has no node {indicator_id!r}") from None

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id

    def children(self, indicator_id: str | None = None) -> tuple[Node, ...]:
        """Direct components of a node (of the root when ``indicator_id`` is None)."""
        return self.node(indicator_id or self.id).components

    def leaf_inputs(self) -> tuple[str, ...]:
        """Raw indicator ids the index needs: input leaves and ratio numerators/denominators."""
        out: dict[str, None] = {}
        for n in self._by_id.values():
            if n.kind == "input":
                out[n.indicator_id] = None
            elif n.kind == "ratio":
                out.update(dict.fromkeys(n.numerator + n.denominator))
        return tuple(out)

    # -- metadata -----------------------------------------------------------
    def title(self, indicator_id: str | None = None, lang: str = "vi") -> str:
        return self.node(indicator_id or self.id).title(lang)

    def short(self, lang: str = "vi") -> str:
        return self.short_name.get(lang)

    def unit(self, lang: str = "vi", indicator_id: str | None = None) -> str:
        """Unit of the index (or of one node, which may override it)."""
        return self.node(indicator_id).unit.get(lang) if indicator_id else self.unit_text.get(lang)

    def source(self, lang: str = "vi") -> str | None:
        return self.source_text.get(lang) if self.source_text else None

    def method(self, lang: str = "vi") -> str | None:
        return self.method_text.get(lang) if self.method_text else None

    def notes(self, lang: str = "vi") -> str | None:
        return self.notes_text.get(lang) if self.notes_text else None

    @property
    def decimals(self) -> int:
        return self.root.decimals

    @property
    def direction(self) -> str:
        return self.root.direction

    @property
    def scale(self) -> Scale | None:
        return self.root.scale

    def maxima_mismatches(self, tolerance: float = 0.02) -> list[str]:
        """Sum nodes whose declared maximum differs from the sum of their children's maxima."""
        out = []
        for n in self._by_id.values():
            if n.aggregate != "sum" or n.scale is None:
                continue
            maxima = [c.max_points for c in n.components]
            if any(m is None for m in maxima):
                out.append(f"{n.indicator_id}: a component has no maximum")
            elif abs(sum(maxima) - n.scale.max) > tolerance + 1e-9:  # type: ignore[arg-type]
                out.append(f"{n.indicator_id}: components add up to {sum(maxima):g}, "  # type: ignore[arg-type]
                           f"declared maximum {n.scale.max:g}")
        return out
