"""Spending commitments: money amounts and GDP shares somebody pledged to spend.

A figure (see `money`) becomes a commitment only when a *pledge signal* governs
it in the dependency parse (`trigger`): one of its syntactic ancestors is a
pledge, spending or change verb or noun, or the verb above it has a pledge noun
as subject ("this increase will amount to £13.4 billion").  "The company earned
$3bn" has none and yields nothing.  Negated or hedged signals ("did not pledge",
"refused to commit", "might consider", "rejected calls to", "urged allies to
spend") yield nothing either.

Actor rule (`actor`): the subject of the trigger, climbing through infinitive and
subordinate clauses to the clause that has one; the agent of a passive; the
owner of a pledge noun ("Britain's pledge"); and for "X gained commitments from
Y to ..." the party that commits, Y.  Pronouns resolve to the last person
("he") or the governing clause's subject ("they").  Bare "member states" or
"allies" are qualified with the article's main organization ("NATO member
states").  A commitment without a committing party takes the party of the
article's previous commitment.

Metric (`metric`), target year and period (`timing`), status (`trigger`: the
nearest status word in the clause chain, else future -> pledged, past spending
-> delivered).  Not commitments (`exclusions`): thresholds ("above 1% of GDP",
`figures`), figures under "no"/"never", past money, running totals, appeals,
needs, damage, fines, tax, trade and a company's own investment.  A restatement
(a summary line, then the body; the same sum in another currency) merges into
one fact citing every paragraph (`merge`).

The modules, in the order the stage (`stage`) runs them: `figures` (amounts and
shares of a sentence), `trigger`, `exclusions`, `actor`, `metric`, `timing`,
`merge`.  The word lists live in `app.extract.lang`; each module here holds one
concern.
"""

from .stage import extract_commitments

__all__ = ["extract_commitments"]
