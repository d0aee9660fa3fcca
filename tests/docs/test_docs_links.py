"""Every relative link in README.md and docs/ names a file of the repository (and an anchor it has)."""

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

REPO = Path(__file__).resolve().parents[2]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def _links(page: Path) -> list[str]:
    found: list[str] = []

    def walk(tokens):
        for token in tokens:
            if token.type == "link_open":
                found.append(str(token.attrGet("href")))
            walk(token.children or [])

    walk(MarkdownIt("commonmark").parse(page.read_text(encoding="utf-8")))
    return found


def _anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#+\s+(.+?)\s*$", page.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[^\w\- ]", "", h.lower().replace("`", "")).replace(" ", "-") for h in headings}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_resolve(page: Path):
    local = [link for link in _links(page) if not re.match(r"[a-z]+:", link)]
    for link in local:
        path, _, anchor = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        assert target.exists(), f"{page.relative_to(REPO)}: {link} names no file"
        if anchor and target.suffix == ".md":
            assert anchor in _anchors(target), f"{page.relative_to(REPO)}: {link}: no such heading"


def test_the_readme_links_to_the_docs():
    assert any(link.startswith("docs/") for link in _links(REPO / "README.md"))
