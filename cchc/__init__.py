"""cchc — the pure core of the CCHC dashboard.

Polars in, Polars (or Plotly figures) out. No Streamlit, and no file I/O
outside :mod:`cchc.loading`. See docs/design.md for the data model.
"""

__version__ = "0.1.0"
