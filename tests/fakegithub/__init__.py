"""A stateful fake of GitHub's REST API, checked against GitHub's OpenAPI description.

Use it through the pytest fixtures in `tests/conftest.py`:

    from github import Auth, Github
    from tests.fakegithub import ACTIONS_TOKEN

    def test_something(fake_github):                     # in-process, via `responses`
        fake_github.now = "2025-09-17T12:00:00Z"          # the fake's clock (created_at, ...)
        fake_github.add_repo("coconut-svsm/governance")
        fake_github.add_collaborator("coconut-svsm/governance", "joergroedel")   # assignable
        fake_github.add_user("alice", token="pat-alice")  # a PAT identity
        fake_github.add_pull("coconut-svsm/svsm", 808, "Guest reboot", "RARelph",
                             "2025-09-01T00:00:00Z", merged_at=None)  # add_repo first
        issue = fake_github.add_issue("coconut-svsm/governance", "Old", author="alice")
        fake_github.add_comment("coconut-svsm/governance", issue.number, "done", as_user="alice")
        fake_github.advance(days=7)                       # humans act later:
        fake_github.edit_issue("coconut-svsm/governance", issue.number, as_user="alice",
                               labels=["snoozed"], state="closed")   # bumps updated_at

        g = Github(auth=Auth.Token(ACTIONS_TOKEN), retry=None)   # acts as github-actions[bot]
        g.get_repo("coconut-svsm/governance").create_issue("Follow-up", body="...")

        assert [i.title for i in fake_github.issues("coconut-svsm/governance")] == ["Old", "Follow-up"]
        assert len(fake_github.writes) == 1                # request log: method, path, status, ...
        assert all(gap >= 1 for gap in fake_github.write_gaps())   # pacing (wall clock)

    def test_end_to_end(fake_github_server):              # a real HTTP server on 127.0.0.1
        env = {"GITHUB_API_URL": fake_github_server.url, "GITHUB_TOKEN": ACTIONS_TOKEN, ...}
        subprocess.run(["minutes-bot", "process", ...], env=env)
        fake_github_server.fake.issues("o/r")             # state after the process exits

Faults (each fires once unless `times=`), matched by method and a glob or regex path:
    fake.fail("POST", "/repos/o/r/issues", 502)               # 502 before applying
    fake.fail("POST", "/repos/o/r/issues", 502, after=True)   # applied, then 502
    fake.drop("POST", "/repos/o/r/issues/*/comments")         # applied, answer lost
    fake.secondary_rate_limit("POST", "*", retry_after=1)     # 403 + Retry-After
    fake.primary_rate_limit("GET", "*", status=429, reset_in=1)   # remaining 0 + reset
    fault = fake.crash("POST", "/repos/o/r/issues")           # applied, then the client dies:
    # in-process SimulatedCrash (a BaseException); over HTTP the answer is held until
    # `fault.reached.wait()`, `proc.kill()`, `fault.release()`
    assert not fake.pending_faults

Identities: `ACTIONS_TOKEN` is the app `github-actions[bot]` (type "Bot", push access to
every repository, `GET /user` answers 403); `add_user(login, token=...)` adds a PAT user,
with push access where `add_collaborator` made them a collaborator; other tokens get 401.

Every request and response is checked against `openapi/openapi-subset.json`; a mismatch
raises `ContractViolation` (in-process) and is kept in `fake.violations`, which the
fixtures assert empty at teardown. See `contract.py` for the in-memory spec adjustments.
"""

from tests.fakegithub.contract import ContractViolation
from tests.fakegithub.core import ACTIONS_TOKEN, API_URL, FakeGitHub, Fault, Logged, SimulatedCrash
from tests.fakegithub.server import FakeServer
from tests.fakegithub.state import ACTIONS_LOGIN

__all__ = [
    "ACTIONS_LOGIN",
    "ACTIONS_TOKEN",
    "API_URL",
    "ContractViolation",
    "FakeGitHub",
    "FakeServer",
    "Fault",
    "Logged",
    "SimulatedCrash",
]
