#!/usr/bin/env python3
"""Controleer een loting van een klankbordgroep van Burgerplatform op je eigen computer.
(Vérifiez un tirage au sort de Burgerplatform sur votre ordinateur.
Check a klankbordgroep draw of Burgerplatform on your own computer.)

Gebruik / Utilisation / Usage:
    python3 check_draw.py draw-record.json
    python3 check_draw.py --taal fr draw-record.json     (nl, fr of/ou/or en)

Zonder --taal volgt het programma de taal van je computer (LANG) als die Nederlands,
Frans of Engels is, en anders spreekt het Nederlands.

`draw-record.json` is the public record of the draw (the link "Download the record" on
the page "How can I check this draw?"). This script needs Python 3.9 or newer and
nothing else. The draw works like this: before the pick, the platform publishes a list
of equally likely groups and its SHA-256 code (the fingerprint), with the time. Then a
number nobody could know in advance (from a public source named beforehand) picks one
group: its position in the list (counting from 0) is

    int(sha256("<fingerprint>:<number>"), 16) modulo <the number of groups>

where <fingerprint> is the list's SHA-256 code in lowercase hexadecimal and <number>
the number as the record gives it (its digit groups separated by one space). The
script checks, and says in plain words:

1. the fingerprint: the SHA-256 code of the list (as JSON without spaces, keys sorted)
   is the one in the record; compare it with the code on the web page, published
   before the number was known;
2. the groups: every group has the right size and nobody twice; when the record gives
   the answers per code, every group keeps every quota of the mix, and each person's
   share of the groups is within the published rounding difference of their chance;
3. the pick: the number and the fingerprint point to the group that was invited.

It exits with 0 when everything agrees, 1 otherwise, and 2 when it was started wrongly.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys

FORMAT = "burgerplatform-draw/2"
LANGUAGES = ("nl", "fr", "en")
DEFAULT = "nl"

# Every sentence the script says, per language: the script stands alone (no app, no
# translation files), so its texts live here. The keys are the same in every language.
TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "usage": (
            "Gebruik: python3 check_draw.py [--taal nl|fr|en] draw-record.json\n"
            "draw-record.json is het bestand dat je downloadde bij de loting."
        ),
        "unknown_language": "Deze taal kent het programma niet: {lang}. Kies nl, fr of en.",
        "unreadable": "Het bestand {path} kan niet gelezen worden: {error}",
        "unknown_format": "Dit is geen verslag van een loting dat dit programma kent ({format}).",
        "fingerprint": "Vingerafdruk van de lijst: {code}",
        "fingerprint_same": "(dezelfde als in het verslag).",
        "fingerprint_other": "(het verslag zegt {recorded}).",
        "published": "Gepubliceerd op {date}.",
        "group_broken_size": "groep {n} heeft {people} in plaats van {size}",
        "group_broken_quota": "groep {n}, {label}: {count} (toegelaten {min} tot {max})",
        "groups_ok": "Elke groep ({groups}) heeft {people}, niemand twee keer",
        "groups_ok_mix": (
            "Elke groep ({groups}) heeft {people}, niemand twee keer, en de afgesproken mix"
        ),
        "person": "{n} persoon",
        "people": "{n} mensen",
        "group": "{n} groep",
        "groups": "{n} groepen",
        "not_for": "; niet: {list}",
        "no_answers": (
            "De mix gaat ook over gevoelige antwoorden: daarom geeft het verslag geen "
            "antwoorden per code."
        ),
        "shares": "Ieders aandeel in de groepen ligt binnen {deviation} van zijn of haar kans",
        "shares_not": "; niet voor {list}",
        "number_unknown": (
            "Het getal is nog niet bekend: controleer opnieuw nadat de groep gekozen is."
        ),
        "pick": "Het getal {number} ({source}) kiest groep {index} van {num}: {group}",
        "pick_same": "(de groep die uitgenodigd werd).",
        "pick_other": "(het verslag zegt groep {index}: {group}).",
        "ok": "OK   ",
        "wrong": "FOUT ",
        "good": "De loting klopt.",
        "bad": "De loting klopt NIET.",
    },
    "fr": {
        "usage": (
            "Utilisation : python3 check_draw.py [--taal nl|fr|en] draw-record.json\n"
            "draw-record.json est le fichier que vous avez téléchargé avec le tirage."
        ),
        "unknown_language": (
            "Le programme ne connaît pas cette langue : {lang}. Choisissez nl, fr ou en."
        ),
        "unreadable": "Le fichier {path} ne peut pas être lu : {error}",
        "unknown_format": "Ce n’est pas un relevé de tirage que ce programme connaît ({format}).",
        "fingerprint": "Empreinte de la liste : {code}",
        "fingerprint_same": "(la même que dans le relevé).",
        "fingerprint_other": "(le relevé indique {recorded}).",
        "published": "Publiée le {date}.",
        "group_broken_size": "le groupe {n} compte {people} au lieu de {size}",
        "group_broken_quota": "groupe {n}, {label} : {count} (permis : de {min} à {max})",
        "groups_ok": "Chaque groupe ({groups}) compte {people}, personne deux fois",
        "groups_ok_mix": (
            "Chaque groupe ({groups}) compte {people}, personne deux fois, et respecte le "
            "mélange convenu"
        ),
        "person": "{n} personne",
        "people": "{n} personnes",
        "group": "{n} groupe",
        "groups": "{n} groupes",
        "not_for": " ; sauf : {list}",
        "no_answers": (
            "Le mélange porte aussi sur des réponses sensibles : le relevé ne donne donc "
            "pas les réponses par code."
        ),
        "shares": "La part de chacun dans les groupes est à moins de {deviation} de sa chance",
        "shares_not": " ; sauf pour {list}",
        "number_unknown": (
            "Le nombre n’est pas encore connu : vérifiez à nouveau une fois le groupe choisi."
        ),
        "pick": "Le nombre {number} ({source}) choisit le groupe {index} sur {num} : {group}",
        "pick_same": "(le groupe qui a été invité).",
        "pick_other": "(le relevé indique le groupe {index} : {group}).",
        "ok": "OK     ",
        "wrong": "ERREUR ",
        "good": "Le tirage est correct.",
        "bad": "Le tirage n’est PAS correct.",
    },
    "en": {
        "usage": (
            "Usage: python3 check_draw.py [--taal nl|fr|en] draw-record.json\n"
            "draw-record.json is the file you downloaded with the draw."
        ),
        "unknown_language": "The program does not know this language: {lang}. Choose nl, fr or en.",
        "unreadable": "The file {path} cannot be read: {error}",
        "unknown_format": "This is not a draw record this script knows ({format}).",
        "fingerprint": "Fingerprint of the list: {code}",
        "fingerprint_same": "(the same as in the record).",
        "fingerprint_other": "(the record says {recorded}).",
        "published": "Published at {date}.",
        "group_broken_size": "group {n} has {people} instead of {size}",
        "group_broken_quota": "group {n}, {label}: {count} (allowed {min}-{max})",
        "groups_ok": "Every group ({groups}) has {people}, nobody twice",
        "groups_ok_mix": (
            "Every group ({groups}) has {people}, nobody twice, and keeps the agreed mix"
        ),
        "person": "{n} person",
        "people": "{n} people",
        "group": "{n} group",
        "groups": "{n} groups",
        "not_for": "; not: {list}",
        "no_answers": ("The mix includes sensitive answers: the record gives no answers per code."),
        "shares": "Everyone's share of the groups is within {deviation} of their chance",
        "shares_not": "; not for {list}",
        "number_unknown": "The number is not known yet: check again after the group is picked.",
        "pick": "The number {number} ({source}) picks group {index} of {num}: {group}",
        "pick_same": "(the group that was invited).",
        "pick_other": "(the record says group {index}: {group}).",
        "ok": "OK    ",
        "wrong": "WRONG ",
        "good": "The draw checks out.",
        "bad": "The draw does NOT check out.",
    },
}


class Say:
    """The sentences of one language, with the plural of a count."""

    def __init__(self, lang: str):
        self.texts = TEXTS[lang]
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        return self.texts[key].format(**values)

    def count(self, n: int, one: str, many: str) -> str:
        # French says "0 personne", "1 personne"; Dutch and English say "0 mensen".
        single = n in (0, 1) if self.lang == "fr" else n == 1
        return self(one if single else many, n=n)


def choose_language(argv: list[str], environ: dict[str, str]) -> tuple[str | None, list[str]]:
    """The language asked for with --taal (or --langue, --lang), else the computer's own
    (LC_ALL, LC_MESSAGES, LANG) when it is one of ours, else Dutch; and the other
    arguments. None when the language asked for is not one of ours."""
    rest: list[str] = []
    asked: str | None = None
    args = iter(argv)
    for arg in args:
        name, _eq, value = arg.partition("=")
        if name in ("--taal", "--langue", "--lang"):
            asked = (value if _eq else next(args, "")).strip().lower()
        else:
            rest.append(arg)
    if asked is not None:
        return (asked if asked in LANGUAGES else None), rest
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            code = value[:2].lower()
            return (code if code in LANGUAGES else DEFAULT), rest
    return DEFAULT, rest


def fingerprint(groups: list) -> str:
    data = json.dumps(groups, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(data.encode()).hexdigest()


def pick_index(list_hash: str, number: str, count: int) -> int:
    return int(hashlib.sha256(f"{list_hash}:{number}".encode()).hexdigest(), 16) % count


def _percent(value: float, lang: str) -> str:
    text = f"{value:.4%}"
    return text.replace(".", ",").replace("%", " %") if lang in ("nl", "fr") else text


def check_groups(record: dict, say: Say) -> list[tuple[bool, str]]:
    groups = record["groups"]
    size = record["group_size"]
    broken = [
        say(
            "group_broken_size",
            n=n,
            people=say.count(len(set(group)), "person", "people"),
            size=size,
        )
        for n, group in enumerate(groups, 1)
        if len(group) != size or len(set(group)) != size
    ]
    answers = record.get("answers")
    if answers is not None:
        for n, group in enumerate(groups, 1):
            for i, quota in enumerate(record["quotas"]):
                count = sum(1 for code in group if answers[code][i])
                if not quota["min"] <= count <= quota["max"]:
                    broken.append(
                        say(
                            "group_broken_quota",
                            n=n,
                            label=quota["label"],
                            count=count,
                            min=quota["min"],
                            max=quota["max"],
                        )
                    )
    text = say(
        "groups_ok_mix" if answers is not None else "groups_ok",
        groups=say.count(len(groups), "group", "groups"),
        people=say.count(size, "person", "people"),
    )
    results = [(not broken, text + (say("not_for", list="; ".join(broken[:5])) if broken else "."))]
    if answers is None:
        results.append((True, say("no_answers")))
    chances = record.get("chances")
    if chances is not None and groups:
        seen: dict = {}
        for group in groups:
            for code in group:
                seen[code] = seen.get(code, 0) + 1
        allowed = record["largest_deviation"] + 1e-6
        off = [
            code
            for code, c in chances.items()
            if abs(seen.get(code, 0) / len(groups) - c) > allowed
        ]
        results.append(
            (
                not off,
                say("shares", deviation=_percent(record["largest_deviation"], say.lang))
                + (say("shares_not", list=", ".join(off[:5])) if off else "."),
            )
        )
    return results


def check(record: dict, lang: str = DEFAULT) -> list[tuple[bool, str]]:
    """Every check, each as (agrees, what it found in plain words in `lang`)."""
    say = Say(lang)
    if record.get("format") != FORMAT:
        return [(False, say("unknown_format", format=FORMAT))]
    groups = record["groups"]
    code = fingerprint(groups)
    same = code == record["list_sha256"]
    results = [
        (
            same,
            say("fingerprint", code=code)
            + " "
            + (say("fingerprint_same") if same else
               say("fingerprint_other", recorded=record["list_sha256"]))
            + " "
            + say("published", date=record["published_at"]),
        )
    ]  # fmt: skip
    results.extend(check_groups(record, say))
    number = record.get("number")
    if number is None:
        results.append((True, say("number_unknown")))
        return results
    index = pick_index(record["list_sha256"], number, len(groups))
    group = sorted(groups[index])
    agrees = index == record["index"] and group == sorted(record["selected"])
    results.append(
        (
            agrees,
            say(
                "pick",
                number=number,
                source=record["number_source"],
                index=index + 1,
                num=len(groups),
                group=", ".join(group),
            )
            + " "
            + (say("pick_same") if agrees else
               say("pick_other", index=record["index"] + 1,
                   group=", ".join(record["selected"])))
        )
    )  # fmt: skip
    return results


def main(argv: list[str], environ: dict[str, str] | None = None) -> int:
    lang, args = choose_language(argv[1:], dict(os.environ if environ is None else environ))
    if lang is None:  # said in each language: we do not know which one the reader reads
        for texts in TEXTS.values():
            print(texts["unknown_language"].format(lang=" ".join(argv[1:])))
        return 2
    say = Say(lang)
    if len(args) != 1:
        print(say("usage"))
        return 2
    try:
        with open(args[0], encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError) as error:
        print(say("unreadable", path=args[0], error=error))
        return 2
    results = check(record, lang)
    for ok, text in results:
        print(say("ok" if ok else "wrong") + text)
    good = all(ok for ok, _text in results)
    print(say("good" if good else "bad"))
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
