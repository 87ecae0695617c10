"""bench/blocking.py counts blocking time as Lighthouse defines it: a task
is clipped at the first contentful paint first, then what it spends beyond
50 ms counts."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from blocking import blocking  # noqa: E402


def test_blocking_time_clips_at_the_first_paint_then_counts_beyond_50_ms():
    fcp = 100
    assert blocking([(0, 90)], fcp) == 0, "a task before the first paint"
    assert blocking([(0, 150)], fcp) == 0, "50 ms of it after the first paint: not blocking"
    assert blocking([(0, 250)], fcp) == 100, "150 ms after the first paint, 100 of them blocking"
    assert blocking([(200, 49), (300, 50), (400, 120)], fcp) == 70
    assert blocking([(0, 250), (400, 120)], fcp) == 170, "tasks add up"
