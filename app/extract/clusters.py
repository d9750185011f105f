"""Mentions of one article grouped into entities, and each entity's type and name.

Mentions merge when they share a gazetteer entry or a normalised name; an
acronym joins its expansion; a surname-only mention (with or without its
particles) joins the full name when exactly one multi-word person in the article
has that surname; a one-word organization ("the Bank") joins the only
multi-word organization with that head noun.  Types are voted across a
cluster's mentions; a title before a name counts as strong evidence for a
person; the gazetteer overrides the vote.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .gazetteer import Gazetteer, KnownEntity, name_key
from .lang.names import NAME_PARTICLES, PLACE_SUFFIXES
from .mention import Mention
from .mentions import org_tails
from .types import EntityType

_TYPE_ORDER: tuple[EntityType, ...] = ("person", "location", "organization", "group", "other")


_TITLE_WEIGHT = 5


_REGION_WEIGHT = 3
_CUE_WEIGHT = 4


@dataclass(slots=True)
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    known: KnownEntity | None = None
    region: bool = False  # its name is a state or province in the gazetteer


def cluster_mentions(
    mentions: list[Mention], links: dict[str, str], gaz: Gazetteer
) -> list[Cluster]:
    clusters: dict[str, Cluster] = {}
    for m in mentions:
        key = f"gaz:{m.known.name}" if m.known else links.get(name_key(m.text), name_key(m.text))
        cluster = clusters.setdefault(key, Cluster(known=m.known))
        cluster.mentions.append(m)
        cluster.region = cluster.region or (m.known is None and gaz.is_region(m.text))
    # A linked acronym's expansion may itself be a gazetteer name, or another name of
    # one ("DoD" for "Department of Defense", which the gazetteer files as the Pentagon).
    known_owner: dict[str, str] = {}
    for key, c in clusters.items():
        if c.known is not None:
            for text in (c.known.name, *c.known.aliases, *(m.text for m in c.mentions)):
                known_owner.setdefault(name_key(text), key)
    for key in list(clusters):
        target = links.get(key, key)
        target = known_owner.get(target, target)
        if target in clusters and target != key:
            clusters[target].mentions.extend(clusters.pop(key).mentions)
    _merge_org_tails(clusters)
    _merge_office_places(clusters, gaz)
    _merge_person_names(clusters)
    _merge_place_suffixes(clusters)
    return sorted(clusters.values(), key=lambda c: (c.mentions[0].doc_pos, c.mentions[0].start))


def _merge_place_suffixes(clusters: dict[str, Cluster]) -> None:
    """Join "Gaza" to "Gaza Strip" named in the same article: a place's full name ends in
    a word for its kind ("Strip", "Province", "State") and its first words name it too."""
    by_name = {name_key(c.known.name) if c.known else key: key for key, c in clusters.items()}
    for name in sorted(by_name, key=len, reverse=True):
        words = name.split()
        if len(words) < 2 or words[-1] not in PLACE_SUFFIXES:
            continue
        long_key, short_key = by_name[name], by_name.get(" ".join(words[:-1]))
        cluster = clusters.get(long_key)
        short = clusters.get(short_key) if short_key else None
        if cluster is None or short is None or short is cluster:
            continue
        if vote(cluster)[0] == "location" and vote(short)[0] == "location":
            cluster.mentions.extend(clusters.pop(short_key).mentions)  # type: ignore[arg-type]


def _merge_office_places(clusters: dict[str, Cluster], gaz: Gazetteer) -> None:
    """Join "British High Commission" to "British High Commission Nairobi": an
    organization named again with the place of its office is the same one."""
    for key in sorted(clusters, key=len, reverse=True):
        cluster = clusters.get(key)
        if cluster is None or cluster.known is not None or vote(cluster)[0] != "organization":
            continue
        words = key.split()
        for cut in range(len(words) - 1, 1, -1):
            short, place = " ".join(words[:cut]), " ".join(words[cut:])
            other = clusters.get(short)
            known = gaz.lookup(place)
            if other is not None and other is not cluster and known and known.type == "location":
                if other.known is None and vote(other)[0] == "organization":
                    cluster.mentions.extend(clusters.pop(short).mentions)
                break


def _org_name(cluster: Cluster) -> str | None:
    """The multi-word organization name of a cluster, if it is one."""
    if cluster.known is not None:
        name = cluster.known.name
        return name if cluster.known.type == "organization" and " " in name else None
    if vote(cluster)[0] != "organization":
        return None
    longest = max((m.text for m in cluster.mentions), key=lambda t: len(t.split()))
    return longest if " " in longest else None


def _merge_org_tails(clusters: dict[str, Cluster]) -> None:
    """Join "the Commission" to "European Commission" when no other org ends in "Commission"."""
    names = {key: name for key, c in clusters.items() if (name := _org_name(c)) is not None}
    tails = org_tails(list(names.values()))
    by_name = {name: key for key, name in names.items()}
    for key in list(clusters):
        cluster = clusters[key]
        if cluster.known is not None or " " in key or key not in tails:
            continue
        if any(m.type == "person" or m.titled for m in cluster.mentions):
            continue
        owners = tails[key]
        if len(owners) == 1 and by_name[owners[0]] != key:
            clusters[by_name[owners[0]]].mentions.extend(clusters.pop(key).mentions)


def _merge_person_names(clusters: dict[str, Cluster]) -> None:
    """Join "Rutte" to "Mark Rutte" and "Donald J. Trump" to "Donald Trump"."""
    full: dict[str, list[str]] = {}
    for key, cluster in clusters.items():
        words = key.split()
        if cluster.known is None and len(words) >= 2 and vote(cluster)[0] == "person":
            full.setdefault(f"{words[0]} {words[-1]}", []).append(key)
    for keys in full.values():
        for other in keys[1:]:
            if other in clusters:
                clusters[keys[0]].mentions.extend(clusters.pop(other).mentions)
    surnames: dict[str, list[str]] = {}
    for key, cluster in clusters.items():
        words = key.split()
        if words and words[0] in NAME_PARTICLES:
            continue  # a surname with its particles, not a full name
        if cluster.known is None and len(words) >= 2 and vote(cluster)[0] == "person":
            for form in surname_forms(words):
                surnames.setdefault(form, []).append(key)
    for key in list(clusters):
        cluster = clusters[key]
        short = _bare_surname(key)
        owners = set(surnames.get(short, ())) - {key}
        if cluster.known is None and len(owners) == 1 and _joinable(cluster):
            clusters[owners.pop()].mentions.extend(clusters.pop(key).mentions)


def _strip_particle(word: str) -> str:
    """ "al-bashir" -> "bashir": a particle joined by a hyphen is not the surname."""
    head, sep, rest = word.partition("-")
    return rest if sep and head in NAME_PARTICLES and rest else word


def surname_forms(words: list[str]) -> set[str]:
    """The short forms a full personal name goes by in the same article.

    The last word ("rutte"), without a hyphenated particle ("bashir" of
    "al-bashir"); the words after the given name ("moreno ocampo" of "luis moreno
    ocampo"); and, when the given name is hyphenated as in Chinese and Korean
    names, the family name written first ("ma" of "ma ying-jeou").
    """
    last = _strip_particle(words[-1])
    forms = {last}
    rest = [_strip_particle(w) for w in words[1:] if w not in NAME_PARTICLES]
    if len(rest) >= 2:
        forms.add(" ".join(rest))
    if len(words) == 2 and "-" in words[1] and _strip_particle(words[1]) == words[1]:
        forms.add(words[0])
    return forms


def _bare_surname(key: str) -> str:
    """A mention's key without leading particles: "von der leyen" -> "leyen"."""
    words = key.split()
    while len(words) > 1 and words[0] in NAME_PARTICLES:
        words = words[1:]
    return " ".join(_strip_particle(w) for w in words)


def _joinable(cluster: Cluster) -> bool:
    """A short form joins a full name unless it reads as a place: a place-typed short
    form joins only as the subject of a speech verb or after a title ("England said"),
    or, when no gazetteer knows it as a place, as the subject of any verb or an owner
    ("Blinken later met ...", "Blinken's visit")."""
    if all(m.type in {"person", "organization", "other"} for m in cluster.mentions):
        return True
    if any(m.speaker or m.titled for m in cluster.mentions):
        return True
    return not cluster.region and any(m.acts and m.known is None for m in cluster.mentions)


def vote(cluster: Cluster) -> tuple[EntityType, float]:
    """Winning type and its share of the (title- and region-weighted) votes."""
    if cluster.known is not None:
        return cluster.known.type, 1.0
    votes: Counter[EntityType] = Counter()
    for m in cluster.mentions:
        votes[m.type] += 1
        if m.titled:
            votes["person"] += _TITLE_WEIGHT
        if m.cue is not None:
            votes[m.cue] += _CUE_WEIGHT
    if cluster.region:
        votes["location"] += _REGION_WEIGHT
    best = max(_TYPE_ORDER, key=lambda t: (votes[t], -_TYPE_ORDER.index(t)))
    return best, votes[best] / sum(votes.values())


def canonical_name(cluster: Cluster) -> str:
    if cluster.known is not None:
        return cluster.known.name
    counts = Counter(m.text for m in cluster.mentions)
    first = {m.text: i for i, m in reversed(list(enumerate(cluster.mentions)))}
    return max(counts, key=lambda t: (not t.isupper(), len(t.split()), counts[t], -first[t]))
