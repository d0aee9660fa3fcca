"""minutes-bot: turns the minutes of project calls into tracked GitHub work."""

import os

# pydantic looks for plugins by scanning the entry points of every installed distribution
# when the first model is defined: a tenth of a second on a full runner image, for plugins the
# bot never uses. Set before any bot module imports pydantic; an explicit setting wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def __getattr__(name: str) -> str:
    """`bot.__version__`, looked up on first use.

    Importing importlib.metadata costs every command (`extract` included) about a third of
    importing pydantic, and only `--version` needs it.
    """
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        # Set at build time from the git tag (hatch-vcs), so a release and its tag never disagree.
        return version("minutes-bot")
    except PackageNotFoundError:  # imported from a source tree that was never installed
        return "0.0.0"
