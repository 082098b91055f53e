import plotly.graph_objects as go
import plotly.io as pio
import pytest

from cchc import theme
from cchc.figures import captioned


def test_template_is_registered_with_a_vietnamese_font():
    assert theme.register_template() == "cchc"
    layout = pio.templates["cchc"].layout
    assert "Noto Sans" in layout.font.family and layout.separators == ",."
    assert layout.paper_bgcolor == "white"


@pytest.mark.parametrize("codes, first, last", [(["A", "B", "C"], "#0072B2", "#D55E00"),
                                                (["XS", "T", "K", "TB", "Y"], "#0072B2", "#D55E00")])
def test_band_colours_best_first(codes, first, last):
    colours = theme.band_colours(codes)
    assert colours[codes[0]] == first and colours[codes[-1]] == last


def test_captioned_figure_carries_its_words():
    fig = captioned(go.Figure(), title="PAPI", subtitle="Năm 2023 · Cấp tỉnh", source_note="Nguồn: UNDP", lang="en")
    assert fig.layout.title.text == "PAPI" and fig.layout.title.subtitle.text == "Năm 2023 · Cấp tỉnh"
    assert fig.layout.annotations[0].text == "Nguồn: UNDP" and fig.layout.separators == ".,"
    assert fig.layout.template.layout.font.family.startswith("Noto Sans")
