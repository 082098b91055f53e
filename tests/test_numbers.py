import math

import pytest

from cchc.numbers import MISSING, format_change, format_number, format_percent


@pytest.mark.parametrize(
    "value, decimals, lang, expected",
    [
        (36039, 0, "vi", "36.039"),
        (99.46, 2, "vi", "99,46"),
        (1234567.891, 2, "vi", "1.234.567,89"),
        (1234567.891, 2, "en", "1,234,567.89"),
        (46.0415, 4, "vi", "46,0415"),
        (-3.5, 1, "vi", "−3,5"),
        (0, 2, "vi", "0,00"),
        (None, 2, "vi", MISSING),
        (math.nan, 2, "vi", MISSING),
    ],
)
def test_format_number(value, decimals, lang, expected):
    assert format_number(value, decimals, lang) == expected


@pytest.mark.parametrize(
    "value, decimals, expected",
    [(82.44, 1, "82,4%"), (99.46, 2, "99,46%"), (None, 1, MISSING)],
)
def test_format_percent(value, decimals, expected):
    assert format_percent(value, decimals) == expected


@pytest.mark.parametrize(
    "value, decimals, expected",
    [(1.25, 2, "+1,25"), (-0.5, 2, "−0,50"), (0, 0, "0"), (-0.001, 2, "0,00"), (3, 0, "+3"), (None, 0, MISSING)],
)
def test_format_change_signs_and_missing(value, decimals, expected):
    assert format_change(value, decimals) == expected


@pytest.mark.parametrize("value, decimals, expected", [(5.575, 2, 5.58), (2.135, 2, 2.14), (5.025, 2, 5.03),
                                                       (-2.135, 2, -2.14), (46.04145, 4, 46.0415), (7.8486, 4, 7.8486)])
def test_round_half_up_as_published(value, decimals, expected):
    import polars as pl

    from cchc.numbers import round_half_up, round_half_up_expr

    assert round_half_up(value, decimals) == expected
    assert pl.select(round_half_up_expr(pl.lit(value), decimals)).item() == expected
    assert format_number(value, decimals, "en") == f"{expected:.{decimals}f}".replace("-", "−")
