"""Fixtures and builders several test modules share.

The fake GitHub's fixtures come from tests/fakegithub; the builders below make the values
the planners take (a follow-up as extraction finds it) and the bot's client on a fake
clock, so no test waits for real and each module does not keep its own copy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bot.domain.config import Config
from bot.domain.models import FollowUp
from bot.github.client import GitHubClient
from tests.fakegithub import ACTIONS_TOKEN
from tests.fakegithub.fixtures import fake_github, fake_github_server  # noqa: F401  (pytest fixtures)
from tests.support import Clock


def follow_up(
    line: int,
    text: str,
    owners: Sequence[str] = (),
    names: Sequence[str] = (),
    unresolved: Sequence[str] = (),
    due: date | None = None,
) -> FollowUp:
    """A follow-up as extraction reports it: resolved `owners` (logins) and their `names`."""
    return FollowUp(
        id=f"f{line}",
        line=line,
        owners=list(owners),
        owner_names=list(names),
        unresolved_names=list(unresolved),
        due=due,
        text=text,
        topic=None,
        confidence=0.9,
    )


def bot_client(
    config: Config, env: Mapping[str, str] | None = None, clock: Clock | None = None
) -> GitHubClient:
    """The bot's client as the Actions token, on a fake clock: pacing and waits cost no time."""
    clock = clock or Clock()
    env = env if env is not None else {"GITHUB_TOKEN": ACTIONS_TOKEN}
    return GitHubClient.from_env(config, env, sleep=clock.sleep, clock=clock, wall=clock)
