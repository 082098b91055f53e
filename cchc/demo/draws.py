"""Deterministic random draws for the demo data, and the observation rows they become.

Every generator takes a ``numpy.random.Generator`` built by :func:`rng_for`
from a fixed seed and a label, so a dataset does not change when another one
is added or reordered.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

SEED = 20251

def rng_for(label: str, seed: int = SEED) -> np.random.Generator:
    """A generator seeded from ``seed`` and ``label`` (stable across runs and machines)."""
    digest = hashlib.sha256(f"{seed}:{label}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def fit_mean(values: np.ndarray, target: float, lo: float, hi: float, decimals: int) -> np.ndarray:
    """Shift (and if needed shrink) ``values`` so their rounded mean is exactly ``target``.

    Values stay strictly inside (lo, hi). The rounding residual goes to the
    value closest to the middle, so the order of the others is unchanged.
    """
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return x
    centre = x.mean()
    spread = x - centre
    room = min(target - lo, hi - target)
    widest = np.abs(spread).max() if x.size else 0.0
    scale = 1.0 if widest == 0 or widest < room * 0.98 else room * 0.98 / widest
    y = np.round(target + spread * scale, decimals)
    residual = round(target * x.size - y.sum(), decimals)
    y[np.argmin(np.abs(spread))] = round(y[np.argmin(np.abs(spread))] + residual, decimals)
    return y


def split_total(total: float, weights: np.ndarray, maxima: np.ndarray, decimals: int,
                minima: np.ndarray | None = None) -> np.ndarray:
    """Split ``total`` into parts proportional to ``weights``, within [minima, maxima].

    The parts, rounded to ``decimals``, add up exactly to ``total`` rounded to
    ``decimals``; the rounding residual goes to the part with the most room.
    """
    w = np.asarray(weights, dtype=float)
    mx = np.asarray(maxima, dtype=float)
    mn = np.zeros_like(mx) if minima is None else np.asarray(minima, dtype=float)
    parts = w / w.sum() * total
    for _ in range(50):  # water-filling: clip, then spread the excess over the free parts
        clipped = np.clip(parts, mn, mx)
        excess = total - clipped.sum()
        free = (clipped < mx - 1e-9) if excess > 0 else (clipped > mn + 1e-9)
        if abs(excess) < 1e-12 or not free.any():
            parts = clipped
            break
        parts = clipped + np.where(free, w / w[free].sum() * excess, 0.0)
    parts = np.round(parts, decimals)
    residual = round(round(total, decimals) - parts.sum(), decimals)
    room = (mx - parts) if residual > 0 else (parts - mn)
    parts[int(np.argmax(room))] = round(parts[int(np.argmax(room))] + residual, decimals)
    return parts


def sorted_uniform(rng: np.random.Generator, n: int, lo: float, hi: float) -> np.ndarray:
    """``n`` values drawn uniformly in (lo, hi), sorted from high to low."""
    return np.sort(rng.uniform(lo, hi, size=n))[::-1]


def observation(unit_id: str, period: str, indicator: str, value: float | None, n: int | None = None,
                note: str | None = None, se: float | None = None) -> dict[str, Any]:
    """One row of the observation table (docs/design.md); ``se`` only for survey estimates."""
    return {"unit_id": unit_id, "period": period, "indicator_id": indicator, "value": value,
            "n": n, "se": se, "note": note}


DESIGN_EFFECT = 1.3
"""Square root of the design effect of a clustered household survey: standard errors this much
wider than simple random sampling would give (a plausible value, not a published one)."""


def survey_se(sd: float, n: int, rng: np.random.Generator | None = None, decimals: int = 4) -> float:
    """A plausible standard error of a survey mean: ``DESIGN_EFFECT × sd / √n``, times a small
    jitter (uniform 0.9–1.1) drawn from ``rng`` when given. Draw it from a generator of its own
    (:func:`rng_for` with an ``-se`` label), so adding standard errors leaves every value as it was.

    >>> survey_se(0.5, 400)
    0.0325
    """
    jitter = float(rng.uniform(0.9, 1.1)) if rng is not None else 1.0
    return round(float(DESIGN_EFFECT * sd / np.sqrt(n) * jitter), decimals)


def share_se(percent: float, n: int, decimals: int = 4) -> float:
    """Standard error (percentage points) of a share of satisfied answers ``percent`` (0–100) among
    ``n`` respondents: ``DESIGN_EFFECT × √(p(1−p)/n) × 100``.

    >>> share_se(80.0, 400)
    2.6
    """
    p = min(max(percent / 100.0, 0.0), 1.0)
    return round(DESIGN_EFFECT * float(np.sqrt(p * (1 - p) / n)) * 100.0, decimals)
