"""The endpoints: one handler per OpenAPI operation, acting on the `World`.

Behaviour follows GitHub where the bot depends on it: issue numbers shared with pull
requests, `labels` filters ANDed, closed issues listed only with `state=closed|all`,
labels and assignees silently dropped for tokens without push access, 422 for an
unassignable assignee with push access, labels created on first use on an issue.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import unquote, urlencode

from tests.fakegithub.payloads import Builder
from tests.fakegithub.state import ACTIONS_LOGIN, Comment, Issue, Label, Repo, World, utc

DOCS = "https://docs.github.com/rest"


@dataclass
class Reply:
    status: int
    body: object = None  # JSON-able, or None for an empty body
    headers: dict[str, str] = field(default_factory=dict)


class HttpError(Exception):
    def __init__(self, status: int, message: str, errors: list[dict] | None = None, doc: str = DOCS):
        super().__init__(message)
        self.reply = Reply(status, {"message": message, "documentation_url": doc, "status": str(status)})
        if errors is not None:
            self.reply.body["errors"] = errors  # type: ignore[index]


def not_found() -> HttpError:
    return HttpError(404, "Not Found")


@dataclass
class Call:
    """One request, parsed: what a handler needs."""

    world: World
    builder: Builder
    base: str
    path: str
    params: dict[str, str]
    query: dict[str, list[str]]
    body: object
    login: str | None  # the identity of the token; None when unauthenticated
    rate_limits: dict[str, dict[str, int]] = field(default_factory=dict)  # per resource

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else default

    @property
    def repo(self) -> Repo:
        repo = self.world.repo(f"{self.params['owner']}/{self.params['repo']}")
        if repo is None or (repo.private and not repo.can_push(self.login)):
            raise not_found()
        return repo

    def issue(self, any_kind: bool = True) -> Issue:
        try:
            number = int(self.params.get("issue_number") or self.params["pull_number"])
        except ValueError:
            raise not_found() from None
        issue = self.repo.issues.get(number)
        if issue is None or (not any_kind and not issue.is_pull):
            raise not_found()
        return issue

    def require_login(self) -> str:
        if self.login is None:
            raise HttpError(401, "Requires authentication")
        return self.login

    def page(self, items: list, render: Callable[[object], object]) -> Reply:
        """One page of `items` with GitHub's Link header (`per_page` max 100, default 30)."""
        try:
            per_page = min(max(int(self.arg("per_page", "30")), 1), 100)
            page = max(int(self.arg("page", "1")), 1)
        except ValueError:
            per_page, page = 30, 1
        last = max((len(items) + per_page - 1) // per_page, 1)
        chunk = items[(page - 1) * per_page : page * per_page]
        links = []

        def url(n: int) -> str:
            query = [(k, v) for k, vs in self.query.items() if k != "page" for v in vs]
            query.append(("page", str(n)))
            return f"{self.base}{self.path}?{urlencode(query)}"

        if page < last:
            links += [f'<{url(page + 1)}>; rel="next"', f'<{url(last)}>; rel="last"']
        if page > 1:
            links = [f'<{url(min(page - 1, last))}>; rel="prev"', *links, f'<{url(1)}>; rel="first"']
        headers = {"Link": ", ".join(links)} if links else {}
        return Reply(200, [render(item) for item in chunk], headers)


def _since(call: Call) -> datetime | None:
    value = call.arg("since")
    if value is None:
        return None
    try:
        return utc(value)
    except ValueError:
        raise HttpError(
            422, "Validation Failed", [{"resource": "Issue", "field": "since", "code": "invalid"}]
        ) from None


def _label_names(values: object) -> list[str]:
    """Label names from the bodies GitHub accepts: strings, {"name": ...}, or {"labels": [...]}."""
    if isinstance(values, dict):
        values = values.get("labels", [])
    if isinstance(values, str):
        values = [values]
    names = []
    for value in values or []:
        name = value.get("name") if isinstance(value, dict) else str(value)
        if name and name not in names:
            names.append(name)
    return names


def _apply_labels(call: Call, repo: Repo, names: list[str]) -> list[str]:
    """Repository spelling of each name; missing labels are created, as GitHub does."""
    result = []
    for name in names:
        label = repo.label(name)
        if label is None:
            label = Label(id=call.world.next_id(), name=name)
            repo.labels[name.casefold()] = label
        if label.name not in result:
            result.append(label.name)
    return result


def _check_assignees(repo: Repo, logins: list[str]) -> list[str]:
    bad = [login for login in logins if not repo.assignable(login)]
    if bad:
        raise HttpError(
            422,
            "Validation Failed",
            [
                {
                    "resource": "Issue",
                    "field": "assignees",
                    "code": "invalid",
                    "value": login,
                    "message": f"{login} cannot be assigned to this issue",
                }
                for login in bad
            ],
            doc=f"{DOCS}/issues/issues#create-an-issue",
        )
    return logins


def _touch(call: Call, issue: Issue) -> None:
    issue.updated_at = call.world.now


# --- repositories, users, rate limit -------------------------------------------------


def get_repo(call: Call) -> Reply:
    return Reply(200, call.builder.repository(call.repo, full=True))


def get_user(call: Call) -> Reply:
    user = call.world.user(call.params["username"])
    if user is None:
        raise not_found()
    return Reply(200, call.builder.public_user(user))


def get_authenticated(call: Call) -> Reply:
    login = call.require_login()
    if login == ACTIONS_LOGIN:
        raise HttpError(
            403,
            "Resource not accessible by integration",
            doc=f"{DOCS}/users/users#get-the-authenticated-user",
        )
    user = call.world.ensure_user(login)
    return Reply(200, call.builder.private_user(user))


def rate_limit(call: Call) -> Reply:
    """The caller's quotas, which `FakeGitHub` keeps and passes in `call.rate_limits`."""
    core = call.rate_limits["core"]
    return Reply(200, {"resources": call.rate_limits, "rate": core})


# --- issues ---------------------------------------------------------------------------


def list_issues(call: Call) -> Reply:
    repo = call.repo
    state = call.arg("state", "open")
    wanted = [n.strip().casefold() for n in (call.arg("labels") or "").split(",") if n.strip()]
    since = _since(call)
    creator = call.arg("creator")
    assignee = call.arg("assignee")
    items = []
    for issue in repo.issues.values():
        if state != "all" and issue.state != state:
            continue
        have = {n.casefold() for n in issue.labels}
        if any(n not in have for n in wanted):
            continue
        if since is not None and issue.updated_at < since:
            continue
        if creator and issue.user.casefold() != creator.casefold():
            continue
        if assignee == "none" and issue.assignees:
            continue
        if assignee == "*" and not issue.assignees:
            continue
        if assignee not in (None, "none", "*") and assignee.casefold() not in {
            a.casefold() for a in issue.assignees
        }:
            continue
        items.append(issue)
    sort = call.arg("sort", "created")
    key = {
        "created": lambda i: (i.created_at, i.number),
        "updated": lambda i: (i.updated_at, i.number),
        "comments": lambda i: (
            sum(1 for c in repo.comments.values() if c.issue_number == i.number),
            i.number,
        ),
    }[sort]
    items.sort(key=key, reverse=call.arg("direction", "desc") == "desc")
    return call.page(items, lambda i: call.builder.issue(repo, i))


def create_issue(call: Call) -> Reply:
    login = call.require_login()
    repo = call.repo
    body = call.body if isinstance(call.body, dict) else {}
    title = body.get("title")
    if title is None or str(title).strip() == "":
        raise HttpError(
            422, "Validation Failed", [{"resource": "Issue", "field": "title", "code": "missing_field"}]
        )
    labels: list[str] = []
    assignees: list[str] = []
    if repo.can_push(login):
        logins = list(body.get("assignees") or [])
        if body.get("assignee"):
            logins.append(body["assignee"])
        assignees = _check_assignees(repo, list(dict.fromkeys(logins)))
        labels = _apply_labels(call, repo, _label_names(body.get("labels")))
    now = call.world.now
    issue = Issue(
        id=call.world.next_id(),
        repo=repo.full_name,
        number=repo.next_number(),
        title=str(title),
        user=login,
        body=body.get("body"),
        created_at=now,
        updated_at=now,
        labels=labels,
        assignees=assignees,
    )
    repo.issues[issue.number] = issue
    number = issue.number
    return Reply(
        201,
        call.builder.issue(repo, issue),
        {"Location": f"{call.base}/repos/{repo.full_name}/issues/{number}"},
    )


def get_issue(call: Call) -> Reply:
    return Reply(200, call.builder.issue(call.repo, call.issue()))


def _can_edit(repo: Repo, login: str, author: str) -> bool:
    return repo.can_push(login) or login == author


def update_issue(call: Call) -> Reply:
    login = call.require_login()
    repo, issue = call.repo, call.issue()
    if not _can_edit(repo, login, issue.user):
        raise HttpError(403, "Must have admin rights to Repository.")
    body = call.body if isinstance(call.body, dict) else {}
    push = repo.can_push(login)
    if "title" in body and body["title"] is not None:
        issue.title = str(body["title"])
    if "body" in body:
        issue.body = body["body"]
    if push and "assignees" in body:
        issue.assignees = _check_assignees(repo, list(dict.fromkeys(body["assignees"] or [])))
    if push and "labels" in body:
        issue.labels = _apply_labels(call, repo, _label_names(body["labels"]))
    state = body.get("state")
    if state and state != issue.state:
        issue.state = state
        if state == "closed":
            issue.closed_at, issue.closed_by = call.world.now, login
            issue.state_reason = body.get("state_reason") or "completed"
        else:
            issue.closed_at, issue.closed_by = None, None
            issue.state_reason = "reopened"
    _touch(call, issue)
    return Reply(200, call.builder.issue(repo, issue))


def add_assignees(call: Call) -> Reply:
    login = call.require_login()
    repo, issue = call.repo, call.issue()
    if repo.can_push(login):
        body = call.body if isinstance(call.body, dict) else {}
        for assignee in body.get("assignees") or []:
            if repo.assignable(assignee) and assignee not in issue.assignees:
                issue.assignees.append(assignee)
        _touch(call, issue)
    return Reply(201, call.builder.issue(repo, issue))


# --- comments -------------------------------------------------------------------------


def list_comments(call: Call) -> Reply:
    repo, issue = call.repo, call.issue()
    since = _since(call)
    items = [
        c
        for c in repo.comments.values()
        if c.issue_number == issue.number and (since is None or c.updated_at >= since)
    ]
    items.sort(key=lambda c: c.id)
    return call.page(items, lambda c: call.builder.comment(repo, c))


def list_repo_comments(call: Call) -> Reply:
    repo = call.repo
    since = _since(call)
    items = [c for c in repo.comments.values() if since is None or c.updated_at >= since]
    sort = call.arg("sort", "created")
    key = (lambda c: (c.updated_at, c.id)) if sort == "updated" else (lambda c: (c.created_at, c.id))
    items.sort(key=key, reverse=call.arg("direction", "asc") == "desc" and "sort" in call.query)
    return call.page(items, lambda c: call.builder.comment(repo, c))


def create_comment(call: Call) -> Reply:
    login = call.require_login()
    repo, issue = call.repo, call.issue()
    if issue.locked and not repo.can_push(login):
        raise HttpError(403, "Unable to create comment because issue is locked.")
    body = call.body if isinstance(call.body, dict) else {}
    if not body.get("body"):
        raise HttpError(
            422, "Validation Failed", [{"resource": "IssueComment", "field": "body", "code": "missing_field"}]
        )
    now = call.world.now
    comment = Comment(call.world.next_id(), repo.full_name, issue.number, login, body["body"], now, now)
    repo.comments[comment.id] = comment
    _touch(call, issue)
    return Reply(
        201,
        call.builder.comment(repo, comment),
        {"Location": f"{call.base}/repos/{repo.full_name}/issues/comments/{comment.id}"},
    )


def _comment(call: Call) -> Comment:
    try:
        comment = call.repo.comments.get(int(call.params["comment_id"]))
    except ValueError:
        comment = None
    if comment is None:
        raise not_found()
    return comment


def get_comment(call: Call) -> Reply:
    return Reply(200, call.builder.comment(call.repo, _comment(call)))


def update_comment(call: Call) -> Reply:
    login = call.require_login()
    repo, comment = call.repo, _comment(call)
    if not _can_edit(repo, login, comment.user):
        raise HttpError(
            403, "Resource not accessible by integration" if login == ACTIONS_LOGIN else "Forbidden"
        )
    body = call.body if isinstance(call.body, dict) else {}
    if not body.get("body"):
        raise HttpError(
            422, "Validation Failed", [{"resource": "IssueComment", "field": "body", "code": "missing_field"}]
        )
    comment.body = body["body"]
    comment.updated_at = call.world.now
    repo.issues[comment.issue_number].updated_at = call.world.now
    return Reply(200, call.builder.comment(repo, comment))


# --- labels ---------------------------------------------------------------------------


def list_labels(call: Call) -> Reply:
    repo = call.repo
    items = sorted(repo.labels.values(), key=lambda label: label.name.casefold())
    return call.page(items, lambda label: call.builder.label(repo, label))


def create_label(call: Call) -> Reply:
    login = call.require_login()
    repo = call.repo
    if not repo.can_push(login):
        raise HttpError(403, "Must have push access to repository")
    body = call.body if isinstance(call.body, dict) else {}
    name = str(body.get("name") or "")
    if repo.label(name) is not None:
        raise HttpError(
            422, "Validation Failed", [{"resource": "Label", "field": "name", "code": "already_exists"}]
        )
    color = str(body.get("color") or "ededed").lstrip("#").lower()
    if not re.fullmatch(r"[0-9a-f]{6}", color):
        raise HttpError(
            422, "Validation Failed", [{"resource": "Label", "field": "color", "code": "invalid"}]
        )
    label = Label(id=call.world.next_id(), name=name, color=color, description=body.get("description"))
    repo.labels[name.casefold()] = label
    return Reply(201, call.builder.label(repo, label))


def get_label(call: Call) -> Reply:
    repo = call.repo
    label = repo.label(call.params["name"])
    if label is None:
        raise not_found()
    return Reply(200, call.builder.label(repo, label))


def _issue_labels(call: Call, repo: Repo, issue: Issue) -> Reply:
    return Reply(200, [call.builder.label(repo, repo.label(n)) for n in issue.labels if repo.label(n)])


def list_issue_labels(call: Call) -> Reply:
    repo, issue = call.repo, call.issue()
    items = [repo.label(n) for n in issue.labels if repo.label(n)]
    return call.page(items, lambda label: call.builder.label(repo, label))


def add_issue_labels(call: Call) -> Reply:
    login = call.require_login()
    repo, issue = call.repo, call.issue()
    if repo.can_push(login):
        for name in _apply_labels(call, repo, _label_names(call.body)):
            if name not in issue.labels:
                issue.labels.append(name)
        _touch(call, issue)
    return _issue_labels(call, repo, issue)


def set_issue_labels(call: Call) -> Reply:
    login = call.require_login()
    repo, issue = call.repo, call.issue()
    if repo.can_push(login):
        issue.labels = _apply_labels(call, repo, _label_names(call.body))
        _touch(call, issue)
    return _issue_labels(call, repo, issue)


def remove_issue_label(call: Call) -> Reply:
    login = call.require_login()
    repo, issue = call.repo, call.issue()
    name = call.params["name"]
    kept = [n for n in issue.labels if n.casefold() != name.casefold()]
    if len(kept) == len(issue.labels):
        raise HttpError(404, "Label does not exist")
    if repo.can_push(login):
        issue.labels = kept
        _touch(call, issue)
    return _issue_labels(call, repo, issue)


# --- assignees ------------------------------------------------------------------------


def list_assignees(call: Call) -> Reply:
    repo = call.repo
    items = sorted(repo.collaborators, key=str.casefold)
    return call.page(items, call.builder.simple_user)


def check_assignee(call: Call) -> Reply:
    if not call.repo.assignable(call.params["assignee"]):
        raise not_found()
    return Reply(204)


# --- pull requests --------------------------------------------------------------------


def list_pulls(call: Call) -> Reply:
    repo = call.repo
    state = call.arg("state", "open")
    base, head = call.arg("base"), call.arg("head")
    items = [
        i
        for i in repo.issues.values()
        if i.pull is not None
        and (state == "all" or i.state == state)
        and (base is None or i.pull.base == base)
        and (head is None or head.split(":")[-1] == i.pull.head)
    ]
    sort = call.arg("sort", "created")
    key = {
        "created": lambda i: (i.created_at, i.number),
        "updated": lambda i: (i.updated_at, i.number),
        "popularity": lambda i: (
            sum(1 for c in repo.comments.values() if c.issue_number == i.number),
            i.number,
        ),
        "long-running": lambda i: (i.created_at, i.number),
    }[sort]
    default = "desc" if sort == "created" else "asc"
    items.sort(key=key, reverse=call.arg("direction", default) == "desc")
    return call.page(items, lambda i: call.builder.pull(repo, i))


def get_pull(call: Call) -> Reply:
    return Reply(200, call.builder.pull(call.repo, call.issue(any_kind=False), full=True))


def list_pull_files(call: Call) -> Reply:
    repo, issue = call.repo, call.issue(any_kind=False)
    assert issue.pull is not None
    return call.page(issue.pull.files, lambda f: call.builder.diff_entry(repo, issue, f))


# --- search, contents, commits ----------------------------------------------------------


def search_issues(call: Call) -> Reply:
    """A small subset of GitHub's issue search: repo:, is:, label:, author:, and words.

    The bot must not rely on search (its index lags), so this answers from the current
    state only to let tests show that the bot does not need it.
    """
    terms = (call.arg("q") or "").split()
    hits: list[tuple[Repo, Issue]] = []
    for repo in call.world.repos.values():
        for issue in repo.issues.values():
            if all(_search_match(term, repo, issue) for term in terms):
                hits.append((repo, issue))
    hits.sort(key=lambda hit: hit[1].created_at, reverse=True)
    reply = call.page(hits, lambda hit: call.builder.search_item(*hit))
    reply.body = {
        "total_count": len(hits),
        "incomplete_results": False,
        "items": reply.body,
        "search_type": "lexical",
    }
    return reply


def _search_match(term: str, repo: Repo, issue: Issue) -> bool:
    key, _, value = term.partition(":")
    value = value.strip('"').casefold()
    if value and key == "repo":
        return repo.full_name.casefold() == value
    if value and key in ("is", "type"):
        return {
            "issue": not issue.is_pull,
            "pr": issue.is_pull,
            "pull-request": issue.is_pull,
            "open": issue.state == "open",
            "closed": issue.state == "closed",
        }.get(value, True)
    if value and key == "label":
        return value in {n.casefold() for n in issue.labels}
    if value and key == "author":
        return issue.user.casefold() == value
    text = f"{issue.title}\n{issue.body or ''}".casefold()
    return term.casefold() in text


def not_served(call: Call) -> Reply:
    """Contents and commits: the bot reads minutes from the checkout, never from the API."""
    call.repo  # noqa: B018 - 404 for an unknown repository first, like GitHub
    raise not_found()


# --- routing ----------------------------------------------------------------------------

ROUTES: list[tuple[str, str, Callable[[Call], Reply]]] = [
    ("GET", "/repos/{owner}/{repo}", get_repo),
    ("GET", "/repos/{owner}/{repo}/issues", list_issues),
    ("POST", "/repos/{owner}/{repo}/issues", create_issue),
    ("GET", "/repos/{owner}/{repo}/issues/comments", list_repo_comments),
    ("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}", get_comment),
    ("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", update_comment),
    ("GET", "/repos/{owner}/{repo}/issues/{issue_number}", get_issue),
    ("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}", update_issue),
    ("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", list_comments),
    ("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", create_comment),
    ("GET", "/repos/{owner}/{repo}/issues/{issue_number}/labels", list_issue_labels),
    ("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels", add_issue_labels),
    ("PUT", "/repos/{owner}/{repo}/issues/{issue_number}/labels", set_issue_labels),
    ("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", remove_issue_label),
    ("POST", "/repos/{owner}/{repo}/issues/{issue_number}/assignees", add_assignees),
    ("GET", "/repos/{owner}/{repo}/labels", list_labels),
    ("POST", "/repos/{owner}/{repo}/labels", create_label),
    ("GET", "/repos/{owner}/{repo}/labels/{name}", get_label),
    ("GET", "/repos/{owner}/{repo}/assignees", list_assignees),
    ("GET", "/repos/{owner}/{repo}/assignees/{assignee}", check_assignee),
    ("GET", "/repos/{owner}/{repo}/pulls", list_pulls),
    ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", get_pull),
    ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files", list_pull_files),
    ("GET", "/search/issues", search_issues),
    ("GET", "/repos/{owner}/{repo}/contents/{path}", not_served),
    ("GET", "/repos/{owner}/{repo}/commits", not_served),
    ("GET", "/repos/{owner}/{repo}/commits/{ref}", not_served),
    ("GET", "/repos/{owner}/{repo}/compare/{basehead}", not_served),
    ("GET", "/rate_limit", rate_limit),
    ("GET", "/users/{username}", get_user),
    ("GET", "/user", get_authenticated),
]


def _compile(template: str) -> re.Pattern:
    pattern = re.escape(template)
    pattern = pattern.replace(r"\{path\}", r"(?P<path>.+)")
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", pattern)
    return re.compile(pattern)


_COMPILED = [(method, template, _compile(template), handler) for method, template, handler in ROUTES]


def route(method: str, path: str) -> tuple[str | None, Callable[[Call], Reply] | None, dict[str, str], bool]:
    """(template, handler, path params, path known) for a request; handler None = 404/405."""
    known = False
    for route_method, template, pattern, handler in _COMPILED:
        match = pattern.fullmatch(path)
        if match:
            known = True
            if route_method == method:
                return template, handler, {k: unquote(v) for k, v in match.groupdict().items()}, True
    return None, None, {}, known


def parse_json(raw: bytes | None) -> object:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise HttpError(400, "Problems parsing JSON") from None
