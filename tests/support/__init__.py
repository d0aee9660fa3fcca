"""Helpers shared by several test modules."""


class Clock:
    """A fake clock: sleeping advances it, so pacing and rate-limit waits cost no time."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
