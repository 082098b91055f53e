"""Filters that persist across pages and live in the URL.

Every filter has a canonical value in ``st.session_state["f:<name>"]``; it is
seeded once per session from the URL query string, changed by widgets through
callbacks, and written back to the URL after each run, so a copied link
reproduces exactly the view (index, period, level, units, tab, language).

Widgets get their own keys (``"w:<name>"``) that are re-seeded from the
canonical value before each render, because Streamlit forgets the state of a
widget that a page does not draw.

>>> value = select("period", "Kỳ", ["2023", "2024"], default="2024")   # doctest: +SKIP
"""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence

import streamlit as st

LIST_FILTERS = {"units"}
TEXT_LIMIT = 80
# name -> default; a filter equal to its default is left out of the URL
DEFAULTS: dict[str, Any] = {
    "lang": "vi", "index": "papi", "component": "", "period": "", "level": "", "geo": "published",
    "region": "", "parent": "", "band": "", "unit": "", "units": [], "tab": "", "q": "", "view": "abs",
    "base": "", "top": "", "slide": "",
    "ci": "",  # "1": show 95% intervals and rank ranges (Rankings)
    "grain": "month",  # Trends of a monthly index of counts: "month", "quarter" or "year"
    "dataset": "",  # one dataset's rows only ("": imported rows where they exist, else bundled)
}


def _key(name: str) -> str:
    return f"f:{name}"


def init() -> None:
    """Seed the canonical filters from the URL, once per session."""
    if st.session_state.get("f:_seeded"):
        return
    params = st.query_params
    for name, default in DEFAULTS.items():
        if name in LIST_FILTERS:
            raw = params.get_all(name)
            values = [v for part in raw for v in part.split(",") if v]
            st.session_state[_key(name)] = values or list(default)
        else:
            st.session_state[_key(name)] = params.get(name, default)
    st.session_state["f:_seeded"] = True
    st.session_state["f:_warnings"] = []
    # what the link asked for: only these can be "invalid link" values, until the user changes a filter
    st.session_state["f:_url"] = {name: st.session_state[_key(name)] for name in DEFAULTS if name in params}


def get(name: str) -> Any:
    init()
    return st.session_state.get(_key(name), DEFAULTS.get(name))


def put(name: str, value: Any) -> None:
    st.session_state[_key(name)] = value


def _changed(name: str, value: Any) -> None:
    user_changed()
    st.session_state.setdefault("f:_touched", set()).add(name)
    put(name, value)


def touched(name: str) -> bool:
    """Whether the user has set filter ``name`` by hand in this session (e.g. removed the last unit on purpose)."""
    return name in st.session_state.get("f:_touched", set())


def lang() -> str:
    value = get("lang")
    return value if value in ("vi", "en") else "vi"


def from_link(name: str, value: Any) -> bool:
    """Whether ``value`` of filter ``name`` is what the link asked for (and the user has changed nothing since)."""
    asked = st.session_state.get("f:_url", {}).get(name)
    return asked == value or (isinstance(asked, list) and value in asked)


def user_changed() -> None:
    """A filter was changed by the user: from now on a value that no longer applies is adjusted silently."""
    st.session_state["f:_url"] = {}


def warn_invalid(name: str, value: Any) -> None:
    """Remember that the link asked for something that does not exist (shown once per page). A value left by
    the user's own earlier choices that no longer applies is not the link's fault: it is adjusted silently."""
    if value not in ("", None, []) and from_link(name, value):
        st.session_state.setdefault("f:_warnings", []).append((name, value))


def take_warnings() -> list[tuple[str, Any]]:
    out = st.session_state.get("f:_warnings", [])
    st.session_state["f:_warnings"] = []
    return out


def select(name: str, label: str, options: Sequence[Any], *, default: Any = None,
           format_func: Callable[[Any], str] = str, where: Any = None, widget: str = "selectbox",
           **kwargs: Any) -> Any:
    """A persistent single choice. Falls back to ``default`` (or the first option) when the
    stored value is not among ``options`` — e.g. a stale or hand-edited link."""
    options = list(options)
    if not options:
        return None
    value = get(name)
    if value not in options:
        if value not in ("", None) and value != default:
            warn_invalid(name, value)
        value = default if default in options else options[0]
        put(name, value)
    wkey = f"w:{name}"
    st.session_state[wkey] = value
    host = where or st
    draw = getattr(host, widget)
    draw(label, options, key=wkey, format_func=format_func, on_change=lambda: _changed(name, st.session_state[wkey]),
         **kwargs)
    return get(name)


def multiselect(name: str, label: str, options: Sequence[Any], *, format_func: Callable[[Any], str] = str,
                where: Any = None, max_selections: int | None = None, **kwargs: Any) -> list[Any]:
    """A persistent multiple choice; unknown stored values are dropped (and reported)."""
    options = list(options)
    stored = list(get(name) or [])
    kept = [v for v in stored if v in options]
    for v in stored:
        if v not in options:
            warn_invalid(name, v)
    if max_selections:
        kept = kept[:max_selections]
    put(name, kept)
    wkey = f"w:{name}"
    st.session_state[wkey] = kept
    host = where or st
    host.multiselect(label, options, key=wkey, format_func=format_func, max_selections=max_selections,
                     select_all=False,  # Streamlit's "Select N matches" is English and picks old and new units
                     on_change=lambda: _changed(name, list(st.session_state[wkey])), **kwargs)
    return list(get(name))


def clean_text(value: Any) -> str:
    """Free text from a URL or a text box (the unit search): markup characters removed, 80 characters at most —
    it is echoed in subtitles and chart titles, where ``[x](http://…)`` or ``<a href>`` must not become a link.

    >>> clean_text("[Đăng nhập](http://evil.example) <b>x</b>")
    'Đăng nhậphttp//evil.example bx/b'
    """
    return re.sub(r"[<>\[\]()!`*_#|~\\:{}]", "", str(value or ""))[:TEXT_LIMIT]


def text_input(name: str, label: str, *, where: Any = None, **kwargs: Any) -> str:
    wkey = f"w:{name}"
    put(name, clean_text(get(name)))
    st.session_state[wkey] = get(name) or ""
    (where or st).text_input(label, key=wkey, on_change=lambda: _changed(name, clean_text(st.session_state[wkey])),
                             max_chars=TEXT_LIMIT, **kwargs)
    return get(name) or ""


def write_url(names: Sequence[str]) -> None:
    """Put the page's filters in the URL (those that differ from their default)."""
    params: dict[str, Any] = {}
    for name in ("lang", *names):
        value = get(name)
        if value in (DEFAULTS.get(name), "", None, []):
            continue
        params[name] = ",".join(map(str, value)) if name in LIST_FILTERS else str(value)
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
