"""Published figures the demo data is calibrated to (domain brief, shared/domain.md).

These are *real* published numbers; everything else in the demo data is
synthetic and drawn around them. Provinces are named by their vn63 GSO code
(codes are reused in vn34, so these codes mean the old 63 provinces) or, for
vn34, by their short Vietnamese name.
"""

from __future__ import annotations

PAPI_MIN_YEAR, PAPI_MAX_YEAR = 2018, 2024

# PAPI totals (8–80). Years without a published anchor get a mean and spread.
PAPI_YEAR_MEAN = {2018: 42.10, 2019: 42.55, 2020: 43.05, 2021: 42.30, 2022: 42.40, 2023: 42.30, 2024: 41.43, 2025: 42.00}
PAPI_YEAR_SD = 1.55
PAPI_ANCHORS = {
    2023: {
        "ranked": [("46", 46.0415), ("19", 45.78), ("27", 45.70), ("94", 45.61), ("95", 45.57)],
        "fixed_rank": [("01", 15, 43.96)],
        "bottom_range": (38.97, 39.95),  # bottom five span this range
        "not_scored": ["22", "74"],  # Quảng Ninh, Bình Dương
    },
    2024: {"fixed": [("22", 47.82)], "mean": 41.43},
}
# Hà Nội 2023, dimension 6 (public service delivery): 1.7029 + 1.9570 + 2.2548 + 1.9339 = 7.8486
PAPI_FIXED_SUBDIMENSIONS = {("01", 2023): {"6.1": 1.7029, "6.2": 1.9570, "6.3": 2.2548, "6.4": 1.9339}}
# Typical dimension level (1–10) in recent reports; dimensions are scaled to each total.
# Spread of one respondent's sub-dimension score, as a share of the sub-dimension's maximum (a
# plausible assumption, not published): with n ≈ 300 a dimension's 95% interval is about ±0.16
# points and the total's about ±0.45 (PAPI reports show intervals of this size).
PAPI_RESPONDENT_SD_SHARE = 0.22
PAPI_DIMENSION_PROFILE = {"1": 5.05, "2": 5.25, "3": 4.45, "4": 6.75, "5": 7.35, "6": 7.55, "7": 3.45, "8": 3.15}

# PAR INDEX (% of maximum).
PAR_YEAR_MEAN = {2018: 80.92, 2019: 81.73, 2020: 83.03, 2021: 84.98, 2022: 84.99, 2023: 86.98, 2024: 88.37, 2025: 88.90}
PAR_YEAR_SD = 2.6
PAR_ANCHORS = {
    2023: {
        "ranked": [("22", 92.18), ("31", 91.87), ("01", 91.43), ("24", 91.16), ("77", 91.03)],
        "bottom": [("60", 81.87), ("94", 81.70), ("89", 81.32)],
        "mean": 86.98,
    },
    2024: {"ranked": [("31", 96.17)], "mean": 88.37},
}

# SIPAS national index (%): no 2021 survey.
SIPAS_NATIONAL = {2018: 82.99, 2019: 84.45, 2020: 85.48, 2022: 80.08, 2023: 82.66, 2024: 83.94, 2025: 84.30}
SIPAS_RANGE = {2023: (75.03, 90.61)}
SIPAS_SD = 3.0

# Decision 766, Quảng Trị (vn34) July 2025: 15.4 + 19.35 + 9.03 + 17.82 + 16.05 = 77.65, rank 2/34.
SVC766_ANCHORS = {("Quảng Trị", "2025-07"): {"1": 15.4, "2": 19.35, "3": 9.03, "4": 17.82, "5": 16.05}}
SVC766_ANCHOR_RANK = 2
SVC766_FIRST_MONTH, SVC766_LAST_MONTH = "2025-07", "2026-10"

# Demo province for local indices and one-stop data.
DEMO_PROVINCE_CODE = "33"  # Hưng Yên in both geographies
ONESTOP_FIRST_MONTH, ONESTOP_LAST_MONTH = "2024-01", "2026-10"
# Seed 003: communes of a district received 194,597 dossiers in 2.5 years,
# 11.46% early, 88.49% on time, 5 late.
ONESTOP_EARLY_SHARE, ONESTOP_ON_TIME_SHARE = 0.1146, 0.8849
