"""Docs that cannot drift: every module of cchc/ and ui/ is in docs/design.md's module map,
and every docstring example of cchc/ runs (doctest)."""

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DESIGN = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")


def _modules(package: str) -> list[str]:
    out = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        out.append(".".join(parts))
    return out


@pytest.mark.parametrize("module", [m for m in _modules("cchc") + _modules("ui") if "." in m])
def test_every_module_is_in_the_design_document(module):
    path = module.split(".", 1)[1].replace(".", "/")
    folder, _, name = path.rpartition("/")
    listed = f"`{path}.py`" in DESIGN or f"`{path}/`" in DESIGN or f"{path}.py" in DESIGN or any(
        f"`{folder}/`" in line and f"`{name}.py`" in line for line in DESIGN.splitlines() if folder)
    assert listed, f"{module} is missing from docs/design.md"


@pytest.mark.parametrize("module", [m for m in _modules("cchc") if not m.endswith("__main__")])
def test_docstring_examples_run(module):
    mod = importlib.import_module(module)
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {module} failed"
