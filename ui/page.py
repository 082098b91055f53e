"""The page skeleton: every page opens and closes the same way.

>>> with page("page_rankings", url=filters.URL_NAMES) as scope:   # doctest: +SKIP
...     league = filters.league(scope)
...     ...

:func:`page` seeds the filters from the URL, draws the language switch, the
account box (and, when viewing needs a login, stops there for visitors), (with
``sidebar=True``) the common filters, the page title and the demo banner;
it yields the :class:`~cchc.selection.Scope` (None on pages without the common
filters). When the selection has no data it says so and ends the page. On the
way out — also after ``st.stop()`` — it writes the page's filters to the URL,
once, so a copied link reproduces the view. An error inside a page is caught
there: it is logged server-side with a short id and the user sees one sentence
with that id, never a traceback.
"""

from __future__ import annotations

import logging
import uuid
from contextlib import contextmanager
from typing import Iterator, Sequence

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

from cchc.selection import Scope
from ui import auth, controls, data, device, state  # noqa: F401  (device: registers the phone check for every figure)
from ui.text import t

COMMON = ["index", "dataset", "level", "geo", "period", "component"]  # the sidebar's filters
LOG = logging.getLogger("cchc.page")


ASKED = "_asked_period"


@contextmanager
def page(title_key: str, *, url: Sequence[str] = (), sidebar: bool = True, components: bool = True,
         period: bool = True, title: bool = True, history: bool = False) -> Iterator[Scope | None]:
    """Open a page titled ``t(title_key)`` whose filters ``url`` (plus the language) live in the URL.

    A page of the whole ``history`` (trends, profiles, comparisons) is marked demo when any period is.

    With ``title=False`` (the presentation view, which draws its slide's title and marks demo data in
    its footer) neither the page title nor the demo banner is drawn."""
    state.init()
    st.session_state[ASKED] = state.get("period")  # before the sidebar falls back to a period with data
    try:
        if not sidebar:
            controls.language()
        if title:
            st.title(t(title_key))
        st.session_state[data.RESTRICTED_KEY] = auth.gate_viewing() is not None
        scope = (controls.sidebar(components=components, period=period, ranges=title_key in controls.RANGE_PAGES)
                 if sidebar else None)
        if sidebar and scope is None:
            st.stop()
        if scope is not None and title:
            controls.demo_banner(scope, history=history)
        yield scope
    except (StopException, RerunException):
        raise  # Streamlit's own control flow (st.stop, st.rerun, st.switch_page)
    except Exception:
        failure(title_key)
        st.stop()  # the rest of the page depends on what failed (and a context manager must not swallow silently)
    finally:
        state.write_url(list(url))


def failure(where: str) -> str:
    """Log the exception being handled with a short id, and tell the user — in words, with the id — that
    this part could not be shown. No traceback, server path or source line reaches the browser."""
    ref = uuid.uuid4().hex[:8]
    LOG.exception("page %s failed [%s]", where, ref)
    st.error(t("error.page", ref=ref), icon=":material/error:")
    return ref


def asked_period() -> str:
    """The period the link or another page asked for, before the sidebar chose one with data."""
    return st.session_state.get(ASKED) or ""


def stop_with(message: str) -> None:
    """Say ``message`` (an info box) and end the page; the URL is still written by :func:`page`."""
    st.info(message)
    st.stop()
