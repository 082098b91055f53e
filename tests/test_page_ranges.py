"""AppTest of period ranges on the rankings and overview pages: a quarter or a custom range from the link, the
"Xem theo" control, the canonical text in the URL, and a bad range falling back with the link warning."""

import pytest

from tests import pages_helpers as ph

RANKINGS = "views/rankings.py"


def table(at):
    return max((d.value for d in at.dataframe), key=len)


def subtitle(at) -> str:
    return next(c.value for c in at.caption if "·" in c.value and ("Cấp" in c.value or "Commune" in c.value))


@pytest.mark.parametrize("period, kind, label", [
    ("2025-Q3", "quarter", "Quý III/2025"),
    ("2025-07..2025-12", "custom", "Tháng 7/2025 – Tháng 12/2025"),
])
def test_a_range_from_the_link_ranks_the_summed_months(period, kind, label):
    at = ph.open_page(RANKINGS, strict=True, index="svc766", period=period)
    assert at.selectbox(key="w:period_kind").value == kind
    assert (ph.param(at, "period"), ph.param(at, "level")) == (period, "commune")
    assert subtitle(at).startswith(label.replace("(", "\\(") + " · Cấp xã")
    assert any("Cộng dồn số liệu các tháng" in c.value for c in at.caption)
    units = table(at)
    assert (units["kind"] == "unit").sum() > 0
    assert not [w.value for w in at.warning if "Liên kết" in w.value]


def test_the_custom_range_pickers_write_the_canonical_text():
    at = ph.open_page(RANKINGS, strict=True, index="svc766", period="2025-07..2025-12")
    assert (at.selectbox(key="w:range_from").value, at.selectbox(key="w:range_to").value) == ("2025-07", "2025-12")
    at.selectbox(key="w:range_to").select("2025-06").run()        # the ends in either order: sorted
    ph.ok(at)
    assert ph.param(at, "period") == "2025-06..2025-07"
    at.selectbox(key="w:period_kind").select("ytd").run()
    ph.ok(at)
    assert ph.param(at, "period") == "2026-YTD"
    assert subtitle(at).startswith("Từ đầu năm đến Tháng 10/2026")


def test_a_month_is_still_offered_and_a_bad_range_falls_back_with_the_link_warning():
    at = ph.open_page(RANKINGS, strict=True, index="svc766", level="commune", period="2025-13..<b>x</b>")
    warned = [w.value for w in at.warning if "Liên kết" in w.value]
    assert warned and "<b>" not in warned[0]
    assert at.selectbox(key="w:period_kind").value == "month" and ph.param(at, "period") == "2026-10"


def test_a_province_of_published_scores_offers_months_only():
    at = ph.open_page(RANKINGS, strict=True, index="svc766", level="province")
    assert not [s for s in at.selectbox if s.key == "w:period_kind"]


def test_the_overview_shows_the_range_label():
    at = ph.open_page("views/overview.py", strict=True, index="svc766", period="2026-Q1", lang="en")
    assert subtitle(at).startswith("Q1 2026 · Communes")
    assert any("Q4 2025" in s.value and "Q1 2026" in s.value for s in at.subheader)   # movers since the last quarter


@pytest.mark.parametrize("period, label", [("2025-Q3", "Quý III/2025"), ("2025-07..2025-12", "Tháng 7/2025 – Tháng 12/2025")])
def test_the_presentation_shows_the_range_of_the_link(period, label):
    at = ph.open_page("views/present.py", strict=True, index="svc766", period=period)
    assert ph.param(at, "period") == period
    subtitles = [m.value for m in at.markdown if "Cấp xã" in m.value]
    assert subtitles and all(s.startswith(label.replace("(", "\\(")) for s in subtitles[:3])  # bars, map, distribution
