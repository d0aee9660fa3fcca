"""The name engine's knowledge: how people's names and GitHub logins are written.

One home for what the roster, the extractor and `roster suggest` all need to know about
names, so a tuning lands once: the grammar of a login, the particles inside names ("Antoine
du Hamel"), the capitalised words that are never names, the spellings of one name (accents, umlauts), the keys two spellings of one
person share, initial forms ("T. Lendacky") and how much a login spells a name. Pure and
independent of the config: `bot/domain/people.py` (the roster), `bot/extract/names.py` (names
in one file) and `bot/roster/` (grouping the minutes' people) build on it.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.parse.text import fold, fold_variants, spell_umlauts, strip_accents

# https://github.com/join: a login is 1-39 alphanumerics or single hyphens, not at either end.
LOGIN = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"

# Lower-case words that belong inside names: "Antoine du Hamel", "Chris de Almeida".
PARTICLES = frozenset({"de", "du", "da", "di", "van", "von", "der", "den", "le", "la", "del", "dos", "ter"})


# Capitalised words that are never a person's name, in lower case: what starts a sentence,
# titles and lead-ins ("Action Items", "Pull Request"), groups, organisations and products,
# days and months, and the verbs that open an imperative item ("Review the PR"). The
# extractor takes no name holding one; `roster suggest` trims them off a run of capitals.
NOT_NAMES = frozenset(
    """
    a about above after again all also although an and another any anyone are as at be because
    before both but by can could do does during each either everyone for from further
    furthermore generally given he her here his how however i if in instead is it its just let
    let's lets may maybe meanwhile might more most must my next no nobody none not now of ok
    okay on once one only or other others our overall per perhaps please probably several shall
    she should since so some someone still thanks that the their them then there these they this
    those to until us via was we what when where whether which while who why will with would yes
    you your
    april august currently december february finally first friday january july june last later
    march monday november october saturday september sunday thursday today tomorrow tuesday
    wednesday yesterday
    action actions agenda agreed ai announcement announcements apologies attendees background
    call consensus decision discussion encountered item items meeting note notes overview
    present question regarding regrets status summary topic topics update updates
    branch code design document documentation feature features issue issues open patch patches
    plan plans policy pr process progress project projects proposal protocol prs pull release
    releases request requests roadmap source spec specification support test testing tests work
    working
    authors board chairs committee community contributors council developers folks foundation
    governing group leads maintainers members mentors owners participants partners reviewers
    security steering students team technical users vendors volunteers
    amd dr github gitlab google hat ibm intel kernel kvm linux meta microsoft mr mrs ms nvidia
    prof qemu red rust snp suse svsm tdx
    add ask check consider create get keep make merge move review see send try use
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


def name_spellings(name: str) -> set[str]:
    """The ways `name` may be written: as is, without accents, umlauts spelt out ("Joerg")."""
    return {name, strip_accents(name), spell_umlauts(name)}


def name_keys(name: str) -> set[str]:
    """Keys two spellings of one person share: accents and umlauts folded, middle names and
    initials dropped ("David A. Wheeler" = "David Wheeler"), spaces dropped ("Zhao Rong Hou")."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    keys = set(fold_variants(" ".join(words)))
    if len(words) > 2:
        keys |= fold_variants(f"{words[0]} {words[-1]}")
    keys |= {re.sub(r"([aou])e", r"\1", k) for k in list(keys)}  # "Jorg Roedel" = "Jorg Rodel"
    keys |= {k.replace(" ", "").replace("-", "") for k in list(keys)}
    return keys


def initials(name: str) -> str:
    """ "DM" for "Dan Middleton": the first letter of each word, as minutes abbreviate a speaker."""
    return "".join(word[0] for word in name.split())


def initial_form(name: str) -> tuple[str, str] | None:
    """("james", "b") for "James B", ("t", "lendacky") for "T. Lendacky"; None otherwise."""
    words = name.replace(".", " ").split()
    if len(words) != 2:
        return None
    first, last = (fold(w) for w in words)
    if len(last) == 1 and len(first) > 1:
        return first, last
    if len(first) == 1 and len(last) > 1:
        return first, last
    return None


def login_letters(login: str) -> str:
    """The letters of a login, lower case: what a name can be compared with."""
    return re.sub(r"[^a-z]", "", login.lower())


def resemblance(login: str, name: str) -> Literal["strong", "medium", "none"]:
    """How much a login looks like a name: `joergroedel`, `tlendacky`, `stefano-garzarella`
    are strong; `osteffenrh`, `dcmiddle` (Dan Middleton) medium; `Freax13` none."""
    letters = login_letters(login)
    best: Literal["strong", "medium", "none"] = "none"
    for variant in fold_variants(name):
        words = [re.sub(r"[^a-z]", "", w) for w in variant.split()]
        words = [w for w in words if w]
        if not words or not letters:
            continue
        first, last = words[0], words[-1]
        has_first = first in letters or letters.startswith(first[0]) or letters.endswith(first[0])
        if len(words) > 1 and len(last) >= 3 and last in letters and has_first:
            return "strong"
        surname_prefix = len(words) > 1 and len(last) >= 6 and last[:5] in letters
        if (len(last) >= 4 and last in letters) or (len(first) >= 4 and first in letters) or surname_prefix:
            best = "medium"
    return best
