"""minutes-bot: turns the minutes of project calls into tracked GitHub work."""

from importlib.metadata import PackageNotFoundError, version

try:
    # Set at build time from the git tag (hatch-vcs), so a release and its tag never disagree.
    __version__ = version("minutes-bot")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0.0.0"
