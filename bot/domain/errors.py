"""The bot's own failure kinds, mapped to the exit codes of the command-line contract."""


class BotError(Exception):
    """An expected failure: reported as one line on stderr, never a traceback."""

    exit_code = 1


class InputError(BotError):
    """Bad usage, config or input: exit 2, nothing was attempted."""

    exit_code = 2


class RunError(BotError):
    """A failure at run time (GitHub, network): exit 1; the next run retries what is left."""

    exit_code = 1
