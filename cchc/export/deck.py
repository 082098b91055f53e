"""A 16:9 PowerPoint deck of a selection, from the shipped template (Noto Sans).

Slides (see :func:`cchc.export.content.slides`): title; the league table in
pages of at most 16 rows (63 provinces → 4 slides); each chart as a picture
(PNG rendered by :mod:`cchc.export.images`, several side by side for a long
ranking); one slide per unit profile. Every slide has the source note (and
the demo mark) in its speaker notes and a footer with the export date and the
slide number. :func:`cchc.export.handout.handout_pdf` prints the same content as a PDF.

>>> data = deck_bytes(Deck(meta, table, charts=[ChartSlide([fig], "Xếp hạng")]))   # doctest: +SKIP
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any, Callable

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt
from cchc import loading
from cchc.captions import DEMO_MARK
from cchc.export.content import ChartSlide, Deck, ProfileSlide, Slide, bare, slides, table_words
from cchc.export.images import export_date_text, figure_bytes
from cchc.metadata import LeagueMeta
from cchc.theme import INK, MUTED

__all__ = ["ChartSlide", "Deck", "ProfileSlide", "deck_bytes", "handout_pdf"]

FONT = "Noto Sans"
EMU_PER_IN = 914400
SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.5
BODY_TOP, BODY_BOTTOM = 1.5, 6.85
PX_PER_IN = 80  # chart pictures: 12 px Plotly text ≈ 11 pt on the slide
PICTURE_SCALE = 2.5
TABLE_COLUMNS = [("rank", 0.9, "r"), ("unit", 2.7, "l"), ("score", 1.4, "r"), ("change", 1.4, "r"),
                 ("moved", 1.05, "c"), ("group", 2.35, "l"), ("note", 3.2, "l")]


def _in(x: float) -> int:
    return int(x * EMU_PER_IN)


def _rgb(hexa: str):

    return RGBColor.from_string(hexa.lstrip("#").upper())


def _text(slide: Any, text: str, x: float, y: float, w: float, h: float, *, size: int = 14, bold: bool = False,
          colour: str = INK, align: str = "l", wrap: bool = True) -> Any:

    box = slide.shapes.add_textbox(_in(x), _in(y), _in(w), _in(h))
    tf = box.text_frame
    tf.word_wrap = wrap
    tf.vertical_anchor = MSO_ANCHOR.TOP
    for i, line in enumerate(text.split("\n")):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = {"l": PP_ALIGN.LEFT, "r": PP_ALIGN.RIGHT, "c": PP_ALIGN.CENTER}[align]
        run = p.add_run()
        run.text = line
        run.font.name, run.font.size, run.font.bold = FONT, _pt(size), bold
        run.font.color.rgb = _rgb(colour)
    return box


def _pt(size: float):

    return Pt(size)


def _header(slide: Any, s: Slide) -> None:
    title = slide.shapes.title
    if title is not None:
        title.text = s.title
        for p in title.text_frame.paragraphs:
            for r in p.runs:
                r.font.name, r.font.size, r.font.bold = FONT, _pt(26), True
                r.font.color.rgb = _rgb(INK)
    if s.subtitle:
        _text(slide, s.subtitle, MARGIN, 1.08, SLIDE_W - 2 * MARGIN, 0.4, size=13, colour=MUTED)


def _footer(slide: Any, meta: LeagueMeta, exported: date, n: int, total: int, lang: str) -> None:
    left = DEMO_MARK[lang] if meta.demo else f"{meta.short} · {meta.period_label}"
    _text(slide, left, MARGIN, 7.0, 8.5, 0.35, size=10, colour="D55E00" if meta.demo else MUTED)
    _text(slide, f"{export_date_text(exported, lang)} · {n}/{total}", SLIDE_W - MARGIN - 3.5, 7.0, 3.5, 0.35,
          size=10, colour=MUTED, align="r")


def _cell(cell: Any, text: str, *, size: int = 13, bold: bool = False, colour: str = INK,
          fill: str | None = None, align: str = "l") -> None:

    cell.text = ""
    p = cell.text_frame.paragraphs[0]
    p.alignment = {"l": PP_ALIGN.LEFT, "r": PP_ALIGN.RIGHT, "c": PP_ALIGN.CENTER}[align]
    run = p.add_run()
    run.text = text
    run.font.name, run.font.size, run.font.bold = FONT, _pt(size), bold
    run.font.color.rgb = _rgb(colour)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    cell.margin_top = cell.margin_bottom = _in(0.02)
    cell.margin_left = cell.margin_right = _in(0.08)
    cell.fill.solid()
    cell.fill.fore_color.rgb = _rgb(fill or "FFFFFF")


def _readable_on(fill: str) -> str:
    r, g, b = (int(fill.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return INK if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "FFFFFF"


def _table(slide: Any, rows: list[dict[str, str]], meta: LeagueMeta, lang: str,
           header: list[str] | None = None, columns: list[tuple[str, float, str]] | None = None,
           top: float = BODY_TOP, left: float = MARGIN, width: float = SLIDE_W - 2 * MARGIN,
           font: int | None = None) -> None:
    w = table_words(lang)
    cols = list(columns or TABLE_COLUMNS)
    if columns is None and not any(r.get("note") and not r.get("missing") for r in rows):
        cols = [c for c in cols if c[0] != "note"]  # no notes on scored rows: give the room away
    scale = width / sum(c[1] for c in cols)
    row_h = min(0.42, (BODY_BOTTOM - top) / (len(rows) + 1))
    shape = slide.shapes.add_table(len(rows) + 1, len(cols), _in(left), _in(top), _in(width),
                                   _in(row_h * (len(rows) + 1)))
    table = shape.table
    table.first_row = True
    colours = meta.group_colours or {}
    for j, (key, width, align) in enumerate(cols):
        table.columns[j].width = _in(width * scale)
        head = header[j] if header else w.get(key, key)
        _cell(table.cell(0, j), head, bold=True, colour="FFFFFF", fill=INK, align="c" if align == "c" else align,
              size=font or 13)
    widths = [c[1] * scale for c in cols]
    size = font or (13 if len(rows) > 12 else 15)
    sizes = [size - 2 if key == "note" else size for key, _, _ in cols]
    one = size * 1.3 / 72 + 0.08  # a one-line row
    keys = [c[0] for c in cols]
    span = keys.index("score") if "score" in keys else None  # a unit not scored: its note spans score → last column
    spans = [span is not None and bool(r.get("missing")) and bool(r.get("note")) for r in rows]
    need = []
    for r, spanned in zip(rows, spans):
        if spanned:
            lines = _lines(str(r["note"]), sum(widths[span:]), size - 2)
            need.append(one * max(1, lines * (size - 2) / size))
        else:
            need.append(max(one * max(1, _lines(str(r.get(key, "")), widths[j], sizes[j]) * sizes[j] / size)
                            for j, key in enumerate(keys)))
    single = [h <= one + 1e-9 for h in need]
    room = (BODY_BOTTOM - top - sum(h for h, s1 in zip(need, single) if not s1)) / (sum(single) + 1)
    row_h = max(one, min(row_h, room))  # rows with wrapped text get their height; the others share the rest
    for i, r in enumerate(rows, start=1):
        table.rows[i].height = _in(row_h if single[i - 1] else need[i - 1])
        zebra = "F3F4F6" if i % 2 == 0 else "FFFFFF"
        for j, (key, _, align) in enumerate(cols):
            fill, colour = zebra, INK
            if key == "group" and r.get("group_code") in colours:
                fill = colours[r["group_code"]]
                colour = _readable_on(fill)
            _cell(table.cell(i, j), str(r.get(key, "")), fill=fill, colour=colour, align=align, size=sizes[j])
        if spans[i - 1]:
            first = table.cell(i, span)
            first.merge(table.cell(i, len(cols) - 1))
            _cell(first, str(r["note"]), fill=zebra, colour=MUTED, size=size - 2)
    table.rows[0].height = _in(row_h)


def _lines(text: str, width_in: float, size_pt: float) -> int:
    """How many lines ``text`` takes in a cell ``width_in`` wide (Noto Sans: ~0.55 em a character)."""
    per_line = max(1, int((width_in - 0.16) / (size_pt * 0.55 / 72)))
    return max(1, -(-len(text) // per_line))


def _picture(slide: Any, png: bytes, x: float, y: float, w: float, h: float) -> None:
    slide.shapes.add_picture(io.BytesIO(png), _in(x), _in(y), _in(w), _in(h))


def chart_pictures(chart: ChartSlide, *, top: float = BODY_TOP, bottom: float = BODY_BOTTOM,
                   left: float = MARGIN, width: float = SLIDE_W - 2 * MARGIN) -> list[tuple[bytes, float, float, float, float]]:
    """PNG bytes and boxes (x, y, w, h in inches) of the chart's figures, side by side."""
    n = max(1, len(chart.figures))
    gap = 0.2
    w = (width - gap * (n - 1)) / n
    h = bottom - top
    out = []
    for i, fig in enumerate(chart.figures):
        png = figure_bytes(bare(fig, width=w * PX_PER_IN), "png", width=round(w * PX_PER_IN), height=round(h * PX_PER_IN),
                           scale=PICTURE_SCALE)
        out.append((png, left + i * (w + gap), top, w, h))
    return out


def _profile(slide: Any, prof: ProfileSlide, meta: LeagueMeta, lang: str) -> None:
    top = BODY_TOP
    if prof.facts:
        facts = "   ·   ".join(f"{k}: {v}" for k, v in prof.facts)
        _text(slide, facts, MARGIN, top, SLIDE_W - 2 * MARGIN, 0.45, size=16, bold=True)
        top += 0.55
    table_w = 7.4 if prof.figure is not None else SLIDE_W - 2 * MARGIN
    if prof.rows:
        n = len(prof.header)
        rows = [{str(j): v for j, v in enumerate(r)} for r in prof.rows]
        cols = [(str(j), 3.2 if j == 0 else 1.0, "l" if j == 0 else "r") for j in range(n)]
        _table(slide, rows, meta, lang, header=prof.header, columns=cols, top=top, width=table_w, font=12)
    if prof.figure is not None:
        x = MARGIN + (table_w + 0.3 if prof.rows else 0)
        pics = chart_pictures(ChartSlide([prof.figure], prof.title), top=top, left=x, width=SLIDE_W - MARGIN - x)
        for png, *box in pics:
            _picture(slide, png, *box)


def _priorities(slide: Any, prof: ProfileSlide, meta: LeagueMeta, lang: str) -> None:
    """The sentences (the smallest gain to the next group, the top N and the next unit) and, below them, the
    compact improvement table (component, points, gaps, rank at the median / the best peer)."""
    top, width = BODY_TOP, SLIDE_W - 2 * MARGIN
    if prof.priorities:
        lines = sum(_lines(s, width, 13) for s in prof.priorities)
        _text(slide, "\n".join(f"• {s}" for s in prof.priorities), MARGIN, top, width, 0.3 * lines, size=13)
        top += 0.3 * lines + 0.2
    if prof.priority_rows:
        n = len(prof.priority_header)
        rows = [{str(j): v for j, v in enumerate(r)} for r in prof.priority_rows]
        cols = [(str(j), 3.4 if j == 0 else 1.45, "l" if j == 0 else "r") for j in range(n)]
        _table(slide, rows, meta, lang, header=prof.priority_header, columns=cols, top=top, width=width, font=11)


def deck_bytes(deck: Deck, *, exported: date | None = None, template: bytes | None = None,
               progress: Callable[[int, int], None] | None = None) -> bytes:
    """The deck as a .pptx (16:9, from ``data/templates/cchc_16x9.pptx`` unless ``template`` is given).
    ``progress(done, total)`` is called after each slide (a page shows the building step by step)."""

    exported = exported or date.today()
    lang = deck.meta.lang
    prs = Presentation(io.BytesIO(template or loading.load_template()))
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    plan = slides(deck, exported)
    for n, s in enumerate(plan, start=1):
        if s.kind == "title":
            slide = prs.slides.add_slide(layouts["Title Slide"])
            slide.shapes.title.text = s.title
            sub = s.subtitle + ("\n" + DEMO_MARK[lang] if deck.meta.demo else "")
            slide.placeholders[1].text = f"{sub}\n{export_date_text(exported, lang)}"
            for ph, size, colour in ((slide.shapes.title, 36, INK), (slide.placeholders[1], 16, MUTED)):
                for p in ph.text_frame.paragraphs:
                    for r in p.runs:
                        r.font.name, r.font.size, r.font.color.rgb = FONT, _pt(size), _rgb(colour)
                        r.font.bold = size > 20
        else:
            slide = prs.slides.add_slide(layouts["Title Only"])
            _header(slide, s)
            if s.kind == "table":
                _table(slide, s.rows, deck.meta, lang)
            elif s.kind == "chart" and s.chart is not None:
                for png, *box in chart_pictures(s.chart):
                    _picture(slide, png, *box)
            elif s.kind == "profile" and s.profile is not None:
                _profile(slide, s.profile, deck.meta, lang)
            elif s.kind == "priorities" and s.profile is not None:
                _priorities(slide, s.profile, deck.meta, lang)
        _footer(slide, deck.meta, exported, n, len(plan), lang)
        slide.notes_slide.notes_text_frame.text = s.notes
        if progress is not None:
            progress(n, len(plan))
    prs.core_properties.title = deck.meta.title
    prs.core_properties.subject = deck.meta.subtitle
    prs.core_properties.author = "CCHC"
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
