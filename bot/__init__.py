"""minutes-bot: turns the minutes of project calls into tracked GitHub work."""

__version__ = "0.1.0"
