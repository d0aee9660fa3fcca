"""What the client reads from GitHub, and what it remembers of the bot's own markers.

Reads go through list endpoints, never search (its index lags, and a second run would miss
the first run's issues). Every listing also feeds a small index of the markers the bot's
identity wrote, by where they were read (a repository's bot issues, one issue's comments),
and the position of that read in the run (`mark`). Before a create, the client
(`bot/github/client.py`) asks whether the marker's source was read after a mark and re-reads it
only when not: a repository's bot issues with `since=` the previous look, GitHub's clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.domain.models import PullRequest
from bot.domain.state import Comment, Issue, RepoState
from bot.github.convert import comment_from_json, issue_from_json
from bot.github.outcomes import GitHubError, Outcome
from bot.github.pulls import pulls_from_json, reached, slim_pull
from bot.github.transport import Transport

# A listing may not yet show a write made a moment before it (GitHub serves reads from
# replicas); a `since=` look starts this long before the previous one, which costs nothing
# but the bot's own issues of that minute listed again.
LOOK_OVERLAP = timedelta(minutes=1)

Source = tuple[str, str, str]  # ("issues", repository, bot label) or ("comments", repository, number)


def issues_source(repository: str, label: str | None) -> Source:
    """Where the bot's issues carrying `label` are listed (the label narrows the listing)."""
    return ("issues", repository.lower(), (label or "").casefold())


def comments_source(repository: str, number: int) -> Source:
    return ("comments", repository.lower(), str(number))


def _iso(moment: datetime) -> str:
    """ISO 8601 in UTC, as GitHub's `since` takes it; a naive datetime is taken as UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Reader(Transport):
    """The client's reads, the marker index they fill, and the labels known to exist."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._looks = 0  # marker listings so far; a mark() is a position in this count
        self._looked: dict[Source, int] = {}  # source -> position of its latest listing
        self._since: dict[Source, datetime] = {}  # issue source -> GitHub's clock at its latest full look
        self._found: dict[Source, dict[str, Issue | Comment]] = {}  # source -> marker key -> where
        self._labels: dict[str, set[str]] = {}  # repository -> label names known to exist (casefold)
        # repository -> (position, names) of its labels listing: a label missing then was on no issue
        self._labels_listed: dict[str, tuple[int, frozenset[str]]] = {}

    # -- the marker index -----------------------------------------------------------------

    def mark(self) -> int:
        """A position in this client's reads: sources listed after it count as fresh."""
        return self._looks

    def _fresh(self, source: Source, mark: int) -> bool:
        """Whether the source was read after `mark`. A labels listing after it counts for the
        bot's issues when their label was not there: GitHub has no issue with a label the
        repository does not have (the first run in a repository lists its labels anyway)."""
        if self._looked.get(source, -1) > mark:
            return True
        kind, repository, label = source
        position, names = self._labels_listed.get(repository, (-1, frozenset()))
        return kind == "issues" and bool(label) and position > mark and label not in names

    def _looked_at(self, source: Source, found: list[Issue] | list[Comment]) -> None:
        self._looks += 1
        self._looked[source] = self._looks
        index = self._found.setdefault(source, {})
        for item in found:
            if item.marker is not None:
                index[item.marker.key] = item

    def _remember(self, source: Source, key: str, written: Issue | Comment) -> None:
        """A write of this run: found by a later look-up without reading it back."""
        self._found.setdefault(source, {})[key] = written

    def _lookup(self, source: Source, key: str) -> Issue | Comment | None:
        return self._found.get(source, {}).get(key)

    def _refresh_issues(self, repository: str, label: str | None) -> None:
        """Re-read the bot's issues: those updated since the last full look, one page at most
        when there was none (newest first: an issue created moments ago is on it)."""
        source = issues_source(repository, label)
        params: dict[str, Any] = {"state": "all"} | ({"labels": label} if label else {})
        since = self._since.get(source)
        if since is None:
            params |= {"sort": "created", "direction": "desc"}
            _, raws = self._pages(f"/repos/{repository}/issues", params, enough=lambda _: True)
        else:
            params["since"] = _iso(since - LOOK_OVERLAP)
            at, raws = self._pages(f"/repos/{repository}/issues", params)
            self._since[source] = at or since
        login = self.bot_login
        self._looked_at(source, [issue_from_json(repository, raw, login) for raw in raws])

    # -- reads ----------------------------------------------------------------------------

    def list_comments(
        self, repository: str, number: int, since: datetime | None = None
    ) -> list[Comment] | None:
        """Comments of one issue or PR (markers only from the bot); None when it does not exist.

        With `since`, only those updated since then: a marker of the bot written after
        `since` is in the index, an older one may not be.
        """
        params = {"since": _iso(since)} if since else {}
        try:
            _, raws = self._pages(f"/repos/{repository}/issues/{number}/comments", params)
        except GitHubError as exc:
            if exc.verdict.outcome is Outcome.SKIP:
                return None
            raise
        login = self.bot_login
        comments = [comment_from_json(raw, login) for raw in raws]
        self._looked_at(comments_source(repository, number), comments)
        return comments

    def read_state(self, repository: str, label: str, *, comments: bool = True) -> RepoState:
        """The bot's issues in a repository, open and closed, found by its label.

        https://docs.github.com/en/rest/issues/issues#list-repository-issues: a list endpoint,
        not search, whose index lags and would let a second run miss the first run's issues.
        With `comments`, one more listing per issue that has any.
        """
        login = self.bot_login
        at, raws = self._pages(f"/repos/{repository}/issues", {"state": "all", "labels": label})
        issues: list[Issue] = []
        markers = {}
        for raw in raws:
            found: list[Comment] = []
            if comments and raw.get("comments"):
                found = self.list_comments(repository, raw["number"]) or []
            issue = issue_from_json(repository, raw, login, tuple(found))
            issues.append(issue)
            for marker in [issue.marker, *(c.marker for c in found)]:
                if marker is not None:
                    markers[marker.key] = marker
        source = issues_source(repository, label)
        self._looked_at(source, issues)
        if at is not None:
            self._since[source] = at
        self._learn_labels(repository, issues)
        return RepoState(repository=repository, bot_login=login, issues=issues, markers=markers)

    def profile_name(self, login: str) -> str | None:
        """The name a user gave their profile (`GET /users/{login}`), or None; for roster suggestions."""
        user = self._read(f"GET /users/{login}", lambda: self._gh.get_user(login).name)
        return str(user) if user else None

    def list_pulls(self, repository: str) -> list[PullRequest]:
        """Every pull request of a repository, for resolving references by subject."""
        items = self.pull_items(repository)
        return pulls_from_json(items, f"GET /repos/{repository}/pulls", repository)

    def pull_items(self, repository: str, updated_since: datetime | None = None) -> list[dict[str, Any]]:
        """Pull requests of a repository as GitHub lists them (the `--pulls` JSON shape, slimmed).

        Without `updated_since`, all of them (open and closed). With it, newest update first,
        page by page, stopping at the first page that reaches back to `updated_since`: what
        changed since a list kept from an earlier run was synced (`bot/github/pulls.py` merges it).
        """
        params: dict[str, Any] = {"state": "all"}
        if updated_since is None:
            _, raws = self._pages(f"/repos/{repository}/pulls", params)
        else:
            params |= {"sort": "updated", "direction": "desc"}
            _, raws = self._pages(
                f"/repos/{repository}/pulls",
                params,
                enough=lambda page: any(reached(slim_pull(item), updated_since) for item in page),
            )
        return [slim_pull(item) for item in raws]

    def can_assign(self, repository: str, login: str) -> bool:
        """https://docs.github.com/en/rest/issues/assignees#check-if-a-user-can-be-assigned:
        204 yes, 404 no. Creating an issue with an unassignable login fails with 422 for a
        token with push access, and drops the assignee silently without it."""
        try:
            self._get(f"/repos/{repository}/assignees/{login}")
        except GitHubError as exc:
            if exc.verdict.outcome is Outcome.SKIP:
                return False
            raise
        return True

    # -- labels ---------------------------------------------------------------------------

    def _learn_labels(self, repository: str, issues: list[Issue]) -> None:
        """Labels on the bot's issues exist: no need to list them before creating the next ones."""
        names = {name.casefold() for issue in issues for name in issue.labels}
        self._labels.setdefault(repository.lower(), set()).update(names)

    def _label_exists(self, repository: str, name: str) -> bool:
        """Whether the label is there, listing the repository's labels once a run when not known."""
        key = repository.lower()
        if name.casefold() not in self._labels.get(key, set()) and key not in self._labels_listed:
            repo = self._repo(repository)
            raws = self._read(f"GET /repos/{repository}/labels", lambda: list(repo.get_labels()))
            names = frozenset(raw.name.casefold() for raw in raws)
            self._labels.setdefault(key, set()).update(names)
            self._looks += 1
            self._labels_listed[key] = (self._looks, names)
        return name.casefold() in self._labels.get(key, set())

    def _label_made(self, repository: str, name: str) -> None:
        self._labels.setdefault(repository.lower(), set()).add(name.casefold())
