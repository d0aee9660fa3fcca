from tests.fakegithub.fixtures import fake_github, fake_github_server  # noqa: F401  (pytest fixtures)
