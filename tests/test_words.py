"""cchc.words: one text catalogue, both languages for every key, and no user-facing words outside it."""

import ast
import re
import string
import unicodedata
from pathlib import Path

import pytest

from cchc.words import WORDS, family, pair, word

ROOT = Path(__file__).resolve().parent.parent
# Vietnamese letters (any letter with a mark, and đ) betray a word written outside the catalogue
VIETNAMESE = re.compile(r"[đĐ]|[^\W\d_](?=[\u0300-\u036f])")
PROSE = re.compile(r"\b[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}\b")
ALLOWED = {"Ngôn ngữ / Language", "Tiếng Việt"}  # the language switch names both languages in each
DIFFERENT_FIELDS = {"tick.quarter", "tick.month"}  # date-axis labels are built differently in each language
LOG_CALLS = {"debug", "info", "warning", "error", "exception", "critical"}
RULES = {"names.py", "folding.py"}  # place-name spellings and the folding rule itself are data, not words


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(WORDS))
def test_every_key_has_both_languages_with_the_same_fields(key):
    vi, en = WORDS[key]
    assert vi.strip() and en.strip(), key
    assert key in DIFFERENT_FIELDS or _fields(vi) == _fields(en), key


def test_lookups():
    assert word("rank", "en") == "Rank" and word("rank") == "Hạng"
    assert word("mean_of", "en", name="X") == "Mean: X"
    assert pair("level.province") == {"vi": "Cấp tỉnh", "en": "Provinces"}
    assert family("move", "vi") == {"new": "mới"}
    with pytest.raises(KeyError):
        word("no such key")


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    logged = {id(arg) for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
              and n.func.attr in LOG_CALLS for arg in n.args}  # server log lines are for the operator
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings | logged:
            text = unicodedata.normalize("NFD", node.value)
            if node.value in ALLOWED or "<style>" in node.value:
                continue
            if VIETNAMESE.search(text) or PROSE.search(node.value):
                found.append((node.lineno, node.value))
    return found


SOURCES = sorted([*ROOT.glob("views/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"])


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_and_ui_hold_no_user_facing_words(path):
    assert _literals(path) == []


CORE = sorted(p for p in ROOT.glob("cchc/**/*.py") if "words" not in p.parts and "demo" not in p.parts)


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_holds_no_vietnamese_words_outside_the_catalogue(path):
    """Names of places (aliases read in files) are data, not interface words: only cchc.names may hold them."""
    found = [(line, text) for line, text in _literals(path) if VIETNAMESE.search(unicodedata.normalize("NFD", text))]
    assert path.name in RULES or found == []
