"""Index definitions: typed, validated, read-only metadata for every index.

A definition (``data/indices/*.yaml``, format in docs/design.md) is parsed
into an :class:`IndexDef` holding a tree of :class:`Node`. The frozen
dataclasses live in :mod:`cchc.definition_types`, parsing and validation in
:mod:`cchc.definition_parser`; this module is the entry point (parse, define,
load) and re-exports the dataclasses, so callers import everything from here.

Indicator ids: the root is the index id (``papi``), every other node is
``{index}.{code}`` (``papi.6``, ``papi.6.1``). Bilingual texts take
``lang`` = ``"vi"`` (default) or ``"en"``; a missing English text falls back
to Vietnamese.

>>> d = define_index({"id": "demo", "name": {"vi": "Chỉ số thử", "en": "Demo"},
...     "levels": ["province"], "grain": "year",
...     "components": [{"code": "1", "name": {"vi": "Một"}, "scale": {"min": 0, "max": 10}}]})
>>> [n.indicator_id for n in d.nodes()]
['demo', 'demo.1']
>>> d.title("demo.1", "en"), d.node("demo").max_points
('Một', 10.0)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from cchc.definition_parser import build_index
from cchc.definition_types import Band, DefinitionError, IndexDef, Node, Reexpress, Scale, Text
from cchc.loading import load_index_dicts

__all__ = ["Band", "DefinitionError", "IndexDef", "Node", "Reexpress", "Scale", "Text",
           "parse_definition", "define_index", "load_definitions"]


def parse_definition(raw: Mapping[str, Any]) -> IndexDef:
    """Validate a raw definition dict (as read from YAML) into an :class:`IndexDef`.

    Raises :class:`DefinitionError` naming the file (``_file`` key, else the
    index id), the node and the field that is wrong.
    """
    return build_index(raw)


def define_index(raw: Mapping[str, Any]) -> IndexDef:
    """A user-defined index built in code; same format and checks as the YAML files."""
    return parse_definition(raw)


def load_definitions(path: str | os.PathLike[str] | None = None) -> dict[str, IndexDef]:
    """Every bundled definition (``data/indices/*.yaml``), keyed by index id."""
    return {key: parse_definition(raw) for key, raw in load_index_dicts(path).items()}
