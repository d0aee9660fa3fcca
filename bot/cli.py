"""Command line: argument parsing and wiring only; the work lives in the pipeline modules."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bot.config import DEFAULT_PATH, load_config
from bot.errors import BotError, InputError
from bot.extract import extract
from bot.minutes import read_minutes
from bot.models import Digest, MeetingDigest
from bot.pulls import load_pulls
from bot.render_digest import render_digest


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too, but with its usage block
        raise InputError(f"{self.prog}: {message}")


def _paths(arguments: Sequence[str]) -> list[Path]:
    """Files as given, folders expanded to the Markdown files inside, sorted."""
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            paths += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".md", ".markdown")
            )
        else:
            paths.append(path)
    return paths


def _cmd_extract(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    default_repository = next(iter(config.pull_requests.repositories), None)
    pulls = [pull for file in args.pulls for pull in load_pulls(file, default_repository)]
    meetings: list[MeetingDigest] = []
    failures = 0
    for path in _paths(args.paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"{path}: cannot read: {exc.strerror or exc}", file=sys.stderr)
            failures += 1
            continue
        try:
            meeting = read_minutes(data, str(path))
        except InputError as exc:
            print(exc, file=sys.stderr)
            failures += 1
            continue
        meetings.append(extract(meeting, config, pulls))
    digest = Digest(meetings=meetings)
    if args.format == "json":
        print(digest.model_dump_json(indent=2))
    else:
        print(render_digest(digest), end="")
    return 2 if failures else 0


def _timestamp(value: str) -> datetime:
    """--now: an ISO 8601 date or time; a time without a zone is UTC, as on Actions runners."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date or time: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _cmd_process(args: argparse.Namespace) -> int:
    from bot.process import process

    config = load_config(args.config)
    return process(config, args.minutes_dir, os.environ, dry_run=args.dry_run, now=args.now)


def _cmd_remind(args: argparse.Namespace) -> int:
    from bot.remind_run import remind

    config = load_config(args.config)
    return remind(config, os.environ, dry_run=args.dry_run, now=args.now or datetime.now(UTC))


def _cmd_check_config(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    print(f"{args.config}: ok ({len(config.people)} people, {len(config.series)} series)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="minutes-bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    extract_cmd = commands.add_parser("extract", help="print the digest of minutes files, offline")
    extract_cmd.add_argument("--config", type=Path, help="YAML config (default: no roster)")
    extract_cmd.add_argument(
        "--pulls",
        type=Path,
        action="append",
        default=[],
        help="JSON list of pull requests (GitHub's list-pulls shape) to resolve references",
    )
    extract_cmd.add_argument("--format", choices=["json", "markdown"], default="markdown")
    extract_cmd.add_argument("paths", nargs="+", metavar="PATH")
    extract_cmd.set_defaults(handler=_cmd_extract)

    process_cmd = commands.add_parser("process", help="open issues and comment on GitHub for new minutes")
    process_cmd.add_argument(
        "--config", type=Path, default=DEFAULT_PATH, help=f"YAML config (default: {DEFAULT_PATH})"
    )
    process_cmd.add_argument(
        "--minutes-dir",
        type=Path,
        default=Path("."),
        help="checkout of the minutes repository; series directories are relative to it (default: .)",
    )
    process_cmd.add_argument(
        "--dry-run", action="store_true", help="print every planned write; write nothing"
    )
    process_cmd.add_argument("--now", type=_timestamp, help="the current time (ISO 8601), for tests")
    process_cmd.set_defaults(handler=_cmd_process)

    remind_cmd = commands.add_parser("remind", help="post this week's reminders on open follow-up issues")
    remind_cmd.add_argument(
        "--config", type=Path, default=DEFAULT_PATH, help=f"YAML config (default: {DEFAULT_PATH})"
    )
    remind_cmd.add_argument(
        "--dry-run", action="store_true", help="print what would be posted; write nothing"
    )
    remind_cmd.add_argument("--now", type=_timestamp, help="the current time (ISO 8601), for tests")
    remind_cmd.set_defaults(handler=_cmd_remind)

    check = commands.add_parser("check-config", help="validate a config file")
    check.add_argument("--config", type=Path, default=DEFAULT_PATH)
    check.set_defaults(handler=_cmd_check_config)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.handler(args)
    except BotError as exc:
        print(f"minutes-bot: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
