"""Publishing a case: who may, from what, and the check that nobody is named who did not
agree to it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from burgerplatform.accounts.models import User, Visitor
from burgerplatform.consultations.models import Contribution, Round, Seat, SeatStatus
from burgerplatform.consultations.phases import Phase
from burgerplatform.consultations.pool_models import PoolMember
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.core.permissions import is_zone_staff
from burgerplatform.extensions import db
from burgerplatform.library.models import (
    LANGUAGES,
    Case,
    CaseNamedPerson,
    CaseSource,
    CaseText,
    CaseTheme,
    CaseTopic,
    Theme,
)
from burgerplatform.proeftuinen.models import Proeftuin, Topic
from burgerplatform.proeftuinen.services import is_coach

# The parts of a case's text that must be there in every language it is written in.
REQUIRED_PARTS = ("title", "asked", "done", "changed")
TEXT_PARTS = ("title", "asked", "who", "done", "changed", "differently", "summary_easy")

NOT_READY_PROEFTUIN = _l(
    "A case can be published once a topic of this proeftuin is closed with an outcome."
)
NOT_READY_ROUND = _l("A case can be published once the round has reached its follow-up.")
DUTCH_NEEDED = _l(
    "Write the case in Dutch: a title, what was asked, what was done and what changed."
)
# A language begun but not finished: the message says which language.
PARTLY_TRANSLATED = {
    "fr": _l(
        "In French, also fill in the title, what was asked, what was done and what "
        "changed, or leave French empty."
    ),
    "en": _l(
        "In English, also fill in the title, what was asked, what was done and what "
        "changed, or leave English empty."
    ),
}
CONFIRM_NO_NAMES = _l("Confirm that the case names nobody who did not agree to it.")
NAMES_FOUND = _l(
    "The case names people who did not agree to be named: %(names)s. Remove their names, "
    "or tick that they agreed."
)
# Two participants share a first name ("Rik W." agreed, "Rik M." did not): a bare "Rik"
# may be either, the full name of the one who agreed is not.
NAMES_FOUND_SAME_FIRST = _l(
    "The case names people who did not agree to be named: %(names)s. Someone who agreed "
    "has the same first name: write their full name (%(agreed)s), or remove the name."
)
# The same for a surname ("Jef Wouters" agreed, "An Wouters" did not): "Wouters" alone
# may be either.
NAMES_FOUND_SAME_SURNAME = _l(
    "The case names people who did not agree to be named: %(names)s. Someone who agreed "
    "has the same surname: write their full name (%(agreed)s), or remove the name."
)
NO_THEME = _l("Choose at least one theme.")
MAYBE_NAMES = _l(
    "These words are also the name of a participant: %(words)s. Is it a name here? Then "
    "remove it. Is it not a name? Then tick “I checked: this is not a person's name”."
)


@dataclass
class CaseDetails:
    """What the publish form gives: the texts by language ({part: text}), tags, counts."""

    texts: dict[str, dict[str, str]]
    topic: CaseTopic
    themes: list[Theme]
    participant_count: int
    contact: str = ""
    # Participants (user ids) who agreed to be named.
    named: set[int] = field(default_factory=set)
    confirmed_no_names: bool = False
    # The publisher checked that words like "an" or "ben" are not a participant's name here.
    checked_not_names: bool = False


@dataclass(frozen=True)
class Participant:
    user_id: int | None  # None: a name from input written down on paper
    name: str


# --- Who may publish, and from what ----------------------------------------------------


def may_publish_proeftuin(user: Visitor, proeftuin: Proeftuin) -> bool:
    """The proeftuin's coach, or staff of its zone."""
    if is_coach(user, proeftuin):
        return True
    return proeftuin.zone_id is not None and is_zone_staff(user, proeftuin.zone_id)


def proeftuin_ready(proeftuin: Proeftuin) -> bool:
    """A proeftuin has something to tell once one of its topics closed with an outcome."""
    return (
        db.session.scalar(
            select(Topic.id).where(
                Topic.proeftuin_id == proeftuin.id,
                Topic.closed_at.is_not(None),
                Topic.outcome.is_not(None),
            )
        )
        is not None
    )


def round_ready(round_: Round) -> bool:
    return round_.phase is Phase.FOLLOW_UP and round_.cancelled_at is None


def participants_of_proeftuin(proeftuin: Proeftuin) -> list[Participant]:
    """Everyone who was a member, also those who left."""
    return _unique(Participant(m.user_id, m.user.display_name) for m in proeftuin.memberships)


def participants_of_round(round_: Round) -> list[Participant]:
    """The klankbordgroep, everyone who gave input online, and the names written with
    input gathered on paper."""
    members = db.session.execute(
        select(User.id, User.display_name)
        .join(PoolMember, PoolMember.user_id == User.id)
        .join(Seat, Seat.member_id == PoolMember.id)
        .where(Seat.round_id == round_.id, Seat.status == SeatStatus.ACCEPTED)
        .order_by(Seat.id)
    ).all()
    authors = db.session.execute(
        select(User.id, User.display_name)
        .join(Contribution, Contribution.author_id == User.id)
        # Input given for a group is the group's: its contact is not named for it.
        .where(Contribution.round_id == round_.id, Contribution.group_id.is_(None))
        .order_by(Contribution.id)
    ).all()
    on_paper = db.session.scalars(
        select(Contribution.contact_name).where(
            Contribution.round_id == round_.id, Contribution.contact_name != ""
        )
    ).all()
    return _unique(
        [
            *(Participant(uid, name) for uid, name in [*members, *authors]),
            *(Participant(None, name) for name in on_paper),
        ]
    )


def _unique(people: Iterable[Participant]) -> list[Participant]:
    seen: dict[tuple[int | None, str], Participant] = {}
    for p in people:
        if p.name.strip():
            seen.setdefault((p.user_id, p.name.strip()), p)
    return list(seen.values())


def existing_case(source: CaseSource, source_id: int) -> Case | None:
    column = Case.proeftuin_id if source is CaseSource.PROEFTUIN else Case.round_id
    return db.session.scalar(select(Case).where(Case.source == source, column == source_id))


# --- Names ---------------------------------------------------------------------------


# Display names that are also common Dutch, French or English words ("an", "ben",
# "will", "rose", ...). Written with a capital ("An", "AN", also at the start of a
# sentence) they count as the name; written all in lower case they are probably the word
# ("an informal carer", "ik ben"), but may be the name typed quickly ("an kookte"): the
# publisher is asked to check (`maybe_names_in`), never silently let through.
COMMON_WORDS = frozenset(
    """an ben bill bo claire dean faith frank fleur grace guy hope iris joy june lief lies
    mark may nick pat pierre rob roos rose ruby sue ward will""".split()
)
# A first name shorter than this ("Al" of "Al Haddad") is too often a word ("al het
# eten") to refuse on sight: the full name counts, the first name alone is asked about.
SHORT_FIRST_NAME = 3
# Genitives of names that are common Dutch, French or English words ("ans" of An, "los"
# of Lo, "dans" of Dan, "pierres" of Pierre, "jeans" of Jean): like a name in
# COMMON_WORDS, with a capital they count as the name, in lower case the publisher checks.
COMMON_GENITIVES = frozenset(
    """als ans arts bas bens bills bos bus dans des dons dos eis fleurs franks guys hals
    huis jas jeans kas kees las lens les los mais marks mars mas mays mos nicks noors
    olives pas pats pierres pols ras ris robs roses was wills wis""".split()
)


_WORD = re.compile(r"[^\W_]+")
_BRACKETED = re.compile(r"[(\[][^)\]]*[)\]]?")


def _fold(text: str) -> str:
    """A word without case and accents: "Fátima", "FATIMA" and "fatima" are one."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(text: str) -> list[str]:
    """The words of a text as written; punctuation, apostrophes and hyphens split them
    ("Fatima's" -> Fatima, s; "Jean-Pierre" -> Jean, Pierre)."""
    return _WORD.findall(unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class _Form:
    """One way a name may be written: its folded words, and how sure a match is.

    `capital`: a name that is also a common word; with a capital it is the name, in lower
    case it may be the word. `short`: a first name of one or two letters; alone it may
    always be a word."""

    words: tuple[str, ...]
    capital: bool = False
    short: bool = False


def _part_form(words: tuple[str, ...]) -> _Form:
    """A first name or a surname alone: by the same rules (a common word counts with a
    capital; one or two letters are asked about)."""
    return _Form(
        words,
        capital=len(words) == 1 and words[0] in COMMON_WORDS,
        short=len("".join(words)) < SHORT_FIRST_NAME,
    )


def _forms(name: str) -> list[_Form]:
    """How a name may appear in a text, in any case and with or without accents: the whole
    display name, its first word ("Yasmine" of "Yasmine M.") and its surname, the words
    after the first ("Janssens" of "Jef Janssens", "Van den Broeck" of "Els Van den
    Broeck"): a surname alone identifies someone as a first name does. Initials ("M."
    of "Yasmine M.") are no surname to look for alone."""
    parts = name.split()
    found: list[_Form] = []
    whole = tuple(_fold(w) for w in _words(name))
    if whole:
        found.append(_Form(whole, capital=len(whole) == 1 and whole[0] in COMMON_WORDS))
    if len(parts) > 1:
        first = tuple(_fold(w) for w in _words(parts[0]))
        if first and first != whole:
            found.append(_part_form(first))
        # What a display name adds in brackets ("Ilse (coach BurgersAanZet)") is no name.
        rest = _BRACKETED.sub(" ", " ".join(parts[1:]))
        surname = tuple(_fold(w) for w in _words(rest))
        if surname and surname != whole and any(len(w) > 1 for w in surname):
            found.append(_part_form(surname))
    return found


def _matches(form: _Form, folded: list[str], i: int) -> bool | None:
    """Whether the form starts at word `i`: None if not, else whether it is written as a
    genitive ("Jefs idee", Dutch -s; "Jef's", "Jef’s" and "Hans'" already split off)."""
    n = len(form.words)
    if tuple(folded[i : i + n - 1]) != form.words[:-1]:
        return None
    last = folded[i + n - 1]
    if last == form.words[-1]:
        return False
    if last == form.words[-1] + "s":
        return True
    return None


def _positions(
    form: _Form, written: list[str], folded: list[str]
) -> list[tuple[int, tuple[str, bool]]]:
    """Each place the form appears, also as a genitive: the words as written, and whether
    it surely is the name (False: it may be a common word, the publisher checks)."""
    n = len(form.words)
    found = []
    for i in range(len(folded) - n + 1):
        genitive = _matches(form, folded, i)
        if genitive is None:
            continue
        # "Ans" of An, "los" of Lo: a genitive that is also a word is asked about in
        # lower case, like a name that is a word.
        capital = form.capital or (genitive and folded[i + n - 1] in COMMON_GENITIVES)
        sure = not form.short and (not capital or written[i][:1].isupper())
        found.append((i, (" ".join(written[i : i + n]), sure)))
    return found


def _covered(
    agreed: list[Participant], refused: list[Participant], folded: list[str], written: list[str]
) -> set[int]:
    """Word positions that are the full name of someone who agreed ("Rik W.", "Rik
    Wouters", "Rik W.'s" for Rik W.): a refused Rik's first name there is not Rik M. An
    initial of the display name also stands for a surname written with a capital
    ("Wouters" for "W."), not for a word in lower case ("Rik wil"). A full name that a
    refused participant also has covers nothing: it cannot tell them apart."""
    refused_whole = {f.words for p in refused for f in _forms(p.name)[:1]}
    covered: set[int] = set()
    for p in agreed:
        whole = _forms(p.name)[:1]
        if not whole or len(whole[0].words) < 2 or whole[0].words in refused_whole:
            continue
        words = whole[0].words
        n = len(words)
        for i in range(len(folded) - n + 1):
            ok = True
            for k, w in enumerate(words):
                got = folded[i + k]
                last = k == n - 1
                if got == w or (last and got == w + "s"):
                    continue
                if k > 0 and len(w) == 1 and got.startswith(w) and written[i + k][:1].isupper():
                    continue
                ok = False
                break
            if ok:
                covered.update(range(i, i + n))
    return covered


def _found(
    form: _Form, written: list[str], folded: list[str], covered: set[int]
) -> list[tuple[str, bool]]:
    n = len(form.words)
    return [
        (word, sure)
        for i, (word, sure) in _positions(form, written, folded)
        if not set(range(i, i + n)) <= covered
    ]


def names_in(
    texts: list[str], people: list[Participant], agreed: list[Participant] | None = None
) -> list[str]:
    """The names of `people` that surely appear in any of `texts`, in the order of
    `people`: a case naming them is refused. Where the full name of someone in `agreed`
    is written, a first name they share with one of `people` is theirs."""
    written = _words("\n".join(texts))
    folded = [_fold(w) for w in written]
    covered = _covered(agreed or [], people, folded, written)
    return [
        p.name
        for p in people
        if any(sure for f in _forms(p.name) for _, sure in _found(f, written, folded, covered))
    ]


def maybe_names_in(
    texts: list[str], people: list[Participant], agreed: list[Participant] | None = None
) -> list[tuple[str, str]]:
    """Words that may be the name of one of `people` or a common word ("an" for An, "al"
    for Al Haddad), as (word as written, name), each once: the publisher checks them."""
    written = _words("\n".join(texts))
    folded = [_fold(w) for w in written]
    covered = _covered(agreed or [], people, folded, written)
    found: dict[str, tuple[str, str]] = {}
    for p in people:
        for f in _forms(p.name):
            for word, sure in _found(f, written, folded, covered):
                if not sure:
                    found.setdefault(_fold(word), (word, p.name))
    return list(found.values())


def listed(items: list[str]) -> str:
    """Items for a message that puts its own full stop after them: "Dirk W." does not
    end in a second one ("… agree: Dirk W.. Remove …")."""
    return ", ".join(items).rstrip(".")


# --- Publishing ----------------------------------------------------------------------


class CaseRefused(DomainError):
    """Every reason the form's case is refused at once (the first is the error itself;
    `more` are the others), so the publisher fixes them in one go."""

    def __init__(self, errors: list[DomainError]):
        super().__init__(errors[0].message, field=errors[0].field)
        self.more = errors[1:]


def _first_name(name: str) -> tuple[str, ...]:
    parts = name.split()
    return tuple(_fold(w) for w in _words(parts[0])) if parts else ()


def _surname(name: str) -> tuple[str, ...]:
    """The surname `_forms` looks for alone, or () (none, or only initials)."""
    forms = _forms(name)
    first = _first_name(name)
    rest = [f.words for f in forms[1:] if f.words != first]
    return rest[0] if rest else ()


def _check(details: CaseDetails, people: list[Participant]) -> None:
    """Refuse an incomplete case, or one that names a participant who did not agree; all
    reasons together (`CaseRefused`). The publisher is a participant like the others:
    listed, they tick their own name too."""
    errors: list[DomainError] = []
    nl = details.texts.get("nl", {})
    if any(not nl.get(part, "").strip() for part in REQUIRED_PARTS):
        missing = next(p for p in REQUIRED_PARTS if not nl.get(p, "").strip())
        errors.append(DomainError(DUTCH_NEEDED, field=f"nl_{missing}"))
    for lang in LANGUAGES[1:]:
        given = details.texts.get(lang, {})
        if any(v.strip() for v in given.values()):
            missing_parts = [p for p in REQUIRED_PARTS if not given.get(p, "").strip()]
            if missing_parts:
                errors.append(
                    DomainError(PARTLY_TRANSLATED[lang], field=f"{lang}_{missing_parts[0]}")
                )
    if not details.themes:
        errors.append(DomainError(NO_THEME, field="themes"))
    if not details.confirmed_no_names:
        errors.append(DomainError(CONFIRM_NO_NAMES, field="no_names"))
    agreed = [p for p in people if p.user_id is not None and p.user_id in details.named]
    not_agreed = [p for p in people if p not in agreed]
    fields = {
        f"{lang}_{part}": text
        for lang, parts in details.texts.items()
        for part, text in parts.items()
    }
    fields["contact"] = details.contact
    found = names_in(list(fields.values()), not_agreed, agreed)
    if found:
        # Shown at the first text that names someone: that is what to change.
        where = next(name for name, text in fields.items() if names_in([text], not_agreed, agreed))
        by_name = {p.name: p for p in not_agreed}
        shared = [
            p.name
            for p in agreed
            if any(_first_name(p.name) == _first_name(by_name[n].name) for n in found)
        ]
        same_surname = [
            p.name
            for p in agreed
            if _surname(p.name) and any(_surname(p.name) == _surname(n) for n in found)
        ]
        if shared:
            message = NAMES_FOUND_SAME_FIRST % {
                "names": listed(found),
                "agreed": listed(shared),
            }
        elif same_surname:
            message = NAMES_FOUND_SAME_SURNAME % {
                "names": listed(found),
                "agreed": listed(same_surname),
            }
        else:
            message = NAMES_FOUND % {"names": listed(found)}
        errors.append(DomainError(message, field=where))
    else:
        maybe = maybe_names_in(list(fields.values()), not_agreed, agreed)
        if maybe and not details.checked_not_names:
            words = listed([f"“{word}” ({name})" for word, name in maybe])
            errors.append(DomainError(MAYBE_NAMES % {"words": words}, field="not_names"))
    if errors:
        raise CaseRefused(errors)


def _publish(case: Case, details: CaseDetails, people: list[Participant], author: User) -> Case:
    """Check the case (`_check`), then fill in `case` and add it."""
    _check(details, people)
    _fill(case, details, people)
    db.session.add(case)
    db.session.flush()
    return case


def _fill(case: Case, details: CaseDetails, people: list[Participant]) -> None:
    """Put `details` in `case`, new or published. Rows that stay are changed in place: a
    text or theme deleted and added again in one flush would clash on its unique key."""
    allowed = {p.user_id for p in people if p.user_id is not None}
    case.topic = details.topic
    case.participant_count = details.participant_count
    case.contact = details.contact.strip()
    themes = set(details.themes)
    case.themes = [t for t in case.themes if t.theme in themes] + [
        CaseTheme(theme=t) for t in dict.fromkeys(details.themes) if t not in case.theme_list
    ]
    named = details.named & allowed
    kept = {n.user_id for n in case.named if n.user_id in named}
    case.named = [n for n in case.named if n.user_id in named] + [
        CaseNamedPerson(user_id=uid) for uid in sorted(named - kept)
    ]
    by_lang = {t.lang: t for t in case.texts}
    texts = []
    for lang in LANGUAGES:
        given = details.texts.get(lang, {})
        if not given.get("title", "").strip():
            continue
        text = by_lang.get(lang) or CaseText(lang=lang)
        for part in TEXT_PARTS:
            setattr(text, part, given.get(part, "").strip())
        texts.append(text)
    case.texts = texts


HAS_CASE_PROEFTUIN = _l("This proeftuin already has a case in the library.")
HAS_CASE_ROUND = _l("This round already has a case in the library.")


def proeftuin_refusal(proeftuin: Proeftuin, existing: Case | None) -> str | None:
    """Why no case can be published from this proeftuin now, or None when one can."""
    if existing is not None:
        return str(HAS_CASE_PROEFTUIN)
    if not proeftuin_ready(proeftuin):
        return str(NOT_READY_PROEFTUIN)
    return None


def round_refusal(round_: Round, existing: Case | None) -> str | None:
    """Why no case can be published from this round now, or None when one can."""
    if existing is not None:
        return str(HAS_CASE_ROUND)
    if not round_ready(round_):
        return str(NOT_READY_ROUND)
    return None


def publish_from_proeftuin(proeftuin: Proeftuin, author: User, details: CaseDetails) -> Case:
    if not proeftuin_ready(proeftuin):
        raise DomainError(NOT_READY_PROEFTUIN)
    if existing_case(CaseSource.PROEFTUIN, proeftuin.id) is not None:
        raise DomainError(HAS_CASE_PROEFTUIN)
    case = Case(
        source=CaseSource.PROEFTUIN,
        proeftuin_id=proeftuin.id,
        zone_id=proeftuin.zone_id,
        published_by_id=author.id,
    )
    return _publish(case, details, participants_of_proeftuin(proeftuin), author)


def publish_from_round(round_: Round, author: User, details: CaseDetails) -> Case:
    if not round_ready(round_):
        raise DomainError(NOT_READY_ROUND)
    if existing_case(CaseSource.ROUND, round_.id) is not None:
        raise DomainError(HAS_CASE_ROUND)
    case = Case(
        source=CaseSource.ROUND,
        round_id=round_.id,
        zone_id=round_.zone_id,
        published_by_id=author.id,
    )
    return _publish(case, details, participants_of_round(round_), author)


# --- Correcting and withdrawing --------------------------------------------------------

NO_REASON = _l("Say why the case is withdrawn.")
REASON_TOO_LONG = _l("Keep the reason short: at most %(max)d characters.")
MAX_REASON = 500


def may_change_case(user: Visitor, case: Case) -> bool:
    """Who may correct or withdraw a published case: its publisher, staff of its zone,
    a platform admin. Nobody else, not even another zone's staff."""
    if not user.is_authenticated:
        return False
    if user.is_admin or (case.published_by_id is not None and case.published_by_id == user.id):
        return True
    return case.zone_id is not None and is_zone_staff(user, case.zone_id)


def participants_of_case(case: Case) -> list[Participant]:
    """The participants of the proeftuin or round the case tells about (none when that
    was deleted)."""
    if case.proeftuin_id is not None:
        proeftuin = db.session.get(Proeftuin, case.proeftuin_id)
        if proeftuin is not None:
            return participants_of_proeftuin(proeftuin)
    if case.round_id is not None:
        round_ = db.session.get(Round, case.round_id)
        if round_ is not None:
            return participants_of_round(round_)
    return []


def details_of_case(case: Case) -> CaseDetails:
    """A published case as the form's details, to correct it."""
    return CaseDetails(
        texts={t.lang: {part: getattr(t, part) or "" for part in TEXT_PARTS} for t in case.texts},
        topic=case.topic,
        themes=case.theme_list,
        participant_count=case.participant_count,
        contact=case.contact,
        named={n.user_id for n in case.named},
    )


@dataclass(frozen=True)
class Correction:
    case: Case
    # The versions (fr, en) this correction left behind: the Dutch text changed, they
    # did not. The editor is told so at once; the case keeps the mark (`outdated_versions`).
    left_behind: list[str]


def correct_case(case: Case, editor: User, details: CaseDetails) -> Correction:
    """Change a published case, with the same checks as publishing it. A change of the
    Dutch text marks the other versions left as they were as maybe out of date; a
    version that is edited is up to date again."""
    people = participants_of_case(case)
    _check(details, people)
    before = {t.lang: _content(t) for t in case.texts}
    _fill(case, details, people)
    changed = {t.lang for t in case.texts if before.get(t.lang) != _content(t)}
    now = utcnow()
    left_behind = []
    for text in case.texts:
        if text.lang == SOURCE_LANGUAGE:
            continue
        if text.lang in changed:
            text.outdated_since = None
        elif SOURCE_LANGUAGE in changed:
            left_behind.append(text.lang)
            # Since the first change it was not followed: that day stays.
            text.outdated_since = text.outdated_since or now
    db.session.flush()
    from burgerplatform.audit import services as audit

    audit.record(
        "library.case_corrected",
        target_type="case",
        target_id=case.id,
        zone_id=case.zone_id,
        actor=editor,
    )
    return Correction(case, left_behind)


# The language every case is written in first; the others are translations of it.
SOURCE_LANGUAGE = "nl"


def _content(text: CaseText) -> tuple[str, ...]:
    return tuple(getattr(text, part) or "" for part in TEXT_PARTS)


def outdated_versions(case: Case) -> list[str]:
    """The languages (fr, en) of the case's texts that may be out of date: its Dutch
    text changed after they were last edited."""
    return [t.lang for t in case.texts if t.outdated_since is not None]


def withdraw_case(case: Case, actor: User, reason: str) -> None:
    """Take a case out of the library for good: its page, the list, the search, the API
    and the feed read the cases table, so deleting the row removes it everywhere; no
    copy of a name that slipped through is kept. The reason goes to the audit log."""
    reason = reason.strip()
    if not reason:
        raise DomainError(NO_REASON, field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(REASON_TOO_LONG % {"max": MAX_REASON}, field="reason")
    from burgerplatform.audit import services as audit

    audit.record(
        "library.case_withdrawn",
        target_type="case",
        target_id=case.id,
        detail={
            "reason": reason,
            "source": case.source.value,
            "proeftuin_id": case.proeftuin_id,
            "round_id": case.round_id,
        },
        zone_id=case.zone_id,
        actor=actor,
    )
    db.session.delete(case)
    db.session.flush()


def withdrawn_by(user: User, case_id: int) -> bool:
    """Whether `user` withdrew the case `case_id` (a second send of the withdraw form)."""
    from burgerplatform.audit.models import AuditEvent

    return (
        db.session.scalar(
            select(AuditEvent.id).where(
                AuditEvent.action == "library.case_withdrawn",
                AuditEvent.target_type == "case",
                AuditEvent.target_id == case_id,
                AuditEvent.actor_id == user.id,
            )
        )
        is not None
    )
