"""minutes-bot: turns the minutes of project calls into tracked GitHub work."""

import os
from importlib.metadata import PackageNotFoundError, version

try:
    # Set at build time from the git tag (hatch-vcs), so a release and its tag never disagree.
    __version__ = version("minutes-bot")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0.0.0"

# pydantic looks for plugins by scanning the entry points of every installed distribution
# when the first model is defined: a tenth of a second on a full runner image, for plugins the
# bot never uses. Set before any bot module imports pydantic; an explicit setting wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
