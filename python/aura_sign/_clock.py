"""The clock is read here, in Python (so freezegun and test clocks work),
and passed to the core as whole Unix seconds."""

from __future__ import annotations

import time
from typing import Optional


def now_or(now: Optional[int]) -> int:
    if now is None:
        return int(time.time() // 1)
    if isinstance(now, bool) or not isinstance(now, int):
        raise TypeError("now must be an int (Unix seconds) or None")
    return now
