"""Reading less from GitHub: the pull request list kept between runs, and comments read only
where the issue listing shows a change. Counted as requests on the fake GitHub."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from bot.app.cache import Cache, Seen, load_cache, remember_own, save_cache, unchanged
from bot.app.process import STILL_OPEN_READS, process
from bot.app.remind import with_comments
from bot.domain.config import Config, Person, PullRequests, Series, Writes
from bot.domain.markers import Marker, item_key, render_marker
from bot.domain.state import Comment, Issue
from bot.extract import extract
from bot.github.client import GitHubClient
from bot.github.pulls import merge, pulls_from_json
from bot.parse.minutes import read_minutes
from bot.plan.items import follow_up_key, meeting_key, reference_key
from tests.conftest import bot_client
from tests.fakegithub import ACTIONS_LOGIN, ACTIONS_TOKEN
from tests.fakegithub.fixtures import GHES_URL
from tests.support import Clock

META = "org/meta"
CODE = "org/code"
ENV = {"GITHUB_TOKEN": ACTIONS_TOKEN, "GITHUB_REPOSITORY": META, "GITHUB_SHA": "c0ffee"}
T0 = datetime(2025, 9, 18, 9, tzinfo=UTC)


def client(config: Config | None = None) -> GitHubClient:
    return bot_client(config or Config(writes=Writes(min_interval_seconds=0)), ENV)


def reads(fake, operation: str, since: int = 0) -> list:
    return [e for e in fake.log[since:] if e.method == "GET" and e.operation == operation]


# -- the pull request list ------------------------------------------------------------------


@pytest.fixture
def busy(fake_github):
    """A code repository with 250 pull requests (three pages), the newest opened last."""
    fake_github.now = "2025-01-01T00:00:00Z"
    fake_github.add_repo(CODE)
    for n in range(1, 251):
        fake_github.add_pull(CODE, n, f"Change {n}", f"dev{n % 9}", fake_github.now)
        fake_github.advance(hours=1)
    return fake_github


def test_a_refresh_lists_only_what_changed_and_equals_a_full_listing(busy):
    bot = client()
    snapshot = merge(None, bot.pull_items(CODE))
    assert len(reads(busy, "pulls/list")) == 3
    busy.advance(days=3)
    busy.add_comment(CODE, 7, "Rebased on main.", as_user="dev7")  # an old PR comes back to life
    busy.advance(hours=1)
    busy.edit_issue(CODE, 8, as_user="maintainer", state="closed")
    busy.add_pull(CODE, 251, "Brand new", "newcomer")
    start = len(busy.log)
    refreshed = merge(snapshot, bot.pull_items(CODE, snapshot.synced))
    listed = reads(busy, "pulls/list", start)
    assert len(listed) == 1
    assert listed[0].query["sort"] == ["updated"] and listed[0].query["direction"] == ["desc"]
    assert refreshed.items == merge(None, bot.pull_items(CODE)).items
    pulls = {p.number: p for p in pulls_from_json(refreshed.items, "cache", CODE)}
    assert pulls[8].state == "closed" and pulls[251].author == "newcomer" and len(pulls) == 251


def test_a_refresh_pages_on_while_every_pull_request_on_the_page_is_newer(busy):
    bot = client()
    snapshot = merge(None, bot.pull_items(CODE))
    busy.advance(days=1)
    for n in range(1, 151):  # a mass rebase: 150 PRs updated since the sync
        busy.add_comment(CODE, n, "Rebased.", as_user="bot-rebaser")
    start = len(busy.log)
    refreshed = merge(snapshot, bot.pull_items(CODE, snapshot.synced))
    assert len(reads(busy, "pulls/list", start)) == 2
    assert refreshed.items == merge(None, bot.pull_items(CODE)).items


def test_the_watermark_is_githubs_newest_update_not_the_runner_clock(busy):
    snapshot = merge(None, client().pull_items(CODE))
    newest = max(i.updated_at for i in busy.issues(CODE, pulls=True))
    assert snapshot.synced == newest


# -- process with the cache --------------------------------------------------------------

MINUTES = """# Dev Call (September {day}th, 2025)

* Ada Lovelace agreed to review PR {pr} by Friday.
"""


def process_config() -> Config:
    return Config(
        people=[Person(name="Ada Lovelace", github="ada", aliases=["Ada"])],
        pull_requests=PullRequests(repositories=[CODE]),
        series=[Series(name="Dev Call", directory="Notes", pattern="call-*.md", issues_repository=META)],
        writes=Writes(min_interval_seconds=0),
    )


def run_process(root, cache, now: datetime, still_open_reads: int = STILL_OPEN_READS) -> tuple[int, str]:
    config = process_config()
    err = io.StringIO()
    code = process(
        config,
        root,
        ENV,
        dry_run=False,
        now=now,
        out=io.StringIO(),
        err=err,
        client=client(config),
        cache_path=cache,
        still_open_reads=still_open_reads,
    )
    return code, err.getvalue()


def test_process_lists_pull_requests_once_then_only_what_changed(busy, tmp_path):
    busy.add_repo(META)
    busy.add_collaborator(META, "ada")
    root, cache = tmp_path / "minutes", tmp_path / "cache" / "bot.json"
    (root / "Notes").mkdir(parents=True)
    (root / "Notes" / "call-2025-09-17.md").write_text(MINUTES.format(day=17, pr=200), encoding="utf-8")
    busy.now = T0
    start = len(busy.log)
    assert run_process(root, cache, T0) == (0, "")
    assert len(reads(busy, "pulls/list", start)) == 3  # cold: the whole list, as without a cache
    assert cache.is_file()

    busy.now = T0 + timedelta(days=7)
    busy.add_pull(CODE, 251, "Brand new", "ada")
    (root / "Notes" / "call-2025-09-24.md").write_text(MINUTES.format(day=24, pr=251), encoding="utf-8")
    start = len(busy.log)
    assert run_process(root, cache, busy.now) == (0, "")
    assert len(reads(busy, "pulls/list", start)) == 1  # warm: what changed since, one page
    commented = [c for c in busy.comments(CODE) if c.user == ACTIONS_LOGIN]
    assert sorted(c.issue_number for c in commented) == [200, 251]  # the new PR was known to the run


def test_an_unreadable_cache_is_a_cold_start_with_a_warning(busy, tmp_path):
    busy.add_repo(META)
    root, cache = tmp_path / "minutes", tmp_path / "bot.json"
    (root / "Notes").mkdir(parents=True)
    (root / "Notes" / "call-2025-09-17.md").write_text(MINUTES.format(day=17, pr=200), encoding="utf-8")
    cache.write_text('{"version": 1, "pulls": {"org/code": {"items": [{"title": "no number"}]}}}')
    busy.now = T0
    start = len(busy.log)
    code, err = run_process(root, cache, T0)
    assert code == 0
    assert "cache ignored" in err and err.count("\n") == 1
    assert len(reads(busy, "pulls/list", start)) == 3
    assert load_cache(cache, print).pulls[CODE].synced is not None  # rewritten, usable next time


# -- comments read only after a change ---------------------------------------------------


def follow_up(fake, n: int) -> int:
    marker = Marker(kind="follow-up", key=item_key("Notes/call-2025-09-03.md", f"item {n}"))
    body = f"Owners: Ada (@ada)\nDue: 2025-09-10\n\n> item {n}\n\n{render_marker(marker)}\n"
    issue = fake.add_issue(
        META, f"Item {n}", author=ACTIONS_LOGIN, body=body, labels=("minutes-bot", "follow-up")
    )
    return issue.number


def look(bot: GitHubClient, cache: Cache, now: datetime):
    config = Config(writes=Writes(min_interval_seconds=0))
    return with_comments(
        bot, bot.read_state(META, "minutes-bot", comments=False), config.reminders, now, cache
    )


def counts(state) -> list[int]:
    """Comments known per issue, in issue order."""
    return [len(i.comments) for i in sorted(state.issues, key=lambda i: i.number)]


def read_comments_of(fake, since: int) -> list[int]:
    return sorted(int(e.path.split("/")[-2]) for e in reads(fake, "issues/list-comments", since))


def test_comments_are_read_only_for_issues_the_listing_shows_changed(fake_github):
    fake = fake_github
    fake.now = "2025-09-03T12:00:00Z"
    fake.add_repo(META)
    quiet, commented, relabelled, empty = (follow_up(fake, n) for n in range(4))
    for number in (quiet, commented, relabelled):
        fake.add_comment(META, number, "On it.", as_user="ada")
    bot, cache = client(), Cache()
    fake.now = T0
    start = len(fake.log)
    look(bot, cache, T0)
    assert read_comments_of(fake, start) == [quiet, commented, relabelled]  # never one without comments

    start = len(fake.log)
    state = look(bot, cache, T0)
    assert read_comments_of(fake, start) == []
    assert counts(state) == [1, 1, 1, 0]  # the same comments, from the cache

    fake.advance(days=1)
    fake.add_comment(META, commented, "Done soon.", as_user="ada")
    fake.edit_issue(META, relabelled, as_user="ada", labels=["minutes-bot", "follow-up", "help wanted"])
    start = len(fake.log)
    state = look(bot, cache, fake.now)
    assert read_comments_of(fake, start) == [commented, relabelled]
    assert counts(state) == [1, 2, 1, 0]
    assert empty not in read_comments_of(fake, 0)

    fake.edit_issue(META, quiet, as_user="ada", state="closed")
    look(bot, cache, fake.now)
    assert sorted(cache.seen) == [f"{META}#{n}" for n in (commented, relabelled, empty)]  # no growth


def test_the_bots_own_comment_is_no_change_but_a_later_one_is(fake_github):
    fake = fake_github
    fake.now = "2025-09-03T12:00:00Z"
    fake.add_repo(META)
    number = follow_up(fake, 1)
    bot, cache = client(), Cache()
    fake.now = T0
    look(bot, cache, T0)
    own = fake.add_comment(META, number, "A reminder.", as_user=ACTIONS_LOGIN, at=T0 + timedelta(seconds=1))
    posted = Comment(id=own.id, author=ACTIONS_LOGIN, author_is_bot=True, created_at=own.created_at, body="")
    remember_own(cache, META, number, posted)
    start = len(fake.log)
    assert counts(look(bot, cache, T0 + timedelta(days=7))) == [1]
    assert read_comments_of(fake, start) == []
    fake.add_comment(META, number, "Thanks!", as_user="ada", at=T0 + timedelta(days=8))
    start = len(fake.log)
    assert counts(look(bot, cache, T0 + timedelta(days=9))) == [2]
    assert read_comments_of(fake, start) == [number]


def listed(count: int, updated: datetime) -> Issue:
    return Issue(
        repository=META,
        number=1,
        title="t",
        body="",
        state="open",
        author=ACTIONS_LOGIN,
        created_at=T0,
        updated_at=updated,
        comment_count=count,
    )


@pytest.mark.parametrize(
    ("count", "updated", "own_write", "same"),
    [
        (2, T0, False, True),
        (3, T0, False, False),  # a comment more
        (1, T0, False, False),  # a comment deleted
        (2, T0 + timedelta(seconds=1), False, False),  # an edit: updated later, same count
        (2, T0 + timedelta(seconds=30), True, True),  # the bot's own comment lags its updated_at
        (2, T0 + timedelta(hours=1), True, False),
    ],
)
def test_unchanged_needs_the_same_count_and_no_later_update(count, updated, own_write, same):
    seen = Seen(count=2, updated_at=T0, own_write=own_write)
    assert unchanged(listed(count, updated), seen) is same


def test_the_cache_file_round_trips_and_a_missing_one_is_empty(tmp_path):
    path = tmp_path / "sub" / "cache.json"
    assert load_cache(path, print) == Cache()
    cache = Cache(seen={"org/meta#1": Seen(count=1, updated_at=T0)})
    save_cache(path, cache, print)
    assert load_cache(path, print) == cache
    assert [p.name for p in path.parent.iterdir()] == ["cache.json"]  # no scratch file left


def test_a_read_limit_reads_the_longest_quiet_first_and_leaves_the_rest_out(fake_github):
    fake = fake_github
    fake.now = "2025-09-03T12:00:00Z"
    fake.add_repo(META)
    numbers = [follow_up(fake, n) for n in range(5)]
    for day, number in zip([5, 1, 4, 2, 3], numbers, strict=True):
        fake.add_comment(META, number, "On it.", as_user="ada", at=T0 - timedelta(days=day))
    bot, cache = client(), Cache()
    config = Config(writes=Writes(min_interval_seconds=0))
    fake.now = T0

    def look_within(limit: int) -> list[int]:
        state = bot.read_state(META, "minutes-bot", comments=False)
        return sorted(i.number for i in with_comments(bot, state, config.reminders, T0, cache, limit).issues)

    start = len(fake.log)
    assert look_within(2) == [numbers[0], numbers[2]]  # quiet for 5 and 4 days
    assert read_comments_of(fake, start) == [numbers[0], numbers[2]]
    start = len(fake.log)
    assert look_within(2) == [numbers[0], numbers[2], numbers[3], numbers[4]]  # the next run catches up
    assert read_comments_of(fake, start) == [numbers[3], numbers[4]]


def test_process_spends_a_bounded_number_of_reads_on_earlier_follow_ups(busy, tmp_path):
    busy.add_repo(META)
    busy.add_collaborator(META, "ada")
    busy.now = "2025-09-03T12:00:00Z"
    earlier = [follow_up(busy, n) for n in range(8)]
    for number in earlier:
        busy.add_comment(META, number, "A reminder.", as_user=ACTIONS_LOGIN)
    root = tmp_path / "minutes"
    (root / "Notes").mkdir(parents=True)
    (root / "Notes" / "call-2025-09-17.md").write_text(MINUTES.format(day=17, pr=200), encoding="utf-8")
    busy.now = T0
    start = len(busy.log)
    assert run_process(root, None, T0, still_open_reads=3) == (0, "")
    assert len([n for n in read_comments_of(busy, start) if n in earlier]) == 3


def test_pages_are_followed_under_an_enterprise_base_url(busy):
    env = {**ENV, "GITHUB_API_URL": GHES_URL}
    bot = GitHubClient.from_env(Config(), env, sleep=Clock().sleep)
    assert sorted(p.number for p in bot.list_pulls(CODE)) == list(range(1, 251))
    assert all(e.path.startswith("/repos/") for e in reads(busy, "pulls/list"))
    assert len(reads(busy, "pulls/list")) == 3


# -- the marker check before writing -----------------------------------------------------


def read_operations(fake, since: int) -> list[str]:
    return [e.operation for e in fake.log[since:] if e.method == "GET"]


def test_process_checks_the_markers_once_per_meeting_not_once_per_write(busy, tmp_path):
    busy.add_repo(META)
    busy.add_collaborator(META, "ada")
    root, cache = tmp_path / "minutes", tmp_path / "cache" / "bot.json"
    (root / "Notes").mkdir(parents=True)
    (root / "Notes" / "call-2025-09-17.md").write_text(MINUTES.format(day=17, pr=200), encoding="utf-8")
    busy.now = T0
    start = len(busy.log)
    assert run_process(root, cache, T0) == (0, "")
    # A first run: the labels listing shows the bot's label missing, so no bot issue exists to find.
    assert read_operations(busy, start) == [
        "issues/list-for-repo",
        *["pulls/list"] * 3,
        "issues/list-comments",
        "issues/check-user-can-be-assigned",
        "issues/list-labels-for-repo",
    ]
    assert len(busy.issues(META)) == 2  # the follow-up, then the meeting issue

    busy.now = T0 + timedelta(days=7)
    (root / "Notes" / "call-2025-09-24.md").write_text(MINUTES.format(day=24, pr=201), encoding="utf-8")
    start = len(busy.log)
    assert run_process(root, cache, busy.now) == (0, "")
    # The same follow-up restated: a continuation comment on the earlier issue, whose comments
    # are read once, just before (the listing showed none, so not while planning); then the
    # PR comment and the meeting issue, after one look at what changed since the state listing.
    assert [(e.method, e.operation) for e in busy.log[start:]] == [
        ("GET", "issues/list-for-repo"),
        ("GET", "pulls/list"),
        ("GET", "issues/list-comments"),
        ("GET", "issues/check-user-can-be-assigned"),
        ("GET", "issues/list-comments"),
        ("POST", "issues/create-comment"),
        ("POST", "issues/create-comment"),
        ("GET", "issues/list-for-repo"),
        ("POST", "issues/create"),
    ]
    assert busy.log[-2].query["since"] == ["2025-09-25T08:59:00Z"]
    assert len(busy.issues(META)) == 3


class RacedClient(GitHubClient):
    """A client during whose planning another run (its own client) processes the same minutes."""

    def __init__(self, *args, other_run, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.other_run = other_run

    def can_assign(self, repository: str, login: str) -> bool:
        if self.other_run is not None:
            other_run, self.other_run = self.other_run, None
            assert other_run() == (0, "")
        return super().can_assign(repository, login)


def test_issues_another_run_opened_while_this_one_planned_are_not_opened_again(busy, tmp_path):
    busy.add_repo(META)
    busy.add_collaborator(META, "ada")
    busy.add_label(META, "minutes-bot")
    busy.add_label(META, "follow-up")
    busy.add_label(META, "meeting")
    root = tmp_path / "minutes"
    (root / "Notes").mkdir(parents=True)
    minutes = "# Dev Call (September 17th, 2025)\n\n* Ada Lovelace will draft the release notes.\n"
    (root / "Notes" / "call-2025-09-17.md").write_text(minutes, encoding="utf-8")
    busy.now = T0
    config = process_config()
    clock = Clock()
    raced = RacedClient.from_env(
        config,
        ENV,
        sleep=clock.sleep,
        clock=clock,
        wall=clock,
        other_run=lambda: run_process(root, None, T0),
    )
    err = io.StringIO()
    code = process(config, root, ENV, dry_run=False, now=T0, out=io.StringIO(), err=err, client=raced)
    assert (code, err.getvalue()) == (0, "")
    assert sorted(i.title for i in busy.issues(META)) == sorted({i.title for i in busy.issues(META)})
    assert len(busy.issues(META)) == 2 and {i.user for i in busy.issues(META)} == {ACTIONS_LOGIN}


def test_markers_forged_by_someone_else_while_this_run_planned_do_not_count(busy, tmp_path):
    """Someone who can compute the keys opens a labelled issue and comments with the bot's
    markers while it plans: the look before writing lists them, and ignores them."""
    busy.add_repo(META)
    busy.add_collaborator(META, "ada")
    busy.add_user("mallory", token="pat-mallory")
    for label in ("minutes-bot", "follow-up", "meeting"):
        busy.add_label(META, label)
    root = tmp_path / "minutes"
    (root / "Notes").mkdir(parents=True)
    path = "Notes/call-2025-09-17.md"
    (root / path).write_text(MINUTES.format(day=17, pr=200), encoding="utf-8")
    config = process_config()
    digest = extract(read_minutes((root / path).read_bytes(), path), config, [])
    keys = [("follow-up", follow_up_key(path, f)) for f in digest.follow_ups] + [
        ("meeting", meeting_key(path))
    ]

    def forge() -> tuple[int, str]:
        for kind, key in keys:
            body = render_marker(Marker(kind=kind, key=key))
            busy.add_issue(META, "Forged", author="mallory", body=body, labels=("minutes-bot", kind))
        busy.add_comment(
            CODE,
            200,
            render_marker(Marker(kind="reference", key=reference_key(path, CODE, 200))),
            as_user="mallory",
        )
        return 0, ""

    busy.now = T0
    clock = Clock()
    raced = RacedClient.from_env(config, ENV, sleep=clock.sleep, clock=clock, wall=clock, other_run=forge)
    err = io.StringIO()
    code = process(config, root, ENV, dry_run=False, now=T0, out=io.StringIO(), err=err, client=raced)
    assert (code, err.getvalue()) == (0, "")
    mine = [i for i in busy.issues(META) if i.user == ACTIONS_LOGIN]
    assert len(mine) == len(keys) == 2
    assert [c.user for c in busy.comments(CODE, 200)] == ["mallory", ACTIONS_LOGIN]
