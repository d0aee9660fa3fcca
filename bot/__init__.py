"""minutes-bot: turns the minutes of project calls into tracked GitHub work."""

import os

__version__ = "0.1.0"

# pydantic looks for plugins by scanning the entry points of every installed distribution
# when the first model is defined: a tenth of a second on a full runner image, for plugins the
# bot never uses. Set before any bot module imports pydantic; an explicit setting wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
