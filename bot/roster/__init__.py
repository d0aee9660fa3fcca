"""`roster suggest`: name → login suggestions for the config's `people`, with their evidence.

The bot never guesses a login at run time; this package helps a maintainer write the roster
once, from what the minutes, the pull requests and the git history already say. It only
prints: nothing here writes to GitHub or to the config.
"""
