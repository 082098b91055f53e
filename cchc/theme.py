"""The project's visual identity: a Plotly template and colour-blind-safe palettes.

``import streamlit`` replaces Plotly's default template with one whose colours
are placeholders (exports come out black), so every figure names the
``"cchc"`` template explicitly, and pages render with ``theme=None``.

>>> import plotly.graph_objects as go
>>> register_template()
'cchc'
>>> go.Figure(layout={"template": TEMPLATE}).layout.template.layout.font.family
'Noto Sans, Arial, sans-serif'
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE = "cchc"
FONT = "Noto Sans, Arial, sans-serif"

# Okabe–Ito, colour-blind safe, in a readable order.
COLORWAY = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
INK = "#1f2933"
MUTED = "#6b7280"
GRID = "#e5e7eb"
MISSING = "#d1d5db"  # not scored: light grey, never a colour of the scale
HIGHLIGHT = "#D55E00"
PRIMARY = "#0072B2"

# Ordered palettes, best first (blue = good, orange/red = weak; safe for deuteranopia).
QUARTILE_COLOURS = {"1": "#0072B2", "2": "#56B4E9", "3": "#F5C16C", "4": "#D55E00"}
BAND_COLOURS_5 = ["#0072B2", "#56B4E9", "#A6D9A0", "#F5C16C", "#D55E00"]
BAND_COLOURS_3 = ["#0072B2", "#56B4E9", "#D55E00"]
MOVE_COLOURS = {"up": "#009E73", "down": "#D55E00", "same": MUTED, "new": "#0072B2"}
SEQUENTIAL = [[0.0, "#fdeee5"], [0.5, "#7fb8de"], [1.0, "#08306b"]]


def band_colours(codes: list[str]) -> dict[str, str]:
    """Colours for band codes listed best first (3 or 5 bands get fixed palettes)."""
    palette = BAND_COLOURS_3 if len(codes) <= 3 else BAND_COLOURS_5
    if len(codes) > len(palette):
        palette = palette + COLORWAY
    return {code: palette[i] for i, code in enumerate(codes)}


def register_template() -> str:
    """Register (idempotently) and return the name of the project template."""
    if TEMPLATE in pio.templates:
        return TEMPLATE
    axis = dict(gridcolor=GRID, linecolor=GRID, zerolinecolor=GRID, ticks="", title_font=dict(size=13, color=MUTED),
                tickfont=dict(size=12, color=INK), automargin=True)
    pio.templates[TEMPLATE] = go.layout.Template(
        layout=dict(
            font=dict(family=FONT, size=14, color=INK),
            title=dict(font=dict(size=20, color=INK), x=0.0, xanchor="left", xref="paper", y=0.97, yanchor="top"),
            paper_bgcolor="white",
            plot_bgcolor="white",
            colorway=COLORWAY,
            xaxis=axis,
            yaxis=axis,
            legend=dict(bgcolor="rgba(255,255,255,0.8)", font=dict(size=12), title_font=dict(size=12, color=MUTED)),
            hoverlabel=dict(font=dict(family=FONT, size=13), bgcolor="white"),
            separators=",.",  # Vietnamese: decimal comma, thousands dot
            margin=dict(l=16, r=16, t=96, b=72),
        )
    )
    return TEMPLATE


def separators(lang: str) -> str:
    """Plotly ``layout.separators`` for ``lang``: ``",."`` (vi) or ``".,"`` (en)."""
    return ",." if lang == "vi" else ".,"


register_template()
