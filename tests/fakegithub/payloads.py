"""JSON bodies shaped like GitHub's, with every field the OpenAPI schemas require.

URLs inside payloads point at the base URL the request came in on, because PyGithub
follows them (`comment.edit()` PATCHes `comment.url`) and refuses foreign hosts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from tests.fakegithub.state import Comment, Issue, Label, Repo, User, World

WEB = "https://github.com"


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _node(prefix: str, number: int) -> str:
    return f"{prefix}_kwDO{number:08d}"


@dataclass(frozen=True)
class Builder:
    world: World
    api: str  # e.g. "https://api.github.com" or "http://127.0.0.1:8765"

    def simple_user(self, login: str) -> dict:
        user = self.world.ensure_user(login)
        url = f"{self.api}/users/{user.login}"
        return {
            "login": user.login,
            "id": user.id,
            "node_id": _node("U", user.id),
            "avatar_url": f"https://avatars.githubusercontent.com/u/{user.id}?v=4",
            "gravatar_id": "",
            "url": url,
            "html_url": f"{WEB}/{user.login}" if user.type != "Bot" else f"{WEB}/apps/{user.login[:-5]}",
            "followers_url": f"{url}/followers",
            "following_url": f"{url}/following{{/other_user}}",
            "gists_url": f"{url}/gists{{/gist_id}}",
            "starred_url": f"{url}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{url}/subscriptions",
            "organizations_url": f"{url}/orgs",
            "repos_url": f"{url}/repos",
            "events_url": f"{url}/events{{/privacy}}",
            "received_events_url": f"{url}/received_events",
            "type": user.type,
            "user_view_type": "public",
            "site_admin": False,
        }

    def public_user(self, user: User) -> dict:
        body = self.simple_user(user.login)
        body.update(
            {
                "name": user.name,
                "company": None,
                "blog": "",
                "location": None,
                "email": user.email,
                "hireable": None,
                "bio": None,
                "twitter_username": None,
                "public_repos": sum(1 for r in self.world.repos.values() if r.owner == user.login),
                "public_gists": 0,
                "followers": 0,
                "following": 0,
                "created_at": iso(user.created_at),
                "updated_at": iso(user.created_at),
            }
        )
        return body

    def private_user(self, user: User) -> dict:
        body = self.public_user(user)
        body.update(
            {
                "user_view_type": "private",
                "notification_email": user.email,
                "private_gists": 0,
                "total_private_repos": 0,
                "owned_private_repos": 0,
                "disk_usage": 0,
                "collaborators": 0,
                "two_factor_authentication": True,
            }
        )
        return body

    def repository(self, repo: Repo, *, full: bool = False) -> dict:
        url = f"{self.api}/repos/{repo.full_name}"
        html = f"{WEB}/{repo.full_name}"
        open_issues = sum(1 for i in repo.issues.values() if i.state == "open")
        body = {
            "id": repo.id,
            "node_id": _node("R", repo.id),
            "name": repo.name,
            "full_name": repo.full_name,
            "owner": self.simple_user(repo.owner),
            "private": repo.private,
            "html_url": html,
            "description": None,
            "fork": False,
            "url": url,
            "archive_url": f"{url}/{{archive_format}}{{/ref}}",
            "assignees_url": f"{url}/assignees{{/user}}",
            "blobs_url": f"{url}/git/blobs{{/sha}}",
            "branches_url": f"{url}/branches{{/branch}}",
            "collaborators_url": f"{url}/collaborators{{/collaborator}}",
            "comments_url": f"{url}/comments{{/number}}",
            "commits_url": f"{url}/commits{{/sha}}",
            "compare_url": f"{url}/compare/{{base}}...{{head}}",
            "contents_url": f"{url}/contents/{{+path}}",
            "contributors_url": f"{url}/contributors",
            "deployments_url": f"{url}/deployments",
            "downloads_url": f"{url}/downloads",
            "events_url": f"{url}/events",
            "forks_url": f"{url}/forks",
            "git_commits_url": f"{url}/git/commits{{/sha}}",
            "git_refs_url": f"{url}/git/refs{{/sha}}",
            "git_tags_url": f"{url}/git/tags{{/sha}}",
            "git_url": f"git://github.com/{repo.full_name}.git",
            "hooks_url": f"{url}/hooks",
            "issue_comment_url": f"{url}/issues/comments{{/number}}",
            "issue_events_url": f"{url}/issues/events{{/number}}",
            "issues_url": f"{url}/issues{{/number}}",
            "keys_url": f"{url}/keys{{/key_id}}",
            "labels_url": f"{url}/labels{{/name}}",
            "languages_url": f"{url}/languages",
            "merges_url": f"{url}/merges",
            "milestones_url": f"{url}/milestones{{/number}}",
            "notifications_url": f"{url}/notifications{{?since,all,participating}}",
            "pulls_url": f"{url}/pulls{{/number}}",
            "releases_url": f"{url}/releases{{/id}}",
            "ssh_url": f"git@github.com:{repo.full_name}.git",
            "stargazers_url": f"{url}/stargazers",
            "statuses_url": f"{url}/statuses/{{sha}}",
            "subscribers_url": f"{url}/subscribers",
            "subscription_url": f"{url}/subscription",
            "tags_url": f"{url}/tags",
            "teams_url": f"{url}/teams",
            "trees_url": f"{url}/git/trees{{/sha}}",
            "clone_url": f"{html}.git",
            "mirror_url": None,
            "svn_url": html,
            "homepage": None,
            "language": None,
            "forks": 0,
            "forks_count": 0,
            "stargazers_count": 0,
            "watchers_count": 0,
            "watchers": 0,
            "size": 100,
            "default_branch": repo.default_branch,
            "open_issues": open_issues,
            "open_issues_count": open_issues,
            "is_template": False,
            "topics": [],
            "has_issues": True,
            "has_projects": True,
            "has_wiki": True,
            "has_pages": False,
            "has_downloads": True,
            "has_discussions": False,
            "archived": False,
            "disabled": False,
            "visibility": "private" if repo.private else "public",
            "pushed_at": iso(self.world.now),
            "created_at": iso(repo.created_at),
            "updated_at": iso(self.world.now),
            "license": None,
        }
        if full:
            body.update({"network_count": 0, "subscribers_count": 0})
        return body

    def label(self, repo: Repo, label: Label) -> dict:
        return {
            "id": label.id,
            "node_id": _node("LA", label.id),
            "url": f"{self.api}/repos/{repo.full_name}/labels/{quote(label.name)}",
            "name": label.name,
            "description": label.description,
            "color": label.color,
            "default": label.default,
        }

    def _reactions(self, url: str) -> dict:
        counts = dict.fromkeys(["+1", "-1", "laugh", "confused", "heart", "hooray", "eyes", "rocket"], 0)
        return {"url": f"{url}/reactions", "total_count": 0, **counts}

    def _association(self, repo: Repo, login: str) -> str:
        if login == repo.owner:
            return "OWNER"
        return "COLLABORATOR" if login in repo.collaborators else "NONE"

    def issue(self, repo: Repo, issue: Issue) -> dict:
        url = f"{self.api}/repos/{repo.full_name}/issues/{issue.number}"
        kind = "pull" if issue.is_pull else "issues"
        html = f"{WEB}/{repo.full_name}/{kind}/{issue.number}"
        labels = [self.label(repo, repo.label(name)) for name in issue.labels if repo.label(name)]
        assignees = [self.simple_user(login) for login in issue.assignees]
        body = {
            "id": issue.id,
            "node_id": _node("I", issue.id),
            "url": url,
            "repository_url": f"{self.api}/repos/{repo.full_name}",
            "labels_url": f"{url}/labels{{/name}}",
            "comments_url": f"{url}/comments",
            "events_url": f"{url}/events",
            "html_url": html,
            "timeline_url": f"{url}/timeline",
            "number": issue.number,
            "state": issue.state,
            "state_reason": issue.state_reason,
            "title": issue.title,
            "body": issue.body,
            "user": self.simple_user(issue.user),
            "labels": labels,
            "assignee": assignees[0] if assignees else None,
            "assignees": assignees,
            "milestone": None,
            "locked": issue.locked,
            "active_lock_reason": None,
            "comments": sum(1 for c in repo.comments.values() if c.issue_number == issue.number),
            "closed_at": iso(issue.closed_at),
            "created_at": iso(issue.created_at),
            "updated_at": iso(issue.updated_at),
            "closed_by": self.simple_user(issue.closed_by) if issue.closed_by else None,
            "author_association": self._association(repo, issue.user),
            "performed_via_github_app": None,
            "reactions": self._reactions(url),
        }
        if issue.pull is not None:
            pulls = f"{self.api}/repos/{repo.full_name}/pulls/{issue.number}"
            body["draft"] = issue.pull.draft
            body["pull_request"] = {
                "url": pulls,
                "html_url": html,
                "diff_url": f"{html}.diff",
                "patch_url": f"{html}.patch",
                "merged_at": iso(issue.pull.merged_at),
            }
        return body

    def search_item(self, repo: Repo, issue: Issue) -> dict:
        body = self.issue(repo, issue)
        if body["body"] is None:
            del body["body"]  # not nullable in issue-search-result-item
        body["score"] = 1.0
        return body

    def comment(self, repo: Repo, comment: Comment) -> dict:
        url = f"{self.api}/repos/{repo.full_name}/issues/comments/{comment.id}"
        issue = repo.issues[comment.issue_number]
        kind = "pull" if issue.is_pull else "issues"
        return {
            "id": comment.id,
            "node_id": _node("IC", comment.id),
            "url": url,
            "html_url": f"{WEB}/{repo.full_name}/{kind}/{comment.issue_number}#issuecomment-{comment.id}",
            "issue_url": f"{self.api}/repos/{repo.full_name}/issues/{comment.issue_number}",
            "body": comment.body,
            "user": self.simple_user(comment.user),
            "created_at": iso(comment.created_at),
            "updated_at": iso(comment.updated_at),
            "author_association": self._association(repo, comment.user),
            "performed_via_github_app": None,
            "reactions": self._reactions(url),
        }

    def _ref(self, repo: Repo, ref: str, sha: str, login: str) -> dict:
        return {
            "label": f"{repo.owner}:{ref}",
            "ref": ref,
            "sha": sha,
            "user": self.simple_user(login),
            "repo": self.repository(repo),
        }

    def pull(self, repo: Repo, issue: Issue, *, full: bool = False) -> dict:
        assert issue.pull is not None
        pull = issue.pull
        url = f"{self.api}/repos/{repo.full_name}/pulls/{issue.number}"
        issue_url = f"{self.api}/repos/{repo.full_name}/issues/{issue.number}"
        html = f"{WEB}/{repo.full_name}/pull/{issue.number}"
        sha = f"{issue.id:040x}"
        assignees = [self.simple_user(login) for login in issue.assignees]
        body = {
            "url": url,
            "id": pull.pr_id,
            "node_id": _node("PR", pull.pr_id),
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "issue_url": issue_url,
            "commits_url": f"{url}/commits",
            "review_comments_url": f"{url}/comments",
            "review_comment_url": f"{self.api}/repos/{repo.full_name}/pulls/comments{{/number}}",
            "comments_url": f"{issue_url}/comments",
            "statuses_url": f"{self.api}/repos/{repo.full_name}/statuses/{sha}",
            "number": issue.number,
            "state": issue.state,
            "locked": issue.locked,
            "title": issue.title,
            "user": self.simple_user(issue.user),
            "body": issue.body,
            "labels": [self.label(repo, repo.label(n)) for n in issue.labels if repo.label(n)],
            "milestone": None,
            "active_lock_reason": None,
            "created_at": iso(issue.created_at),
            "updated_at": iso(issue.updated_at),
            "closed_at": iso(issue.closed_at),
            "merged_at": iso(pull.merged_at),
            "merge_commit_sha": f"{pull.pr_id:040x}" if pull.merged_at else None,
            "assignee": assignees[0] if assignees else None,
            "assignees": assignees,
            "requested_reviewers": [],
            "requested_teams": [],
            "head": self._ref(repo, pull.head, sha, issue.user),
            "base": self._ref(repo, pull.base, f"{repo.id:040x}", repo.owner),
            "_links": {
                "self": {"href": url},
                "html": {"href": html},
                "issue": {"href": issue_url},
                "comments": {"href": f"{issue_url}/comments"},
                "review_comments": {"href": f"{url}/comments"},
                "review_comment": {"href": f"{self.api}/repos/{repo.full_name}/pulls/comments{{/number}}"},
                "commits": {"href": f"{url}/commits"},
                "statuses": {"href": f"{self.api}/repos/{repo.full_name}/statuses/{sha}"},
            },
            "author_association": self._association(repo, issue.user),
            "auto_merge": None,
            "draft": pull.draft,
        }
        if full:
            merged = pull.merged_at is not None
            body.update(
                {
                    "merged": merged,
                    "mergeable": None if issue.state == "closed" else True,
                    "mergeable_state": "unknown" if issue.state == "closed" else "clean",
                    "merged_by": self.simple_user(pull.merged_by or repo.owner) if merged else None,
                    "comments": sum(1 for c in repo.comments.values() if c.issue_number == issue.number),
                    "review_comments": 0,
                    "maintainer_can_modify": False,
                    "commits": 1,
                    "additions": 10 * len(pull.files),
                    "deletions": 2 * len(pull.files),
                    "changed_files": len(pull.files),
                }
            )
        return body

    def diff_entry(self, repo: Repo, issue: Issue, filename: str) -> dict:
        sha = f"{issue.id:040x}"
        return {
            "sha": hashlib.sha1(filename.encode()).hexdigest(),
            "filename": filename,
            "status": "modified",
            "additions": 10,
            "deletions": 2,
            "changes": 12,
            "blob_url": f"{WEB}/{repo.full_name}/blob/{sha}/{filename}",
            "raw_url": f"{WEB}/{repo.full_name}/raw/{sha}/{filename}",
            "contents_url": f"{self.api}/repos/{repo.full_name}/contents/{filename}?ref={sha}",
            "patch": "@@ -1,2 +1,10 @@",
        }
