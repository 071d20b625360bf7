"""A token bucket per key (a client address): ``rate`` requests, refilled evenly over ``per`` seconds.

In memory, per process: enough to make guessing links or hammering the sign-in slow. Behind a load balancer
each process counts for itself, so the effective limit is that times the number of processes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

MAX_KEYS = 10_000


class TokenBucket:
    def __init__(self, rate: int, per: float, clock: Callable[[], float] = time.monotonic):
        self.rate, self.per, self.clock = rate, per, clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.rate), now))
            tokens = min(float(self.rate), tokens + (now - last) * self.rate / self.per)
            allowed = tokens >= 1.0
            self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
            if len(self._buckets) > MAX_KEYS:
                self._forget_full(now)
            return allowed

    def _forget_full(self, now: float) -> None:
        """Drop the buckets that have refilled: they behave exactly like a new one."""
        for key, (tokens, last) in list(self._buckets.items()):
            if tokens + (now - last) * self.rate / self.per >= self.rate:
                del self._buckets[key]


def parse_rate(text: str) -> tuple[int, float]:
    """``"20/60"``: 20 requests per 60 seconds."""
    count, _, seconds = text.partition("/")
    rate, per = int(count), float(seconds or 60)
    if rate < 1 or per <= 0:
        raise ValueError(f"ongeldige limiet '{text}': gebruik aantal/seconden, bijvoorbeeld 20/60")
    return rate, per
