"""The verb and word lists the commitment grammar of `cues.py` consults.

Lists, not rules: which verbs describe a state or a view rather than a task ("I can
imagine"), which describe an outcome ("it will reduce"), which words cannot follow an
assignment's "to", and the verbs that open an order ("Investigate the crash").
"""

from __future__ import annotations

# "I can imagine", "I can see": a first person's view, not an offer.
_FIRST_PERSON_STATE_TEXT = """
imagine see think understand agree say confirm live accept tell guess believe hear follow relate
only also not give answer speak talk comment explain elaborate respond focus
"""
FIRST_PERSON_STATE = frozenset(_FIRST_PERSON_STATE_TEXT.split())

# Words that cannot follow "to" in an assignment: "Welcome to the", "Due to a".
_DETERMINERS_TEXT = """
the a an this that these those be it its their his her our my your all some any each every one
two me us them him date do go
"""
DETERMINERS = frozenset(_DETERMINERS_TEXT.split())

# After "will", verbs that state, feel or attend rather than do.
_STATE_VERBS_TEXT = """
be have need assume say admit argue guess bet know end notice still want like love remain stay
grow happen become miss attend appreciate welcome see depend require allow enable mean cause
result make leave go help work continue not never probably likely also take get keep affect
break fail include contain support use run land
"""
STATE_VERBS = frozenset(_STATE_VERBS_TEXT.split())

# "will take over / care of", "will run the meeting", "will work on", "will help with"
_PERSON_ONLY_TEXT = """
take run work help keep get support use land make
"""
PERSON_ONLY = frozenset(_PERSON_ONLY_TEXT.split())

# After a "will" with no person written, verbs that say what a change does, not who acts.
_OUTCOME_VERBS_TEXT = """
reduce increase simplify improve require allow enable break affect cause result make save avoid
speed slow add cost impact lower raise produce
"""
OUTCOME_VERBS = frozenset(_OUTCOME_VERBS_TEXT.split())

# "Postponed", "tabled": a topic moved to a later meeting, not a task.
_DEFERRED_TEXT = """
postponed tabled deferred continued
"""
DEFERRED = frozenset(_DEFERRED_TEXT.split())

# Verbs that open an order: "Investigate the crash", "Consensus: rebase and land it".
_IMPERATIVE_VERBS_TEXT = """
investigate explore share review update create send follow check look write add fix draft
prepare schedule contact reach open file submit post document test rebase merge ping ask
coordinate verify consider organize organise set circulate propose provide finalize finalise
formalize formalise email evaluate confirm publish present collect compile determine identify
plan move remove clarify discuss sync talk nominate think respond reply
"""
IMPERATIVE_VERBS = frozenset(_IMPERATIVE_VERBS_TEXT.split())

# "let's talk later" said to someone: a conversation, so the speaker and the person addressed.
TALK_VERBS = frozenset({"talk", "chat", "sync", "meet", "speak"})

# A reply's "please file an issue" to the person who asked: a task for the asker. Appeals to
# everyone ("please share", "please reach out to me", "please vote") are not.
_ADDRESSED_VERBS_TEXT = """
file open send write create post add submit draft document update raise
"""
ADDRESSED_VERBS = frozenset(_ADDRESSED_VERBS_TEXT.split())

# Passive tasks "will be discussed / merged / shared", not states "will be out / available".
_PASSIVE_TASKS_TEXT = """
discussed reviewed merged shared sent posted drafted created scheduled updated added removed
addressed fixed investigated tested released presented circulated prepared submitted opened
filed rebased evaluated considered decided followed revisited written distributed announced
published documented organized organised planned implemented proposed raised brought taken
done made integrated moved closed deprecated dropped replaced reposted re-posted reworked
split checked looked explored contacted notified informed sorted resolved completed finalized
finalised renamed recorded uploaded set handled picked tracked postponed tabled continued
clarified confirmed assigned applied landed defined formalized formalised assessed determined
"""
PASSIVE_TASKS = frozenset(_PASSIVE_TASKS_TEXT.split())

# The verbs that open a request ("Dionna asked Tom to ..."), a reported "would" ("Stefano said
# he would ...") and a group decision ("the council decided that we should ..."), in order.
REQUEST_VERBS = ("asked", "requested", "encouraged", "invited", "told", "tasked", "reminded", "urged")
REPORTING_VERBS = ("said", "agreed", "decided", "confirmed", "promised", "offered", "indicated", "stated")
DECIDING_VERBS = ("agreed", "decided", "resolved")
