"""A discrete-event simulation of clients spending one budget against a server that enforces it exactly.

Virtual time only (nothing sleeps), seeded randomness: each run is deterministic and takes milliseconds
of real time for a minute of simulated traffic. The server is Kalshi's bucket as documented: continuous
refill at ``rate`` up to ``capacity``, full at the start, a request admitted only if the whole cost is
there. Each worker loops: reserve through the limiter (at its own, possibly noisy, clock), wait what it
is told, send; the request reaches the server after a random delay (the network, the GIL, a stalled
thread) and the answer comes back after another. A 429 is reported to the limiter and the request tried again.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from kalshi_orders import RateLimiter


@dataclass
class ExactServer:
    rate: float
    capacity: float
    tokens: float = field(init=False)
    stamp: float = 0.0
    admitted_tokens: float = 0.0
    admitted: int = 0
    rejected: int = 0
    down: tuple[float, float] | None = None  # answer 429 to everything in [start, end)

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def arrive(self, cost: float, now: float) -> bool:
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.down is not None and self.down[0] <= now < self.down[1]:
            self.rejected += 1
            return False
        if self.tokens >= cost:
            self.tokens -= cost
            self.admitted_tokens += cost
            self.admitted += 1
            return True
        self.rejected += 1
        return False


@dataclass
class SimResult:
    server: ExactServer
    duration: float
    sent_in: Callable[[float, float], int]

    @property
    def utilisation(self) -> float:
        return self.server.admitted_tokens / (self.server.rate * self.duration)


def simulate(
    make_limiter: Callable[[Callable[[], float]], RateLimiter],
    *,
    rate: float = 200.0,
    capacity: float = 200.0,
    operation: str = "GetOrders",
    cost: float = 10.0,
    workers: int = 1,
    duration: float = 60.0,
    latency: tuple[float, float] = (0.001, 0.030),
    stall_probability: float = 0.02,
    stall: float = 0.15,
    clock_noise: float = 0.0,
    seed: int = 7,
    server_down: tuple[float, float] | None = None,
) -> SimResult:
    rng = random.Random(seed)
    now = [0.0]

    def clock() -> float:
        return now[0] + (rng.uniform(-clock_noise, clock_noise) if clock_noise else 0.0)

    limiter = make_limiter(clock)
    server = ExactServer(rate, capacity, down=server_down)
    sends: list[float] = []

    def one_way() -> float:
        delay = rng.uniform(*latency)
        if rng.random() < stall_probability:
            delay += rng.uniform(0, stall)
        return delay

    # (time, seq, kind, worker); kind: "reserve" (worker is free) or "arrive" (its request reaches the server)
    events: list[tuple[float, int, str, int]] = []
    seq = 0
    for worker in range(workers):
        heapq.heappush(events, (rng.uniform(0, 0.001), seq, "reserve", worker))
        seq += 1
    while events:
        at, _, kind, worker = heapq.heappop(events)
        if at >= duration:
            continue
        now[0] = at
        if kind == "reserve":
            wait = limiter.reserve(operation)
            send_at = at + wait
            sends.append(send_at)
            heapq.heappush(events, (send_at + one_way(), seq, "arrive", worker))
        else:
            ok = server.arrive(cost, at)
            back = at + one_way()
            if not ok:
                now[0] = back
                limiter.rate_limited(operation)
            heapq.heappush(events, (back, seq, "reserve", worker))
        seq += 1

    def sent_in(start: float, end: float) -> int:
        return sum(1 for t in sends if start <= t < end)

    return SimResult(server, duration, sent_in)
