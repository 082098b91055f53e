"""Build the shipped 16:9 PowerPoint template ``data/templates/cchc_16x9.pptx``.

    .venv/bin/python scripts/build_template.py [--out PATH]

Starts from python-pptx's default template (4:3, Calibri) and makes it the
project's: 13.333 × 7.5 in (16:9), Noto Sans (complete Vietnamese glyphs) for
headings and body, the project's colour-blind-safe palette as theme colours,
left-aligned titles, a thin blue bar along the top of every slide, and every
placeholder of the master and the layouts moved to the wider slide. No slides.
Run it again after changing the design and commit the file.
"""

from __future__ import annotations

import argparse
import copy
import io
import sys
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cchc.loading import write_bytes  # noqa: E402

OUT = ROOT / "data" / "templates" / "cchc_16x9.pptx"
WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in, what PowerPoint calls 16:9
FONT = "Noto Sans"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
THEME_COLOURS = {  # Okabe–Ito, as cchc.theme
    "dk1": "1F2933", "lt1": "FFFFFF", "dk2": "1F2933", "lt2": "F3F4F6",
    "accent1": "0072B2", "accent2": "E69F00", "accent3": "009E73", "accent4": "D55E00",
    "accent5": "CC79A7", "accent6": "56B4E9", "hlink": "0072B2", "folHlink": "6B7280",
}
MARGIN = Inches(0.5)


def _theme(prs: Presentation) -> None:
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.set("name", "CCHC")
    ns = {"a": A}
    scheme = root.find(".//a:clrScheme", ns)
    scheme.set("name", "CCHC")
    for name, hexa in THEME_COLOURS.items():
        slot = scheme.find(f"a:{name}", ns)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A}}}srgbClr", val=hexa)
    fonts = root.find(".//a:fontScheme", ns)
    fonts.set("name", "CCHC")
    for which in ("majorFont", "minorFont"):
        fonts.find(f"a:{which}/a:latin", ns).set("typeface", FONT)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _text_styles(prs: Presentation) -> None:
    """Master title style: left, bold, 28 pt, dark; body: 18 pt, dark grey."""
    ns = {"a": A, "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
    master = prs.slide_master._element
    title = master.find(".//p:txStyles/p:titleStyle/a:lvl1pPr", ns)
    title.set("algn", "l")
    rpr = title.find("a:defRPr", ns)
    rpr.set("sz", "2800")
    rpr.set("b", "1")
    for lvl in master.findall(".//p:txStyles/p:bodyStyle/*", ns):
        r = lvl.find("a:defRPr", ns)
        if r is not None and r.get("sz"):
            r.set("sz", str(max(1200, int(int(r.get("sz")) * 0.6))))


def _stretch(shapes, sx: float) -> None:
    for shp in shapes:
        if shp.left is not None:
            shp.left, shp.width = Emu(int(shp.left * sx)), Emu(int(shp.width * sx))


def _place_titles(prs: Presentation) -> None:
    for layout in list(prs.slide_layouts) + [prs.slide_master]:
        for ph in layout.placeholders:
            kind = ph.placeholder_format.type
            if layout.name == "Title Slide":
                continue
            if kind is not None and ph.placeholder_format.idx == 0:
                ph.left, ph.top, ph.width, ph.height = MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.8)
    title_slide = prs.slide_layouts.get_by_name("Title Slide")
    for ph in title_slide.placeholders:
        if ph.placeholder_format.idx == 0:
            ph.left, ph.top, ph.width, ph.height = Inches(0.8), Inches(2.0), WIDTH - Inches(1.6), Inches(1.8)
        elif ph.placeholder_format.idx == 1:
            ph.left, ph.top, ph.width, ph.height = Inches(0.8), Inches(3.9), WIDTH - Inches(1.6), Inches(1.4)
        if ph.placeholder_format.idx in (0, 1):
            for p in ph.text_frame.paragraphs:
                p.alignment = PP_ALIGN.LEFT


def _top_bar(prs: Presentation) -> None:
    """A thin accent bar on the master (drawn on a scratch slide, moved to the master)."""
    scratch = prs.slides.add_slide(prs.slide_layouts.get_by_name("Blank"))
    bar = scratch.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, WIDTH, Inches(0.12))
    bar.fill.solid()
    bar.fill.fore_color.rgb = RGBColor.from_string("0072B2")
    bar.line.fill.background()
    bar.shadow.inherit = False
    bar.name = "CCHC top bar"
    tree = prs.slide_master.shapes._spTree
    tree.insert(2, copy.deepcopy(bar._element))
    rid = prs.slides._sldIdLst[-1].rId
    prs.part.drop_rel(rid)
    del prs.slides._sldIdLst[-1]


def build() -> bytes:
    prs = Presentation()
    sx = WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.part._element.sldSz.attrib.pop("type", None)  # not "screen4x3" any more
    _stretch(prs.slide_master.shapes, sx)
    for layout in prs.slide_layouts:
        _stretch(layout.placeholders, sx)
    _theme(prs)
    _text_styles(prs)
    _place_titles(prs)
    _top_bar(prs)
    prs.core_properties.title = "CCHC 16:9"
    prs.core_properties.author = "CCHC dashboard"
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args()
    path = write_bytes(args.out, build())
    prs = Presentation(str(path))
    print(f"{path}: {prs.slide_width / 914400:.3f} × {prs.slide_height / 914400:.3f} in, "
          f"{len(prs.slide_layouts)} layouts, {len(prs.slides)} slides")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
