"""Meeting to digest: the follow-ups and references of one minutes file.

Pure: the roster, repositories and pull request list come in as values, so the same
function serves `extract` offline and `process` with the live PR list.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.config import Config
from bot.extract.followups import find_follow_ups
from bot.extract.references import find_references
from bot.models import Meeting, MeetingDigest, PullRequest
from bot.people import Roster


def extract(meeting: Meeting, config: Config, pulls: Sequence[PullRequest] = ()) -> MeetingDigest:
    roster = Roster(config.people)
    follow_ups, follow_up_warnings = find_follow_ups(meeting, roster)
    references, candidates, reference_warnings = find_references(
        meeting, roster, config.pull_requests.repositories, pulls
    )
    return MeetingDigest(
        file=meeting.file,
        title=meeting.title,
        date=meeting.date,
        follow_ups=follow_ups,
        references=references,
        candidates=candidates,
        warnings=[*meeting.warnings, *follow_up_warnings, *reference_warnings],
    )
