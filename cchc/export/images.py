"""Charts as PNG/SVG/PDF (kaleido + Debian chromium) and as offline interactive HTML.

One headless Chromium is started on the first export and kept running for the
life of the process, so the second export is several times faster than the
first (see ``bench/bench_export.py``). It lives on its own thread with its own
asyncio loop; a lock lets one render at a time, so Streamlit sessions and
download callbacks may call :func:`figure_bytes` from any thread. It is closed
at interpreter exit (or by :func:`shutdown`) and restarted once if it died.

Nothing here mutates the caller's figure: :func:`stamp_figure` works on a copy.

>>> png = chart_bytes(fig, "png", preset="16x9", lang="vi", demo=True)   # doctest: +SKIP
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"                                  # doctest: +SKIP
True
"""

from __future__ import annotations

import asyncio
import atexit
import html
import math
import os
import shutil
import tempfile
import textwrap
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from cchc.captions import DEMO_MARK
from cchc.words import pair, word
from cchc.theme import HIGHLIGHT, MUTED, TEMPLATE, register_template

IMAGE_FORMATS = ("png", "svg", "pdf")
RENDER_TIMEOUT = 90.0  # seconds for one image
START_TIMEOUT = 60.0  # seconds to start the browser

DEMO_BADGE = pair("demo_badge")  # {"vi": …, "en": …} from the catalogue
DATE_ANNOTATION = "cchc-export-date"
DEMO_ANNOTATION = "cchc-demo-mark"
NOTE_FONT = 11  # px, as cchc.figures.captioned draws the source note
NOTE_SHIFT = 48  # px below the plot area, as captioned


@dataclass(frozen=True)
class Size:
    """Layout size in CSS pixels; ``scale`` multiplies the pixels of raster output."""

    width: int
    height: int
    scale: float = 2.0


# Presets of the download buttons and the CLI: 16:9 and square, high resolution.
PRESETS: dict[str, Size] = {
    "16x9": Size(1920, 1080, 2.0),
    "square": Size(1080, 1080, 2.0),
}


class ExportError(RuntimeError):
    """A chart could not be rendered (no browser, timeout, bad format)."""


# ------------------------------------------------------------------ the browser
def browser_path() -> str | None:
    """The Chromium to drive: ``$BROWSER_PATH``, else ``chromium`` on PATH (Debian), else kaleido's own search."""
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class _Browser:
    """One kaleido browser on a private event-loop thread, guarded by a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self.starts = 0  # how many browsers this process started (for tests and benchmarks)

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def render(self, fig: dict[str, Any], opts: dict[str, Any]) -> bytes:
        with self._lock:
            try:
                return self._render(fig, opts)
            except ExportError:
                raise
            except Exception:  # noqa: BLE001 - the browser may have died: start a fresh one, try once more
                self._stop()
                try:
                    return self._render(fig, opts)
                except Exception as exc:  # noqa: BLE001
                    self._stop()
                    raise ExportError(f"could not render the chart as {opts.get('format')}: {exc}") from exc

    def _render(self, fig: dict[str, Any], opts: dict[str, Any]) -> bytes:
        if self._kaleido is None:
            self._start()
        return self._call(self._kaleido.calc_fig(fig, opts=opts), RENDER_TIMEOUT)

    def _call(self, coro: Any, timeout: float) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def _start(self) -> None:
        import kaleido  # imported lazily: the core imports this module without needing a browser

        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="cchc-kaleido", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread
        kwargs: dict[str, Any] = {"mathjax": False, "timeout": RENDER_TIMEOUT,  # offline: no MathJax from a CDN
                                  "tmp_dir": str(profile_folder())}
        if path := browser_path():
            kwargs["path"] = path

        async def open_browser() -> Any:
            k = kaleido.Kaleido(**kwargs)
            await k.open()
            return k

        try:
            self._kaleido = self._call(open_browser(), START_TIMEOUT)
        except Exception as exc:  # noqa: BLE001
            self._stop()
            raise ExportError(f"could not start Chromium for chart export ({exc}); "
                              "install Debian's chromium or set BROWSER_PATH") from exc
        self.starts += 1

    def _stop(self) -> None:
        k, loop, thread = self._kaleido, self._loop, self._thread
        self._kaleido = self._loop = self._thread = None
        if loop is None:
            return
        if k is not None:
            try:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(15)
            except Exception:  # noqa: BLE001 - closing a dead browser
                pass
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(5)
        if not loop.is_running():
            loop.close()

    def close(self) -> None:
        with self._lock:
            self._stop()


_BROWSER = _Browser()
PROFILES = Path(tempfile.gettempdir()) / f"cchc-export-{os.getuid()}"  # the export browsers' profiles, per process


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def profile_folder(root: Path | None = None) -> Path:
    """This process's folder for the export browser's temporary profile. Folders left by processes that
    died without cleaning up (killed during an export) are removed first, so a crash costs no disk."""
    root = root or PROFILES
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    for child in root.iterdir():
        if child.name.isdigit() and int(child.name) != os.getpid() and not _alive(int(child.name)):
            shutil.rmtree(child, ignore_errors=True)
    mine = root / str(os.getpid())
    mine.mkdir(exist_ok=True)
    return mine


def shutdown() -> None:
    """Close the kept-running browser (it is started again by the next export)."""
    _BROWSER.close()


def browser_running() -> bool:
    """Whether the kept-running browser is up."""
    return _BROWSER.running


def browser_starts() -> int:
    """How many times this process started the browser (1 after any number of exports, unless it died)."""
    return _BROWSER.starts


atexit.register(shutdown)


# ------------------------------------------------------------------ rendering
def _figure_dict(fig: go.Figure | dict[str, Any], height: int | None = None) -> dict[str, Any]:
    """The figure as a dict with the project template (never Streamlit's placeholder one).

    With ``height``, maps keep the view they were drawn with: their zoom grows
    or shrinks with the plot height (a map drawn 720 px high and exported
    1080 px high shows the same country, larger).
    """
    register_template()
    out = fig.to_dict() if hasattr(fig, "to_dict") else dict(fig)
    layout = dict(out.get("layout") or {})
    layout["template"] = pio.templates[TEMPLATE].to_plotly_json()
    if height and layout.get("height"):
        _fit_maps(layout, int(height))
    out["layout"] = layout
    return out


def _fit_maps(layout: dict[str, Any], height: int) -> None:
    margin = {**(layout["template"].get("layout", {}).get("margin") or {}), **(layout.get("margin") or {})}
    spare = margin.get("t", 100) + margin.get("b", 80)
    before, after = layout["height"] - spare, height - spare
    if before <= 50 or after <= 50:
        return
    step = max(-3.0, min(3.0, math.log2(after / before)))
    for key, sub in list(layout.items()):
        if (key.startswith("map") or key.startswith("mapbox")) and isinstance(sub, dict) and sub.get("zoom") is not None:
            layout[key] = {**sub, "zoom": sub["zoom"] + step}


def figure_bytes(fig: go.Figure | dict[str, Any], fmt: str = "png", *, width: int = 1920, height: int = 1080,
                 scale: float = 2.0) -> bytes:
    """Render ``fig`` as ``png``, ``svg`` or ``pdf`` at ``width`` × ``height`` CSS px (PNG: × ``scale``).

    Uses the kept-running browser; safe from several threads. The figure is
    rendered with the ``cchc`` template whatever the process default is.
    """
    fmt = fmt.lower()
    if fmt not in IMAGE_FORMATS:
        raise ExportError(f"unknown image format {fmt!r}; use one of {', '.join(IMAGE_FORMATS)}")
    opts = {"format": fmt, "width": int(width), "height": int(height), "scale": scale if fmt == "png" else 1}
    return _BROWSER.render(_figure_dict(fig, int(height)), opts)


def figure_html(fig: go.Figure, *, title: str | None = None, lang: str = "vi") -> bytes:
    """A self-contained interactive HTML page (plotly.js inlined, no CDN, no MathJax): works offline."""
    page = pio.to_html(go.Figure(_figure_dict(fig)), include_plotlyjs=True, include_mathjax=False, full_html=True,
                       default_width="100%", default_height="100vh", validate=False,
                       config={"displaylogo": False, "responsive": True})
    heading = title if title is not None else (fig.layout.title.text or "CCHC")
    head = f'<meta charset="utf-8" /><title>{html.escape(_plain(heading))}</title>'
    page = page.replace("<html>", f'<html lang="{lang}">', 1).replace("<head>", "<head>" + head, 1)
    return page.encode("utf-8")


def _plain(text: str) -> str:
    return text.replace("<br>", " ").replace("<b>", "").replace("</b>", "")


# ------------------------------------------------------------------ stamping
def export_date_text(day: date, lang: str = "vi") -> str:
    """``"Xuất ngày 05/03/2026"`` / ``"Exported 2026-03-05"``."""
    return word("exported_on", lang, day=f"{day:%d/%m/%Y}" if lang == "vi" else f"{day:%Y-%m-%d}")


def _is_source_note(a: Any) -> bool:
    return (a.xref == "paper" and a.yref == "paper" and a.y == 0 and a.yanchor == "top"
            and a.name not in (DATE_ANNOTATION, DEMO_ANNOTATION) and bool(a.text))


def wrap_text(text: str, width_px: float, font_px: float = NOTE_FONT) -> list[str]:
    """Lines of ``text`` that fit ``width_px`` (Noto Sans: ~0.55 em per character)."""
    chars = max(20, int(width_px / (0.55 * font_px)))
    return textwrap.wrap(" ".join(text.replace("<br>", " ").split()), chars) or [text]


def _one_line(text: str | None) -> str:
    return " ".join((text or "").replace("<br>", " ").split())


def stamp_figure(fig: go.Figure, *, lang: str = "vi", demo: bool = False, exported: date | None = None,
                 width: int = 1920, height: int | None = None) -> go.Figure:
    """A copy of ``fig`` ready to leave the dashboard.

    Keeps the title, subtitle and source note; sets the ``cchc`` template;
    wraps a long source note to ``width``; adds "Xuất ngày dd/mm/yyyy" at the
    bottom right and, for demo data, a "DỮ LIỆU MINH HỌA" mark at the top right
    (and the demo sentence in the source note if it lacks it). With ``height``
    (the export's), a title placed as a fraction of the figure's own height
    keeps its distance from the top edge in pixels — the margins above the plot
    are pixels, so a title that moved with the height would run into the
    subtitle and legend of a short chart exported tall. Idempotent.
    """
    register_template()
    out = go.Figure(fig)
    out.update_layout(template=TEMPLATE)
    if height and out.layout.height and out.layout.height != height:
        _resize(out, int(height))
    day = exported or date.today()
    keep = [a for a in out.layout.annotations if a.name not in (DATE_ANNOTATION, DEMO_ANNOTATION)]
    margin = out.layout.margin
    template_margin = pio.templates[TEMPLATE].layout.margin
    left = margin.l if margin.l is not None else template_margin.l
    right = margin.r if margin.r is not None else template_margin.r
    bottom = margin.b if margin.b is not None else template_margin.b
    date_text = export_date_text(day, lang)
    date_px = 0.6 * NOTE_FONT * len(date_text) + 24
    notes = [a for a in keep if _is_source_note(a)]
    if demo and not any(DEMO_MARK[lang] in _one_line(a.text) for a in notes):
        if notes:
            notes[0].text = f"{notes[0].text} {DEMO_MARK[lang]}."
        else:
            note = go.layout.Annotation(text=DEMO_MARK[lang], xref="paper", yref="paper", x=0, y=0, xanchor="left",
                                        yanchor="top", yshift=-NOTE_SHIFT, showarrow=False, align="left",
                                        font=dict(size=NOTE_FONT, color=MUTED))
            keep.append(note)
            notes = [note]
    shift = next((a.yshift for a in notes if a.yshift is not None), -NOTE_SHIFT)
    lines = 1
    for a in notes:
        size = (a.font.size if a.font and a.font.size else NOTE_FONT)
        wrapped = wrap_text(a.text, width - left - right - date_px, size)
        a.text = "<br>".join(wrapped)
        lines = max(lines, len(wrapped))
    needed = abs(shift) + lines * int(NOTE_FONT * 1.4) + 12
    if bottom < needed:
        out.update_layout(margin=dict(b=needed))
    keep.append(go.layout.Annotation(
        name=DATE_ANNOTATION, text=date_text, xref="paper", yref="paper", x=1, y=0, xanchor="right", yanchor="top",
        yshift=shift, showarrow=False, align="right", font=dict(size=NOTE_FONT, color=MUTED)))
    if demo:
        keep.append(go.layout.Annotation(
            name=DEMO_ANNOTATION, text=f"<b>{DEMO_BADGE[lang]}</b>", xref="paper", yref="paper", x=1, y=1,
            xanchor="right", yanchor="bottom", yshift=40, showarrow=False, font=dict(size=12, color=HIGHLIGHT),
            bordercolor=HIGHLIGHT, borderwidth=1, borderpad=4, bgcolor="white"))
    out.layout.annotations = keep
    return out


def _resize(fig: go.Figure, height: int) -> None:
    """Give ``fig`` the export's height: a title placed as a fraction of the height keeps its pixels
    from the top, maps keep their view (zoom follows the plot height)."""
    title = fig.layout.title
    if title.y is not None and title.yref in (None, "container"):
        title.y = 1 - (1 - title.y) * fig.layout.height / height
    layout = fig.layout.to_plotly_json()
    layout["template"] = pio.templates[TEMPLATE].to_plotly_json()
    _fit_maps(layout, height)
    for key, sub in layout.items():
        if key.startswith("map") and isinstance(sub, dict) and sub.get("zoom") is not None:
            fig.layout[key].zoom = sub["zoom"]
    fig.update_layout(height=height)


def chart_bytes(fig: go.Figure, fmt: str, *, preset: str | Size = "16x9", lang: str = "vi", demo: bool = False,
                exported: date | None = None) -> bytes:
    """Stamp ``fig`` and render it as ``png``/``svg``/``pdf`` at a preset size, or as offline ``html``."""
    if isinstance(preset, str) and preset not in PRESETS:
        raise ExportError(f"unknown size {preset!r}; use one of {', '.join(PRESETS)}")
    size = PRESETS[preset] if isinstance(preset, str) else preset
    stamped = stamp_figure(fig, lang=lang, demo=demo, exported=exported, width=size.width,
                           height=None if fmt.lower() == "html" else size.height)
    if fmt.lower() == "html":
        return figure_html(stamped, lang=lang)
    return figure_bytes(stamped, fmt, width=size.width, height=size.height, scale=size.scale)
