"""Browser tests of what fits where (Debian chromium against `streamlit run`): the charts of Overview,
Rankings, Trends, Profile and Compare on a 390×844 phone, the presentation view on projectors of 1280×720 and
1024×768, and long legend entries on a desktop.

Measured on the drawn page, never on the figure's JSON: a chart's title (and subtitle) lies inside its
SVG, its legend entries do not overlap one another, its year labels neither, the plot keeps most of
the chart's width, the toolbar does not cover the title, a map's legend is not drawn over the map; a
slide's charts and source note end inside the window, the ranking's legend appears once, and the
next slide is already drawn before the presenter moves to it. Screenshots go to the test's tmp_path.
"""

from __future__ import annotations

import pytest

from tests.browser import wait_for_charts, wait_for_query, wait_idle

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                       "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
         "locale": "vi-VN"}

# Every chart on the page, measured as drawn: boxes are [left, top, right, bottom] in CSS pixels.
CHARTS_JS = """(scope) => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const root = scope ? document.querySelector(scope) : document;
    return Array.from(root.querySelectorAll('.js-plotly-plot')).map(gd => {
        const svg = gd.querySelector('.main-svg'), L = gd._fullLayout, s = L._size;
        const title = gd.querySelector('.infolayer .gtitle');
        const subtitle = gd.querySelector('.infolayer .gtitle-subtitle');
        const items = Array.from(gd.querySelectorAll('.infolayer .legend .traces'))
            .map(t => ({text: t.textContent, box: box(t)}));
        const shown = e => e.textContent && e.getBoundingClientRect().width > 0;
        const ticks = Array.from(gd.querySelectorAll('.xaxislayer-above .xtick text')).filter(shown).map(box);
        const yticks = Array.from(gd.querySelectorAll('.yaxislayer-above .ytick text')).filter(shown).map(box);
        const labels = Array.from(gd.querySelectorAll('text.bartext, .textpoint text')).filter(shown).map(box);
        const modebar = gd.querySelector('.modebar');
        const legend = gd.querySelector('.infolayer .legend');
        const legend_bg = gd.querySelector('.infolayer .legend .bg');
        const notes = Array.from(gd.querySelectorAll('.infolayer .annotation')).filter(shown)
            .map(a => ({text: a.textContent, box: box(a)}));
        const map = gd.querySelector('.maplibregl-canvas, .mapboxgl-canvas');
        return {svg: box(svg), title: title && title.textContent ? box(title) : null,
                subtitle: subtitle && subtitle.textContent ? box(subtitle) : null,
                title_text: title ? title.textContent : '', items, ticks, yticks, labels, notes,
                modebar: modebar ? box(modebar) : null, legend: legend ? box(legend) : null,
                legend_box: legend_bg ? box(legend_bg) : null,
                map: map ? box(map) : null, timeseries: !!(L.xaxis && L.xaxis.type === 'date'),
                plot_share: s.w / L.width, container: box(gd.parentElement), height: L.height};
    });
}"""


def inside(inner, outer, slack=1.0) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and inner[2] <= outer[2] + slack
            and inner[3] <= outer[3] + slack)


def overlap(a, b, slack=0.5) -> bool:
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


def pairs_overlapping(boxes):
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if overlap(boxes[i], boxes[j])]


def check_chart(c: dict, where: str) -> None:
    """What every chart must satisfy wherever it is drawn."""
    for part in ("title", "subtitle"):
        if c[part]:
            assert inside(c[part], c["svg"]), f"{where}: the {part} runs off the chart: {c[part]} vs {c['svg']}"
    items = [i["box"] for i in c["items"]]
    assert not pairs_overlapping(items), f"{where}: legend entries drawn over one another: {c['items']}"
    for i in c["items"]:  # Plotly clips the legend to its box: an entry running past it is cut
        assert inside(i["box"], c["svg"]), f"{where}: legend entry {i['text']!r} runs off the chart"
        assert c["legend_box"] and i["box"][2] <= c["legend_box"][2] + 1, f"{where}: legend entry {i['text']!r} is cut"
    assert not pairs_overlapping(c["ticks"]), f"{where}: x-axis labels drawn over one another"
    for t in c["ticks"]:
        assert inside(t, c["svg"]), f"{where}: an x-axis label runs off the chart"
    for b in c["labels"]:  # numbers written on or beside bars: on the chart, clear of the axis' labels
        assert inside(b, c["svg"]), f"{where}: a bar's label runs off the chart"
        assert not any(overlap(b, t) for t in c["yticks"]), f"{where}: a bar's label is written over an axis label"
    for a in c["notes"]:  # the source note, component labels, event labels: never cut at the sides
        left, _, right, _ = a["box"]
        assert left >= c["svg"][0] - 1 and right <= c["svg"][2] + 1, f"{where}: {a['text'][:50]!r} runs off the chart"


@pytest.fixture()
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("name, path, n", [
    ("overview", "/?index=papi&period=2023", 3),
    ("rankings", "/rankings?index=papi&period=2023&unit=vn63:province:46", 1),
    ("trends", "/trends?index=papi&period=2023&units=vn63:province:01,vn63:province:40,vn63:province:46", 2),
    ("profile", "/profile?index=papi&period=2025&unit=vn34:province:25", 2),
    ("compare", "/compare?index=papi&period=2024&units=vn63:province:22,vn63:province:17,vn63:province:75", 2),
    ("rankings-intervals", "/rankings?index=papi&period=2023&ci=1", 1),
    ("onestop", "/onestop?level=commune&parent=vn63:district:332&period=2025-Q2", 1),
    ("trends-quarters", "/trends?index=svc766&level=commune&grain=quarter", 1),
])
def test_charts_fit_a_phone(served, phone, name, path, n, tmp_path):
    phone.goto(served + path)
    wait_for_charts(phone, n)
    charts = phone.evaluate(CHARTS_JS, None)
    phone.screenshot(path=str(tmp_path / f"phone-{name}.png"), full_page=True)
    assert len(charts) >= n
    for k, c in enumerate(charts):
        where = f"{name} chart {k + 1} ({c['title_text'][:40]!r})"
        check_chart(c, where)
        assert c["svg"][2] <= 390 + 1, f"{where}: wider than the phone"
        if c["title"] and c["modebar"]:
            assert not overlap(c["title"], c["modebar"]), f"{where}: the toolbar sits on the title"
        if c["timeseries"]:
            assert c["plot_share"] >= 0.6, f"{where}: the plot is squeezed into {c['plot_share']:.0%} of the chart"
        if c["map"] and c["legend"]:
            assert c["legend"][1] >= c["map"][3] - 1, f"{where}: the legend covers the map"


def visible_slide(page, k: int) -> None:
    """Wait until slide ``k`` is shown and its charts have taken the height the window leaves them."""
    page.locator(f".st-key-deck_{k} .js-plotly-plot").first.wait_for(timeout=60000)
    wait_idle(page)
    page.wait_for_function("""k => {
        const slide = document.querySelector(`.st-key-deck_${k}`);
        if (!slide || getComputedStyle(slide).visibility !== 'visible') return false;
        return Array.from(slide.querySelectorAll('.js-plotly-plot')).every(gd =>
            gd._fullLayout && Math.abs(gd._fullLayout.height - gd.parentElement.getBoundingClientRect().height) < 2);
    }""", arg=k, timeout=30000)


SLIDE_JS = """k => {
    const slide = document.querySelector(`.st-key-deck_${k}`);
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    return {charts: Array.from(slide.querySelectorAll('[data-testid=stPlotlyChart]')).map(box),
            foot: box(slide.querySelector('[class*=st-key-deck_foot]')),
            title: box(slide.querySelector('h1')),
            html_legend: Array.from(slide.querySelectorAll('.slide-legend span')).map(e => e.textContent),
            plotly_legends: Array.from(slide.querySelectorAll('.infolayer .legend')).length,
            window: [innerWidth, innerHeight]};
}"""


@pytest.mark.parametrize("width, height", [(1280, 720), (1024, 768)])
def test_every_slide_fits_a_projector(browser, served, width, height, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    page.goto(served + "/present?index=par&period=2023")
    visible_slide(page, 1)
    n = int(page.locator(".st-key-slide_count p").inner_text().split("/")[1])
    assert n == 5
    for k in range(1, n + 1):
        if k > 1:
            page.keyboard.press("ArrowRight")
            wait_for_query(page, slide=str(k))
            visible_slide(page, k)
        page.screenshot(path=str(tmp_path / f"slide-{k}-{width}x{height}.png"))
        s = page.evaluate(SLIDE_JS, k)
        w, h = s["window"]
        for box in s["charts"]:
            assert box[3] <= h + 0.5 and box[2] <= w + 0.5, f"slide {k}: a chart ends outside the window: {box}"
            assert box[3] - box[1] >= 200, f"slide {k}: a chart squeezed to {box[3] - box[1]:.0f} px"
        assert s["foot"][3] <= h + 0.5, f"slide {k}: the source note ends outside the window ({s['foot'][3]} > {h})"
        assert s["title"][2] <= w + 0.5, f"slide {k}: the title runs off the window"
        for c in page.evaluate(CHARTS_JS, f".st-key-deck_{k}"):
            check_chart(c, f"slide {k}")
        if k == 1:  # the ranking in columns: one legend for the slide, each group once
            assert len(s["charts"]) == 3 and s["plotly_legends"] == 0
            assert s["html_legend"] == ["Nhóm A", "Nhóm B"]
    context.close()


def test_the_next_slide_is_drawn_before_the_presenter_moves(page, served):
    page.goto(served + "/present?index=par&period=2023")
    visible_slide(page, 1)
    ready = page.evaluate("""() => {
        const next = document.querySelector('.st-key-deck_2 .js-plotly-plot');
        window.__next = next;
        return !!(next && next.querySelector('.main-svg')) && getComputedStyle(next).visibility === 'hidden';
    }""")
    assert ready                                                   # drawn, not shown
    page.keyboard.press("ArrowRight")
    wait_for_query(page, slide="2")
    visible_slide(page, 2)
    assert page.evaluate("() => document.querySelector('.st-key-deck_2 .js-plotly-plot') === window.__next")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.st-key-deck_1')).visibility") == "hidden"


@pytest.mark.parametrize("path, mean", [
    ("/trends?index=papi&period=2023&units=vn63:province:46", "TrungbìnhvùngBắcTrungBộvàduyênhảimiềnTrung"),
    ("/rankings?index=papi&period=2023&unit=vn63:province:46", "TrungbìnhBắcTrungBộvàduyênhảimiềnTrung:"),
])
def test_long_legend_entries_are_wrapped_not_cut_on_a_laptop(browser, served, path, mean, tmp_path):
    """Huế's region has the longest name: its mean is in the legend in full (on two lines), inside the chart."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    page.goto(served + path)
    wait_for_charts(page, 1)
    chart = page.evaluate(CHARTS_JS, None)[0]
    page.screenshot(path=str(tmp_path / "desktop.png"))
    check_chart(chart, path)
    texts = [i["text"].replace(" ", "") for i in chart["items"]]
    assert any(t.startswith(mean) for t in texts), texts
    assert not any("…" in t for t in texts)
    context.close()


def test_a_phone_table_shows_rank_unit_score_and_move_whole(served, phone, tmp_path):
    """On a phone the league table keeps four columns that fit 390 px (rank and unit pinned), not the first
    columns of a desktop table cut at the edge."""
    phone.goto(served + "/rankings?index=papi&period=2023")
    grid = phone.locator("[data-testid=stDataFrame]").last
    grid.wait_for(timeout=60000)
    wait_idle(phone)
    headers = phone.evaluate("""() => {
        const grids = document.querySelectorAll('[data-testid=stDataFrame]');
        const grid = grids[grids.length - 1];
        return Array.from(grid.querySelectorAll('table thead th, [role=columnheader]')).map(h => h.textContent.trim())
            .filter(Boolean);
    }""")
    box = grid.bounding_box()
    grid.scroll_into_view_if_needed()
    grid.screenshot(path=str(tmp_path / "phone-table.png"))
    assert headers[:4] == ["Hạng", "Đơn vị", "Điểm", "± hạng"] and len(headers) == 4, headers
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1
