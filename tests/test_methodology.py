import pytest

from cchc import methodology


@pytest.mark.parametrize(
    "index, indicator, lang, expected",
    [
        ("papi", "papi", "vi", "tổng điểm các thành phần"),
        ("par", "par", "en", "points achieved / maximum points × 100%"),
        ("svc766", "svc766.3.1", "vi",
         "tỷ lệ = (onestop.digitised) / (onestop.received); đạt 8 điểm khi tỷ lệ ≥ 80%, nếu không: tỷ lệ × 8 / 80%"),
        ("svc766", "svc766.5.2", "en",
         "ratio = 1 − (onestop.resolved_late + onestop.complaints) / (onestop.resolved); "
         "10 points at or above 90%, else ratio × 10 / 90%"),
        ("sipas", "sipas.1", "vi", "(sipas.1.satisfied) / (sipas.1.answers) × 100"),
        ("hy_par_xa", "hy_par_xa", "vi",
         "tổng điểm các thành phần; quy đổi điểm các thành phần có số liệu về thang đầy đủ"),
        ("papi", "papi.6.1", "vi", "số liệu công bố"),
    ],
)
def test_node_rule_in_words(definitions, index, indicator, lang, expected):
    assert methodology.node_rule(definitions[index].node(indicator), lang) == expected


def test_component_table_lists_every_node_with_its_maximum(definitions):
    table = methodology.component_table(definitions["papi"], "vi")
    assert table.height == 1 + 8 + 28
    row = table.filter(table["indicator_id"] == "papi.6.1").row(0, named=True)
    assert row["max"] == 2.5 and row["depth"] == 2 and row["name"].strip() == "Y tế công lập"


@pytest.mark.parametrize(
    "index, lang, expected",
    [
        ("par", "vi", "Nhóm A: từ 90; Nhóm B: từ 80; Dưới 80%: dưới mức trên"),
        ("papi", "en", "Four quartile groups by rank: best, high average, low average, poor"),
    ],
)
def test_groups_text(definitions, index, lang, expected):
    assert methodology.groups_text(definitions[index], lang) == expected


def test_reexpress_text(definitions):
    assert methodology.reexpress_text(definitions["hy_par_so"], "vi") == "Không quy đổi được"
