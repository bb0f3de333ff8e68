"""The clock is read here, in Python (so freezegun and test clocks work),
and passed to the core as whole Unix seconds.

A given ``now`` is passed on as it is: the native layer applies the core's one
rule (``aura_core::js::time::unix_seconds``), so bool, float, NaN, ±inf and
ints beyond ±(2**53 - 1) raise :class:`~aura_sign.errors.InvalidInput`
(code ``invalid_input``) and a non-number raises ``TypeError``."""

from __future__ import annotations

import time
from typing import Optional


def now_or(now: Optional[int]) -> int:
    if now is None:
        return int(time.time() // 1)
    return now
