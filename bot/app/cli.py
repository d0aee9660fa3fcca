"""Command line: argument parsing and wiring only; the work lives in the pipeline modules.

Importing this module loads argparse and little else (no pydantic, YAML or Markdown parser),
so `--help`, `--version` and a usage error answer at once. Each command imports the modules
it uses inside its handler: `extract` runs in CI on every minutes change, and loading what
only `preview`, `roster` or `config-docs` use (and their regexes and pydantic models) would
cost it more than its own work on one file.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.domain.errors import BotError, InputError
from bot.render.escape import json_log_safe, log_safe

if TYPE_CHECKING:
    from bot.domain.config import Config
    from bot.domain.models import PullRequest

    _Commands = argparse._SubParsersAction[argparse.ArgumentParser]

# Where `process`, `remind` and `check-config` look for the config when --config is not given.
DEFAULT_CONFIG = Path("config/minutes-bot.yml")


class _Version(argparse.Action):
    """--version, with the version looked up only when asked (see `bot.__getattr__`)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show program's version number and exit",
        )

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from bot import __version__

        print(f"{parser.prog} {__version__}")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too, but with its usage block
        raise InputError(f"{self.prog}: {message}")


def _load_config(path: Path | None) -> Config:
    """The config of a command; bot.domain.config (pydantic, YAML) is imported by the commands that read one."""
    from bot.domain.config import load_config

    return load_config(path)


def _pulls_from_files(args: argparse.Namespace, config: Config) -> list[PullRequest]:
    if not args.pulls:
        return []
    from bot.github.pulls import load_pulls

    default_repository = next(iter(config.pull_requests.repositories), None)
    return [pull for file in args.pulls for pull in load_pulls(file, default_repository)]


def _cmd_extract(args: argparse.Namespace) -> int:
    from bot.app.findings import findings_of_files
    from bot.domain.models import ExtractOutput
    from bot.render.findings import render_findings

    config = _load_config(args.config)
    meetings, skipped = findings_of_files(args.paths, config, _pulls_from_files(args, config))
    output = ExtractOutput(meetings=meetings)
    if args.format == "json":
        print(json_log_safe(output.model_dump_json(indent=2)))
    else:
        print(log_safe(render_findings(output)), end="")
    return 2 if skipped else 0


def _cmd_preview(args: argparse.Namespace) -> int:
    from bot.app.findings import findings_of_files
    from bot.app.step_summary import append_step_summary
    from bot.domain.minutes_files import series_for
    from bot.plan.preview import render_preview

    config = _load_config(args.config)
    pulls = _pulls_from_files(args, config)
    client = None
    repository = args.repository or os.environ.get("GITHUB_REPOSITORY")
    if args.pr is not None:
        from bot.github.client import GitHubClient

        if not repository:
            raise InputError("--pr needs --repository or GITHUB_REPOSITORY (owner/name)")
        client = GitHubClient.from_env(config, os.environ)
        if not args.pulls:
            # The same live list `process` resolves references with, so the preview matches it.
            pulls = [pull for repo in config.pull_requests.repositories for pull in client.list_pulls(repo)]
    meetings, skipped = findings_of_files(args.paths, config, pulls)
    comment = render_preview(
        [(meeting, series_for(meeting.file, config)) for meeting in meetings],
        config.references,
        config.pull_requests,
        [f"{a.file}: {a.message}" for a in skipped],
    )
    print(log_safe(comment), end="")
    append_step_summary(os.environ, comment)
    status = 0
    if client is not None and repository:
        from bot.app.preview import post_preview

        status = post_preview(client, comment, args.pr, repository, config, os.environ)
    return 2 if skipped else status


def _timestamp(value: str) -> datetime:
    """--now: an ISO 8601 date or time; a time without a zone is UTC, as on Actions runners."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date or time: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _cache_path(args: argparse.Namespace) -> Path | None:
    """--cache, else MINUTES_BOT_CACHE: a workflow can enable the cache with `env:` alone."""
    named = os.environ.get("MINUTES_BOT_CACHE", "").strip()
    return args.cache or (Path(named) if named else None)


def _cmd_process(args: argparse.Namespace) -> int:
    from bot.app.process import process

    config = _load_config(args.config)
    pulls = _pulls_from_files(args, config) if args.pulls else None
    return process(
        config,
        args.minutes_dir,
        os.environ,
        dry_run=args.dry_run,
        now=args.now or datetime.now(UTC),
        pulls=pulls,
        cache_path=_cache_path(args),
    )


def _cmd_remind(args: argparse.Namespace) -> int:
    from bot.app.remind import remind

    config = _load_config(args.config)
    now = args.now or datetime.now(UTC)
    return remind(config, os.environ, dry_run=args.dry_run, now=now, cache_path=_cache_path(args))


def _cmd_check_config(args: argparse.Namespace) -> int:
    from bot.domain.config_check import roster_error, series_warning
    from bot.domain.minutes_files import count_files, series_glob

    config = _load_config(args.config)
    if problem := roster_error(config):
        raise InputError(f"{args.config}: {problem}")
    for series in config.series:
        if warning := series_warning(series, count_files(series_glob(args.minutes_dir, series))):
            print(f"minutes-bot: warning: {args.config}: {warning}", file=sys.stderr)
    print(f"{args.config}: ok ({len(config.people)} people, {len(config.series)} series)")
    return 0


def _cmd_config_docs(args: argparse.Namespace) -> int:
    from bot.app.config_docs import render_table, replace_table

    if args.write is None:
        print(render_table(), end="")
        return 0
    try:
        text = args.write.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{args.write}: cannot read: {exc.strerror or exc}") from None
    updated = replace_table(text, str(args.write))
    if updated != text:
        args.write.write_text(updated, encoding="utf-8")
        print(f"{args.write}: config table updated")
    return 0


def _cmd_roster_suggest(args: argparse.Namespace) -> int:
    from bot.domain.minutes_files import roster_files
    from bot.roster.render import render as render_roster
    from bot.roster.suggest import suggest_roster

    config = _load_config(args.config)
    pulls = _pulls_from_files(args, config)
    files = roster_files(config, args.minutes_dir)
    if not files:
        raise InputError("roster suggest: no minutes files found (give --minutes-dir DIR)")
    profiles = None
    if args.api:
        from bot.github.client import GitHubClient

        if not config.pull_requests.repositories and not args.pulls:
            raise InputError("roster suggest --api: set pull_requests.repositories in the config")
        client = GitHubClient.from_env(config, os.environ)
        profiles = client  # read-only: GET /users/{login} for the profile name of a candidate
        if not args.pulls:
            pulls = [pull for repo in config.pull_requests.repositories for pull in client.list_pulls(repo)]
    suggestion = suggest_roster(config, files, pulls, args.git, profiles=profiles)
    for warning in suggestion.warnings:
        print(log_safe(warning), file=sys.stderr)
    print(log_safe(render_roster(suggestion)), end="")
    return 2 if suggestion.warnings else 0


def _add_pulls(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--pulls",
        type=Path,
        action="append",
        default=[],
        help="JSON list of pull requests (GitHub's list-pulls shape), used instead of the API",
    )


def _add_run_options(command: argparse.ArgumentParser, *, dry_run_help: str) -> None:
    """--config, --dry-run and --now: what every command that writes to GitHub takes."""
    command.add_argument(
        "--config", type=Path, default=DEFAULT_CONFIG, help=f"YAML config (default: {DEFAULT_CONFIG})"
    )
    command.add_argument("--dry-run", action="store_true", help=dry_run_help)
    command.add_argument("--now", type=_timestamp, help="the current time (ISO 8601), for tests")
    command.add_argument(
        "--cache",
        type=Path,
        metavar="FILE",
        help="run cache kept between runs to read less from GitHub (default: $MINUTES_BOT_CACHE, "
        "else none); see docs/api-usage.md",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="minutes-bot", description="Turn the minutes of project calls into tracked GitHub work."
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_extract_command(commands)
    _add_process_command(commands)
    _add_preview_command(commands)
    _add_remind_command(commands)
    _add_check_config_command(commands)
    _add_config_docs_command(commands)
    _add_roster_command(commands)
    return parser


def _add_extract_command(commands: _Commands) -> None:
    extract_cmd = commands.add_parser("extract", help="print what the bot finds in minutes files, offline")
    extract_cmd.add_argument("--config", type=Path, help="YAML config (default: no roster)")
    _add_pulls(extract_cmd)
    extract_cmd.add_argument("--format", choices=["json", "markdown"], default="markdown")
    extract_cmd.add_argument("paths", nargs="+", metavar="PATH")
    extract_cmd.set_defaults(handler=_cmd_extract)


def _add_process_command(commands: _Commands) -> None:
    process_cmd = commands.add_parser("process", help="open issues and comment on GitHub for new minutes")
    _add_run_options(process_cmd, dry_run_help="print every planned write; write nothing")
    process_cmd.add_argument(
        "--minutes-dir",
        type=Path,
        default=Path("."),
        help="checkout of the minutes repository; series directories are relative to it (default: .)",
    )
    _add_pulls(process_cmd)
    process_cmd.set_defaults(handler=_cmd_process)


def _add_preview_command(commands: _Commands) -> None:
    preview = commands.add_parser(
        "preview", help="render the comment for a pull request that adds or changes minutes"
    )
    preview.add_argument("--config", type=Path, help="YAML config (default: no roster, one series)")
    _add_pulls(preview)
    preview.add_argument(
        "--pr", type=int, metavar="N", help="also post (or update) the comment on this pull request"
    )
    preview.add_argument(
        "--repository", metavar="OWNER/NAME", help="repository of --pr (default: GITHUB_REPOSITORY)"
    )
    preview.add_argument("paths", nargs="+", metavar="PATH")
    preview.set_defaults(handler=_cmd_preview)


def _add_remind_command(commands: _Commands) -> None:
    remind_cmd = commands.add_parser("remind", help="post this week's reminders on open follow-up issues")
    _add_run_options(remind_cmd, dry_run_help="print what would be posted; write nothing")
    remind_cmd.set_defaults(handler=_cmd_remind)


def _add_check_config_command(commands: _Commands) -> None:
    check = commands.add_parser("check-config", help="validate a config file")
    check.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    check.add_argument(
        "--minutes-dir",
        type=Path,
        default=Path("."),
        help="checkout the series folders are relative to, to warn about a series with no files (default: .)",
    )
    check.set_defaults(handler=_cmd_check_config)


def _add_config_docs_command(commands: _Commands) -> None:
    docs = commands.add_parser(
        "config-docs", help="print the table of every config key (docs/configuration.md)"
    )
    docs.add_argument(
        "--write",
        type=Path,
        metavar="FILE",
        help="rewrite the table between its markers in this file instead",
    )
    docs.set_defaults(handler=_cmd_config_docs)


def _add_roster_command(commands: _Commands) -> None:
    roster = commands.add_parser("roster", help="help build the people roster of the config")
    roster_commands = roster.add_subparsers(dest="roster_command", required=True, parser_class=_Parser)
    suggest = roster_commands.add_parser(
        "suggest", help="print suggested name -> login entries with their evidence (writes nothing)"
    )
    suggest.add_argument("--config", type=Path, help="YAML config whose people are kept as is")
    suggest.add_argument(
        "--minutes-dir",
        type=Path,
        action="append",
        default=[],
        help="folder of minutes (default: the series folders)",
    )
    _add_pulls(suggest)
    suggest.add_argument(
        "--git", type=Path, action="append", default=[], help="local clone whose history to read"
    )
    suggest.add_argument(
        "--api",
        action="store_true",
        help="also read the PR lists of pull_requests.repositories and profile names from GitHub "
        "(GITHUB_TOKEN, GITHUB_API_URL); reads only",
    )
    suggest.set_defaults(handler=_cmd_roster_suggest)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.handler(args)
    except BotError as exc:
        print(log_safe(f"minutes-bot: {exc}"), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
