"""Interface words in the chosen language: :func:`t` reads the one text catalogue
(:mod:`cchc.words`) in the language of the session."""

from __future__ import annotations

from cchc.words import word
from ui import state


def t(key: str, **fields: object) -> str:
    """The text ``key`` in the current language (``{fields}`` filled in when given)."""
    return word(key, state.lang(), **fields)
