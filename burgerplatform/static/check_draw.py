#!/usr/bin/env python3
"""Controleer een loting van een klankbordgroep van Burgerplatform op je eigen computer.
(Vérifiez un tirage au sort de Burgerplatform sur votre ordinateur.
Check a klankbordgroep draw of Burgerplatform on your own computer.)

Gebruik / Utilisation / Usage:
    python3 check_draw.py draw-record.json
    python3 check_draw.py --taal fr draw-record.json     (nl, fr of/ou/or en)
    python3 check_draw.py --getal "3 12 25" draw-record.json
    python3 check_draw.py --vingerafdruk 5f3a…c2 draw-record.json   (--empreinte, --fingerprint)

Zonder --taal volgt het programma de taal van je computer (LANG) als die Nederlands,
Frans of Engels is, en anders spreekt het Nederlands.

`draw-record.json` is the public record of the draw (the link "Download the record" on
the page "How can I check this draw?"). This script needs Python 3.9 or newer and
nothing else. The draw works like this: before the pick, the platform publishes a list
of equally likely groups and its SHA-256 code (the fingerprint), with the time. Then a
number nobody could know in advance (from a public source named beforehand) picks one
group: its position in the list (counting from 0) is

    int(sha256("<fingerprint>:<number>"), 16) modulo <the number of groups>

where <fingerprint> is the SHA-256 code in lowercase hexadecimal and <number> the number
as the record gives it (its digit groups separated by one space).

The fingerprint (format burgerplatform-draw/5) is the SHA-256 of the record itself,
written as JSON without spaces, keys sorted, non-ASCII as \\u escapes, without the fields
that come after the list was published: "list_sha256" (the fingerprint), "number",
"number_entered_at", "index", "selected", "discarded_at", "discard_reason" and
"replacements" ("number" stays in when the record says the number was announced before
the list was made, "number_announced": true). So every other field, whatever it is, is
fixed by the fingerprint published before the number was known. (Records of format
burgerplatform-draw/4 have the fingerprint of

    {"answers": ..., "chances": ..., "group_size": ..., "groups": ...,
     "largest_deviation": ..., "lowest_chance": ...,
     "number_known_from": ..., "number_source": ..., "published_at": ...,
     "quotas": [{"max": ..., "min": ..., "sensitive": ...}, ...],
     "round_id": ..., "time_zone": ..., "zone_slug": ...}

plus "announced_number" (the record's "number") when "number_announced" is true, the
two times written in UTC as Python's isoformat() does ("2026-12-06T12:00:00+00:00");
those of format burgerplatform-draw/3 of the same object without "round_id",
"zone_slug", "time_zone", "published_at", "number_source" and "number_known_from"; those
of format burgerplatform-draw/2, made before 7 December 2026, of the list of groups
alone. This script checks each with its own rule.)

The script checks, and says in plain words:

1. the fingerprint it computes (compare it with the one on the web page). With
   --vingerafdruk (the fingerprint the web page shows; the page's command gives it) it
   compares them itself and refuses a record with another fingerprint (exit 2): a
   record made up anew, with its own list and its own fingerprint, would otherwise
   agree with itself;
2. the groups: every group has the right size and nobody twice; when the record gives
   the answers per code, every group keeps every quota of the mix, and each person's
   share of the groups is within the published rounding difference of their chance;
   when it gives none, the record must say that the mix has a sensitive answer;
3. the order: the list was published before the number was entered, and the number
   was not entered before the moment the source could give it ("number_known_from");
   for format /5, the list was published before that moment;
4. the pick: the number and the fingerprint point to the group that was invited;
5. the replacements made after someone said no (listed, in order).

It exits with 0 when everything agrees, 1 otherwise, and 2 when it could not check
(started wrongly, a file that is not a complete draw record: damaged, with NaN, an
infinite number, a lone surrogate, a time without its UTC difference or an unknown time zone;
or a record that is not the one with the fingerprint given by --vingerafdruk).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sys
from datetime import datetime, timezone
from typing import Any

UTC = timezone.utc  # noqa: UP017 - datetime.UTC is Python 3.11+; the script runs on 3.9

FORMAT_LIST_ONLY = "burgerplatform-draw/2"  # fingerprint of the groups alone
FORMAT_MIX = "burgerplatform-draw/3"  # fingerprint of everything the check relies on
# ... and of everything it shows as fact: the source, when its number is known, the
# publication time, the round, the zone and the time zone.
FORMAT_SOURCE = "burgerplatform-draw/4"
# ... and of every field of the record but those that come after its publication.
FORMAT = "burgerplatform-draw/5"
FORMATS = (FORMAT_LIST_ONLY, FORMAT_MIX, FORMAT_SOURCE, FORMAT)
# The fields of a /5 record its fingerprint leaves out: the fingerprint itself, and what
# happens after the list is published (the number and its pick, a set-aside, the
# replacements), which no fingerprint published before can fix. Every other field, one
# added later too, is covered.
AFTER_PUBLICATION = frozenset(
    {
        "list_sha256",
        "number",
        "number_entered_at",
        "index",
        "selected",
        "discarded_at",
        "discard_reason",
        "replacements",
    }
)
LARGEST_INT = 2**53  # no count or id in a record comes near; larger ones are damage
TIME_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*")
LANGUAGES = ("nl", "fr", "en")
DEFAULT = "nl"
TIME_ZONE = "Europe/Brussels"  # the platform's, when an older record does not say
NUMBER = re.compile(r"[0-9]+(?: +[0-9]+)*")

MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "en": "January February March April May June July August September October November December",
}

# Every sentence the script says, per language: the script stands alone (no app, no
# translation files), so its texts live here. The keys are the same in every language.
TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "usage": (
            "Gebruik: python3 check_draw.py [--taal nl|fr|en] [--getal GETAL] "
            "[--vingerafdruk CODE] draw-record.json\n"
            "draw-record.json is het bestand dat je downloadde bij de loting.\n"
            "Het programma controleert de loting en schrijft OK of FOUT bij elke stap.\n"
            '--getal "3 12 25" zegt ook welke groep van de lijst dat getal zou kiezen.\n'
            "--vingerafdruk CODE: de vingerafdruk op de webpagina van de loting. Het "
            "programma controleert dan zelf dat het verslag bij die webpagina hoort.\n"
            "Het programma stopt met 0 als de loting klopt, met 1 als ze niet klopt, en "
            "met 2 als het niet kon controleren."
        ),
        "unknown_language": "Deze taal kent het programma niet: {lang}. Kies nl, fr of en.",
        "not_found": "Het bestand {path} bestaat niet. Zet het in deze map, of typ de juiste naam.",
        "unreadable": "Het bestand {path} kan niet gelezen worden.",
        "not_json": (
            "Het bestand {path} is geen verslag van een loting: het is beschadigd of "
            "onvolledig (regel {line}). Download het opnieuw."
        ),
        "damaged": (
            "Het verslag is onvolledig of beschadigd: „{field}” ontbreekt of is fout. "
            "Download het opnieuw."
        ),
        "bad_number": (
            "Dit getal kan het programma niet gebruiken: {number}. Gebruik alleen de "
            "cijfers 0 tot 9, met een spatie tussen groepen van cijfers."
        ),
        "unknown_format": (
            "Dit is geen verslag van een loting dat dit programma kent ({format}). "
            "Download het programma opnieuw."
        ),
        "fingerprint": (
            "Vingerafdruk die het programma berekende: {code}. Vergelijk die met de "
            "vingerafdruk op de webpagina van de loting (gepubliceerd op {date})"
        ),
        "fingerprint_old": " (oude regel: alleen de lijst van groepen)",
        "fingerprint_same": ": hij is dezelfde als in het verslag.",
        "fingerprint_other": (
            ": het verslag zegt {recorded}. Het verslag werd veranderd na de publicatie."
        ),
        "bad_fingerprint": (
            "Deze vingerafdruk kan het programma niet gebruiken: {code}. Een vingerafdruk "
            "heeft 64 tekens: de cijfers 0 tot 9 en de letters a tot f. Kopieer hem van "
            "de webpagina van de loting."
        ),
        "not_this_page": (
            "Dit verslag hoort niet bij de webpagina van de loting. De webpagina geeft de "
            "vingerafdruk {given}, maar dit verslag heeft de vingerafdruk {code}. Iemand "
            "kan het verslag veranderd of helemaal opnieuw gemaakt hebben. Download het "
            "verslag opnieuw op de webpagina van de loting. Het programma controleerde "
            "de loting niet."
        ),
        "same_as_page": "De vingerafdruk is dezelfde als op de webpagina: {given}.",
        "group_broken_size": "groep {n} heeft {people} in plaats van {size}",
        "group_broken_quota": "groep {n}, {label}: {count} (toegelaten {min} tot {max})",
        "group_no_answers": "code {code} heeft geen antwoorden in het verslag",
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
            "De mix gaat ook over gevoelige antwoorden (dat staat in het verslag): daarom "
            "geeft het verslag geen antwoorden per code."
        ),
        "answers_missing": (
            "Het verslag geeft geen antwoorden per code, maar zegt dat geen enkel "
            "antwoord van de mix gevoelig is. Dat past niet bij elkaar."
        ),
        "answers_sensitive": (
            "Het verslag geeft antwoorden per code, maar zegt dat de mix gevoelige "
            "antwoorden heeft. Dat past niet bij elkaar."
        ),
        "shares": "Ieders aandeel in de groepen ligt binnen {deviation} van zijn of haar kans",
        "shares_not": "; niet voor {list}",
        "order_ok": (
            "De lijst werd gepubliceerd op {published}, voor het getal ingevoerd werd op {entered}."
        ),
        "order_wrong": (
            "De lijst werd gepubliceerd op {published}, NA het getal (ingevoerd op "
            "{entered}). De lijst moet er eerst zijn."
        ),
        "announced": (
            "Het getal werd aangekondigd voor de lijst gemaakt werd; de vingerafdruk legt "
            "het ook vast."
        ),
        "entered_missing": "Het verslag geeft een getal, maar niet wanneer het ingevoerd werd.",
        "number_unknown": (
            "Het getal is nog niet bekend: controleer opnieuw nadat de groep gekozen is."
        ),
        "group_without_number": (
            "Het verslag noemt een gekozen groep, maar geen getal dat ze koos. Dat past niet "
            "bij elkaar."
        ),
        "discarded": (
            "Deze lijst werd op {date} opzijgelegd (reden: {reason}). Er wordt nooit een "
            "groep uit deze lijst gekozen."
        ),
        "discarded_picked": (
            "Het verslag zegt dat deze lijst opzijgelegd werd, maar noemt toch een getal "
            "of een gekozen groep. Dat past niet bij elkaar."
        ),
        "discarded_early": "De lijst werd opzijgelegd voor ze gepubliceerd werd ({date}).",
        "number_form": (
            "Het getal „{number}” staat niet in het verslag zoals de loting het gebruikt "
            "(alleen cijfers, één spatie tussen groepen)."
        ),
        "pick": "Het getal {number} ({source}) kiest groep {index} van {num}: {group}",
        "pick_same": "(de groep die uitgenodigd werd).",
        "pick_other": "(het verslag zegt groep {index}: {group}).",
        "try": "Het getal {number} zou groep {index} van {num} kiezen: {group}.",
        "replaced": "{n} vervangen nadat iemand nee zei, niet antwoordde of wegviel:",
        "replacement": "  {n}. {gone} ({reason}, {date}) werd vervangen door {chosen}.",
        "replacement_none": "  {n}. {gone} ({reason}, {date}): niemand kon de plaats innemen.",
        "reason_declined": "zei nee",
        "reason_expired": "antwoordde niet op tijd",
        "reason_other": "viel weg",
        "reason_left": "ging uit de pool",
        "reason_not_eligible": "kon niet meer geloot worden",
        "replacement_how": (
            "Een vervanger wordt door de computer geloot onder de mensen van de pool die "
            "in de mix passen. Dat kan dit programma niet opnieuw doen: het hangt af van "
            "wie op dat moment in de pool zat, en dat staat niet in het verslag. Vraag "
            "het personeel van de zone om dat na te kijken."
        ),
        "group_now": "De groep nu: {group}.",
        "ok": "OK   ",
        "wrong": "FOUT ",
        "good": "De loting klopt.",
        "good_pending": "De lijst is ongeschonden. De groep wordt nog gekozen.",
        "good_discarded": (
            "De lijst is ongeschonden. Ze werd opzijgelegd: er wordt geen groep uit gekozen."
        ),
        "bad": "De loting klopt NIET.",
        "at": "{date} om {time}",
        "about": (
            "Loting voor ronde {round_id} van zone {zone}: het adres van de webpagina van "
            "de loting eindigt op /{zone}/rounds/{round_id}/draw."
        ),
        "source": "Het getal komt van deze bron: {source}.",
        "source_known": "Het getal komt van deze bron: {source}. Het is bekend vanaf {known}.",
        "entered_after_known": (
            "Het getal werd ingevoerd op {entered}, nadat de bron het kon geven (vanaf {known})."
        ),
        "entered_before_known": (
            "Het getal werd ingevoerd op {entered}, VOOR de bron het kon geven (pas bekend "
            "vanaf {known}). Wie het intypte, kon het niet van de bron hebben."
        ),
        "known_after_list": (
            "De lijst werd gepubliceerd op {published}, voor het getal bekend was (vanaf {known})."
        ),
        "known_before_list": (
            "De lijst werd gepubliceerd op {published}, NIET voor het getal bekend was (vanaf "
            "{known}). De lijst moet vastliggen voor iemand het getal kan kennen."
        ),
        "too_deep": (
            "Het bestand {path} is geen verslag van een loting dat het programma kan lezen: "
            "het is te diep genest of te groot. Download het opnieuw."
        ),
    },
    "fr": {
        "usage": (
            "Utilisation : python3 check_draw.py [--taal nl|fr|en] [--getal NOMBRE] "
            "[--empreinte CODE] draw-record.json\n"
            "draw-record.json est le fichier que vous avez téléchargé avec le tirage.\n"
            "Le programme vérifie le tirage et écrit OK ou ERREUR à chaque étape.\n"
            '--getal "3 12 25" indique aussi quel groupe de la liste ce nombre choisirait.\n'
            "--empreinte CODE (ou --vingerafdruk) : l’empreinte sur la page web du tirage. "
            "Le programme vérifie alors lui-même que le relevé correspond à cette page.\n"
            "Le programme s’arrête avec 0 si le tirage est correct, avec 1 s’il ne l’est "
            "pas, et avec 2 s’il n’a pas pu vérifier."
        ),
        "unknown_language": (
            "Le programme ne connaît pas cette langue : {lang}. Choisissez nl, fr ou en."
        ),
        "not_found": (
            "Le fichier {path} n’existe pas. Placez-le dans ce dossier, ou tapez le bon nom."
        ),
        "unreadable": "Le fichier {path} ne peut pas être lu.",
        "not_json": (
            "Le fichier {path} n’est pas un relevé de tirage : il est abîmé ou incomplet "
            "(ligne {line}). Téléchargez-le à nouveau."
        ),
        "damaged": (
            "Le relevé est incomplet ou abîmé : « {field} » manque ou est faux. "
            "Téléchargez-le à nouveau."
        ),
        "bad_number": (
            "Le programme ne peut pas utiliser ce nombre : {number}. N’utilisez que les "
            "chiffres 0 à 9, avec une espace entre les groupes de chiffres."
        ),
        "unknown_format": (
            "Ce n’est pas un relevé de tirage que ce programme connaît ({format}). "
            "Téléchargez à nouveau le programme."
        ),
        "fingerprint": (
            "Empreinte calculée par le programme : {code}. Comparez-la avec l’empreinte "
            "sur la page web du tirage (publiée le {date})"
        ),
        "fingerprint_old": " (ancienne règle : la liste des groupes seule)",
        "fingerprint_same": " : c’est la même que dans le relevé.",
        "fingerprint_other": (
            " : le relevé indique {recorded}. Le relevé a été modifié après la publication."
        ),
        "bad_fingerprint": (
            "Le programme ne peut pas utiliser cette empreinte : {code}. Une empreinte a "
            "64 caractères : les chiffres 0 à 9 et les lettres a à f. Copiez-la depuis la "
            "page web du tirage."
        ),
        "not_this_page": (
            "Ce relevé ne correspond pas à la page web du tirage. La page web donne "
            "l’empreinte {given}, mais ce relevé a l’empreinte {code}. Quelqu’un a pu "
            "modifier le relevé ou le refaire entièrement. Téléchargez à nouveau le relevé "
            "sur la page web du tirage. Le programme n’a pas vérifié le tirage."
        ),
        "same_as_page": "L’empreinte est la même que sur la page web : {given}.",
        "group_broken_size": "le groupe {n} compte {people} au lieu de {size}",
        "group_broken_quota": "groupe {n}, {label} : {count} (permis : de {min} à {max})",
        "group_no_answers": "le code {code} n’a pas de réponses dans le relevé",
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
            "Le mélange porte aussi sur des réponses sensibles (le relevé le dit) : le "
            "relevé ne donne donc pas les réponses par code."
        ),
        "answers_missing": (
            "Le relevé ne donne pas les réponses par code, mais dit qu’aucune réponse du "
            "mélange n’est sensible. Cela ne concorde pas."
        ),
        "answers_sensitive": (
            "Le relevé donne les réponses par code, mais dit que le mélange a des réponses "
            "sensibles. Cela ne concorde pas."
        ),
        "shares": "La part de chacun dans les groupes est à moins de {deviation} de sa chance",
        "shares_not": " ; sauf pour {list}",
        "order_ok": (
            "La liste a été publiée le {published}, avant que le nombre soit saisi le {entered}."
        ),
        "order_wrong": (
            "La liste a été publiée le {published}, APRÈS le nombre (saisi le {entered}). "
            "La liste doit venir d’abord."
        ),
        "announced": (
            "Le nombre a été annoncé avant que la liste soit faite ; l’empreinte le fixe aussi."
        ),
        "entered_missing": "Le relevé donne un nombre, mais pas quand il a été saisi.",
        "number_unknown": (
            "Le nombre n’est pas encore connu : vérifiez à nouveau une fois le groupe choisi."
        ),
        "group_without_number": (
            "Le relevé nomme un groupe choisi, mais aucun nombre qui l’a choisi. Cela ne "
            "concorde pas."
        ),
        "discarded": (
            "Cette liste a été écartée le {date} (raison : {reason}). Aucun groupe ne sera "
            "jamais choisi dans cette liste."
        ),
        "discarded_picked": (
            "Le relevé dit que cette liste a été écartée, mais donne pourtant un nombre ou "
            "un groupe choisi. Cela ne concorde pas."
        ),
        "discarded_early": "La liste a été écartée avant d’être publiée ({date}).",
        "number_form": (
            "Le nombre « {number} » n’est pas écrit dans le relevé comme le tirage "
            "l’utilise (chiffres seulement, une espace entre les groupes)."
        ),
        "pick": "Le nombre {number} ({source}) choisit le groupe {index} sur {num} : {group}",
        "pick_same": "(le groupe qui a été invité).",
        "pick_other": "(le relevé indique le groupe {index} : {group}).",
        "try": "Le nombre {number} choisirait le groupe {index} sur {num} : {group}.",
        "replaced": "{n} remplacé(s) après un refus, une absence de réponse ou un départ :",
        "replacement": "  {n}. {gone} ({reason}, {date}) a été remplacé(e) par {chosen}.",
        "replacement_none": (
            "  {n}. {gone} ({reason}, {date}) : personne n’a pu prendre la place."
        ),
        "reason_declined": "a dit non",
        "reason_expired": "n’a pas répondu à temps",
        "reason_other": "est parti(e)",
        "reason_left": "a quitté le vivier",
        "reason_not_eligible": "ne pouvait plus être tiré(e) au sort",
        "replacement_how": (
            "Un remplaçant est tiré au sort par l’ordinateur parmi les personnes du "
            "vivier qui conviennent au mélange. Ce programme ne peut pas le refaire : cela "
            "dépend de qui était dans le vivier à ce moment, ce que le relevé ne dit pas. "
            "Demandez au personnel de la zone de le vérifier."
        ),
        "group_now": "Le groupe maintenant : {group}.",
        "ok": "OK     ",
        "wrong": "ERREUR ",
        "good": "Le tirage est correct.",
        "good_pending": "La liste est intacte. Le groupe doit encore être choisi.",
        "good_discarded": (
            "La liste est intacte. Elle a été écartée : aucun groupe n’y sera choisi."
        ),
        "bad": "Le tirage n’est PAS correct.",
        "at": "{date} à {time}",
        "about": (
            "Tirage pour le tour {round_id} de la zone {zone} : l’adresse de la page web "
            "du tirage se termine par /{zone}/rounds/{round_id}/draw."
        ),
        "source": "Le nombre vient de cette source : {source}.",
        "source_known": (
            "Le nombre vient de cette source : {source}. Il est connu à partir du {known}."
        ),
        "entered_after_known": (
            "Le nombre a été saisi le {entered}, après que la source a pu le donner (à "
            "partir du {known})."
        ),
        "entered_before_known": (
            "Le nombre a été saisi le {entered}, AVANT que la source ait pu le donner "
            "(connu seulement à partir du {known}). Qui l’a saisi ne pouvait pas le tenir "
            "de la source."
        ),
        "known_after_list": (
            "La liste a été publiée le {published}, avant que le nombre soit connu (à partir "
            "du {known})."
        ),
        "known_before_list": (
            "La liste a été publiée le {published}, PAS avant que le nombre soit connu (à "
            "partir du {known}). La liste doit être fixée avant que quiconque puisse "
            "connaître le nombre."
        ),
        "too_deep": (
            "Le fichier {path} n’est pas un relevé de tirage que le programme peut lire : "
            "il est trop imbriqué ou trop grand. Téléchargez-le à nouveau."
        ),
    },
    "en": {
        "usage": (
            "Usage: python3 check_draw.py [--taal nl|fr|en] [--getal NUMBER] "
            "[--fingerprint CODE] draw-record.json\n"
            "draw-record.json is the file you downloaded with the draw.\n"
            "The program checks the draw and writes OK or WRONG at each step.\n"
            '--getal "3 12 25" also tells which group of the list that number would pick.\n'
            "--fingerprint CODE (or --vingerafdruk): the fingerprint on the draw's web page. "
            "The program then checks itself that the record belongs to that page.\n"
            "The program ends with 0 when the draw checks out, 1 when it does not, and 2 "
            "when it could not check."
        ),
        "unknown_language": "The program does not know this language: {lang}. Choose nl, fr or en.",
        "not_found": (
            "The file {path} does not exist. Put it in this folder, or type the right name."
        ),
        "unreadable": "The file {path} cannot be read.",
        "not_json": (
            "The file {path} is not a draw record: it is damaged or incomplete (line "
            "{line}). Download it again."
        ),
        "damaged": (
            "The record is incomplete or damaged: “{field}” is missing or wrong. Download it again."
        ),
        "bad_number": (
            "The program cannot use this number: {number}. Use only the digits 0 to 9, "
            "with a space between groups of digits."
        ),
        "unknown_format": (
            "This is not a draw record this program knows ({format}). Download the program again."
        ),
        "fingerprint": (
            "Fingerprint the program computed: {code}. Compare it with the fingerprint on "
            "the draw's web page (published on {date})"
        ),
        "fingerprint_old": " (old rule: the list of groups alone)",
        "fingerprint_same": ": it is the same as in the record.",
        "fingerprint_other": (
            ": the record says {recorded}. The record was changed after it was published."
        ),
        "bad_fingerprint": (
            "The program cannot use this fingerprint: {code}. A fingerprint has 64 "
            "characters: the digits 0 to 9 and the letters a to f. Copy it from the draw's "
            "web page."
        ),
        "not_this_page": (
            "This record does not belong to the draw's web page. The web page gives the "
            "fingerprint {given}, but this record has the fingerprint {code}. Someone may "
            "have changed the record or made it up anew. Download the record again from "
            "the draw's web page. The program did not check the draw."
        ),
        "same_as_page": "The fingerprint is the same as on the web page: {given}.",
        "group_broken_size": "group {n} has {people} instead of {size}",
        "group_broken_quota": "group {n}, {label}: {count} (allowed {min}-{max})",
        "group_no_answers": "code {code} has no answers in the record",
        "groups_ok": "Every group ({groups}) has {people}, nobody twice",
        "groups_ok_mix": (
            "Every group ({groups}) has {people}, nobody twice, and keeps the agreed mix"
        ),
        "person": "{n} person",
        "people": "{n} people",
        "group": "{n} group",
        "groups": "{n} groups",
        "not_for": "; not: {list}",
        "no_answers": (
            "The mix includes sensitive answers (the record says so): the record gives no "
            "answers per code."
        ),
        "answers_missing": (
            "The record gives no answers per code, but says that no answer of the mix is "
            "sensitive. That does not fit together."
        ),
        "answers_sensitive": (
            "The record gives answers per code, but says that the mix has sensitive "
            "answers. That does not fit together."
        ),
        "shares": "Everyone's share of the groups is within {deviation} of their chance",
        "shares_not": "; not for {list}",
        "order_ok": (
            "The list was published on {published}, before the number was entered on {entered}."
        ),
        "order_wrong": (
            "The list was published on {published}, AFTER the number (entered on "
            "{entered}). The list must come first."
        ),
        "announced": (
            "The number was announced before the list was made; the fingerprint fixes it too."
        ),
        "entered_missing": "The record gives a number, but not when it was entered.",
        "number_unknown": "The number is not known yet: check again after the group is picked.",
        "group_without_number": (
            "The record names a picked group, but no number that picked it. That does not "
            "fit together."
        ),
        "discarded": (
            "This list was set aside on {date} (reason: {reason}). No group will ever be "
            "picked from this list."
        ),
        "discarded_picked": (
            "The record says this list was set aside, but still gives a number or a picked "
            "group. That does not fit together."
        ),
        "discarded_early": "The list was set aside before it was published ({date}).",
        "number_form": (
            "The number “{number}” is not written in the record as the draw uses it "
            "(digits only, one space between groups)."
        ),
        "pick": "The number {number} ({source}) picks group {index} of {num}: {group}",
        "pick_same": "(the group that was invited).",
        "pick_other": "(the record says group {index}: {group}).",
        "try": "The number {number} would pick group {index} of {num}: {group}.",
        "replaced": "{n} replaced after saying no, not answering or dropping out:",
        "replacement": "  {n}. {gone} ({reason}, {date}) was replaced by {chosen}.",
        "replacement_none": "  {n}. {gone} ({reason}, {date}): nobody could take the seat.",
        "reason_declined": "said no",
        "reason_expired": "did not answer in time",
        "reason_other": "dropped out",
        "reason_left": "left the pool",
        "reason_not_eligible": "could no longer be drawn",
        "replacement_how": (
            "A replacement is drawn by the computer among the people in the pool who fit "
            "the mix. This program cannot do that again: it depends on who was in the pool "
            "at that moment, which the record does not say. Ask the zone's staff to check it."
        ),
        "group_now": "The group now: {group}.",
        "ok": "OK    ",
        "wrong": "WRONG ",
        "good": "The draw checks out.",
        "good_pending": "The list is intact. The group is still to be picked.",
        "good_discarded": "The list is intact. It was set aside: no group is picked from it.",
        "bad": "The draw does NOT check out.",
        "at": "{date} at {time}",
        "about": (
            "Draw for round {round_id} of zone {zone}: the address of the draw's web page "
            "ends in /{zone}/rounds/{round_id}/draw."
        ),
        "source": "The number comes from this source: {source}.",
        "source_known": "The number comes from this source: {source}. It is known from {known}.",
        "entered_after_known": (
            "The number was entered on {entered}, after the source could give it (from {known})."
        ),
        "entered_before_known": (
            "The number was entered on {entered}, BEFORE the source could give it (only "
            "known from {known}). Whoever typed it could not have it from the source."
        ),
        "known_after_list": (
            "The list was published on {published}, before the number was known (from {known})."
        ),
        "known_before_list": (
            "The list was published on {published}, NOT before the number was known (from "
            "{known}). The list must be fixed before anyone can know the number."
        ),
        "too_deep": (
            "The file {path} is not a draw record the program can read: it is nested too "
            "deeply or too large. Download it again."
        ),
    },
}


class Damaged(Exception):
    """The record lacks a field the check needs, or has it in the wrong form."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


class Say:
    """The sentences of one language, with the plural of a count and the page's dates."""

    def __init__(self, lang: str, time_zone: str = TIME_ZONE):
        self.texts = TEXTS[lang]
        self.lang = lang
        self.time_zone = time_zone

    def __call__(self, key: str, **values: object) -> str:
        return self.texts[key].format(**values)

    def count(self, n: int, one: str, many: str) -> str:
        # French says "0 personne", "1 personne"; Dutch and English say "0 mensen".
        single = n in (0, 1) if self.lang == "fr" else n == 1
        return self(one if single else many, n=n)

    def moment(self, text: object) -> str:
        """A time of the record as the web page writes it ("6 december 2026 om 09:39"),
        in the zone's time zone; the record's own offset when this computer does not know
        the zone (Windows without time-zone data)."""
        when = parse_time(text, "time")
        try:
            from zoneinfo import ZoneInfo

            when = when.astimezone(ZoneInfo(self.time_zone))
        except Exception:  # noqa: S110 - no time-zone data here: keep the record's offset
            pass
        month = MONTHS[self.lang].split()[when.month - 1]
        return self(
            "at", date=f"{when.day} {month} {when.year}", time=f"{when.hour:02d}:{when.minute:02d}"
        )


def parse_time(text: object, field: str) -> datetime:
    """A time of the record, with its offset from UTC: the platform always writes one, so
    a time without it (or outside any draw's years) is damage, not another moment."""
    if not isinstance(text, str):
        raise Damaged(field)
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Damaged(field) from None
    if when.tzinfo is None or when.utcoffset() is None or not 1900 <= when.year <= 9000:
        raise Damaged(field)
    return when


def known_time_zone(name: object) -> bool:
    """Whether `name` is a time zone this computer knows (by its form alone when the
    computer has no time-zone data, as Windows may not)."""
    if not isinstance(name, str) or not TIME_ZONE_NAME.fullmatch(name):
        return False
    try:
        from zoneinfo import available_timezones

        zones = available_timezones()
    except Exception:  # noqa: BLE001 - no time-zone data here: the form must do
        return True
    return not zones or name in zones


# What json.load gives for NaN, Infinity, -Infinity and a number too large for a float
# (1e999): no draw record holds them, so `unsound` reports them as damage.
UNREADABLE = object()


def _finite_float(text: str) -> object:
    value = float(text)
    return value if math.isfinite(value) else UNREADABLE


def _encodable(text: str) -> bool:
    """False for a text with a lone surrogate ("\\ud800"), which no hash or screen takes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def unsound(data: object) -> str | None:
    """The record's field holding a value no draw record can have (NaN or an infinite
    number, a whole number beyond 2**53, a text or key with a lone surrogate), or None."""
    stack: list[tuple[str | None, object]] = [(None, data)]
    while stack:
        field, value = stack.pop()
        if (
            value is UNREADABLE
            or (isinstance(value, float) and not math.isfinite(value))
            or (_is_int(value) and abs(value) > LARGEST_INT)  # type: ignore[arg-type]
            or (isinstance(value, str) and not _encodable(value))
        ):
            return field or "format"
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str) or not _encodable(key):
                    return field or "format"
                stack.append((field or key[:80], item))
        elif isinstance(value, list):
            stack.extend((field or "format", item) for item in value)
    return None


def load(path: str) -> Any:  # a dict when it is a record (`validate` says)
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_constant=lambda _name: UNREADABLE, parse_float=_finite_float)


# Options with a value, by the name the script uses, in Dutch, French and English.
OPTIONS = {
    "--taal": "lang",
    "--langue": "lang",
    "--lang": "lang",
    "--getal": "number",
    "--nombre": "number",
    "--number": "number",
    "--vingerafdruk": "fingerprint",
    "--empreinte": "fingerprint",
    "--fingerprint": "fingerprint",
}


def choose_language(
    argv: list[str], environ: dict[str, str]
) -> tuple[str | None, list[str], dict[str, str]]:
    """The language asked for with --taal (or --langue, --lang), else the computer's own
    (LC_ALL, LC_MESSAGES, LANG) when it is one of ours, else Dutch; the other arguments;
    and the values of --getal (--nombre, --number) and --vingerafdruk (--empreinte,
    --fingerprint) given, under "number" and "fingerprint". None as the language when
    the language asked for is not one of ours."""
    rest: list[str] = []
    values: dict[str, str] = {}
    args = iter(argv)
    for arg in args:
        name, _eq, value = arg.partition("=")
        if name in OPTIONS:
            values[OPTIONS[name]] = value if _eq else next(args, "")
        else:
            rest.append(arg)
    asked = values.pop("lang", None)
    if asked is not None:
        asked = asked.strip().lower()
        return (asked if asked in LANGUAGES else None), rest, values
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            code = value[:2].lower()
            return (code if code in LANGUAGES else DEFAULT), rest, values
    return DEFAULT, rest, values


def normalise_fingerprint(text: str) -> str | None:
    """A fingerprint copied from the page: 64 hexadecimal characters, in lowercase, with
    any spaces a copy may add left out; None when it is not one."""
    code = "".join(text.split()).lower()
    return code if re.fullmatch(r"[0-9a-f]{64}", code) else None


def normalise_number(text: str) -> str | None:
    """A number typed with --getal as the platform reads it: digit groups without
    leading zeros, separated by one space ("03 12 025" is "3 12 25"); any Unicode space
    (a no-break space copied from a website, a tab) counts as a space."""
    text = "".join(" " if c.isspace() else c for c in text).strip(" ")
    if not NUMBER.fullmatch(text):
        return None
    return " ".join(group.lstrip("0") or "0" for group in text.split())


def written_as_picked(number: str) -> bool:
    """Whether the record's number is written as the pick reads it: digit groups with
    one space between them (records made before zeros were dropped may keep "07")."""
    return bool(NUMBER.fullmatch(number)) and " ".join(number.split()) == number


def sha256(data: object) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(groups: list) -> str:
    """The old rule (format burgerplatform-draw/2): the list of groups alone."""
    return sha256(groups)


def covered(record: dict) -> dict:
    """What the fingerprint of format burgerplatform-draw/3 covers."""
    return {
        "groups": record["groups"],
        "group_size": record["group_size"],
        "quotas": [
            {"min": q["min"], "max": q["max"], "sensitive": q["sensitive"]}
            for q in record["quotas"]
        ],
        "answers": record["answers"],
        "chances": record["chances"],
        "lowest_chance": record["lowest_chance"],
        "largest_deviation": record["largest_deviation"],
    }


def in_utc(text: object) -> str | None:
    """A time of the record as format /4's fingerprint covers it: in UTC."""
    if text is None:
        return None
    return parse_time(text, "time").astimezone(UTC).isoformat()


def record_fingerprint(record: dict) -> str:
    if record["format"] == FORMAT_LIST_ONLY:
        return fingerprint(record["groups"])
    if record["format"] == FORMAT:
        return sha256(published_part(record))
    fixed = covered(record)
    if record.get("number_announced"):
        # A number announced before the list was made: the fingerprint covers it too.
        fixed["announced_number"] = record.get("number")
    if record["format"] == FORMAT_SOURCE:
        # What the check shows as fact: the round and zone, the time zone of its times,
        # the publication time, the source and from when its number is known.
        fixed.update(
            {
                "round_id": record["round_id"],
                "zone_slug": record["zone_slug"],
                "time_zone": record["time_zone"],
                "published_at": in_utc(record["published_at"]),
                "number_source": record["number_source"],
                "number_known_from": in_utc(record["number_known_from"]),
            }
        )
    return sha256(fixed)


def published_part(record: dict) -> dict:
    """What the fingerprint of format /5 covers: every field of the record but those that
    come after its publication (`AFTER_PUBLICATION`). A number announced before the list
    was made was known at its publication: it is covered too."""
    after = AFTER_PUBLICATION
    if record.get("number_announced") is True:
        after = after - {"number"}
    return {key: value for key, value in record.items() if key not in after}


def pick_index(list_hash: str, number: str, count: int) -> int:
    return int(hashlib.sha256(f"{list_hash}:{number}".encode()).hexdigest(), 16) % count


def _percent(value: float, lang: str) -> str:
    text = f"{value:.4%}"
    return text.replace(".", ",").replace("%", " %") if lang in ("nl", "fr") else text


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _codes(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(code, str) for code in value)


def validate(record: object) -> dict:
    """The record, when it has every field the check needs in the right form; else
    `Damaged` naming the first field that is missing or wrong."""
    if not isinstance(record, dict):
        raise Damaged("format")
    if record.get("format") not in FORMATS:
        raise Damaged("format")
    new = record["format"] in (FORMAT_MIX, FORMAT)

    def need(field: str, ok) -> None:
        if field not in record or not ok(record[field]):
            raise Damaged(field)

    where = unsound(record)
    if where is not None:
        raise Damaged(where)

    need("groups", lambda v: isinstance(v, list) and v and all(_codes(g) for g in v))
    need("group_size", lambda v: _is_int(v) and v > 0)
    need("list_sha256", lambda v: isinstance(v, str) and v)
    need(
        "quotas",
        lambda v: (
            isinstance(v, list)
            and all(
                isinstance(q, dict)
                and isinstance(q.get("label"), str)
                and _is_int(q.get("min"))
                and _is_int(q.get("max"))
                and isinstance(q.get("sensitive"), bool)
                for q in v
            )
        ),
    )
    quotas = len(record["quotas"])
    need(
        "answers",
        lambda v: (
            v is None
            or (
                isinstance(v, dict)
                and all(
                    isinstance(a, list) and len(a) == quotas and all(isinstance(x, bool) for x in a)
                    for a in v.values()
                )
            )
        ),
    )
    need(
        "chances",
        lambda v: v is None or (isinstance(v, dict) and all(_is_number(c) for c in v.values())),
    )
    need("largest_deviation", _is_number)
    if new or "lowest_chance" in record:
        need("lowest_chance", _is_number)
    parse_time(record.get("published_at"), "published_at")
    if record.get("time_zone") is not None:
        need("time_zone", known_time_zone)
    if record["format"] in (FORMAT_SOURCE, FORMAT):
        need("round_id", _is_int)
        need("zone_slug", lambda v: isinstance(v, str) and v)
        need("time_zone", known_time_zone)
        need("number_source", lambda v: isinstance(v, str))
        need("number_known_from", lambda v: v is None or isinstance(v, str))
        if record["number_known_from"] is not None:
            parse_time(record["number_known_from"], "number_known_from")
    for field in ("number_entered_at", "discarded_at"):
        if record.get(field) is not None:
            parse_time(record[field], field)
    for field, ok in (
        ("number", lambda v: isinstance(v, str)),
        ("number_source", lambda v: isinstance(v, str)),
        ("index", _is_int),
        ("selected", _codes),
        ("discard_reason", lambda v: isinstance(v, str)),
        ("replacements", lambda v: isinstance(v, list) and all(isinstance(r, dict) for r in v)),
    ):
        if record.get(field) is not None and not ok(record[field]):
            raise Damaged(field)
    for n, entry in enumerate(record.get("replacements") or []):
        if not isinstance(entry.get("for"), str) or not (
            entry.get("chosen") is None or isinstance(entry.get("chosen"), str)
        ):
            raise Damaged(f"replacements[{n}]")
        if entry.get("at") is not None:
            parse_time(entry["at"], f"replacements[{n}]")
    return record


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
    sensitive = any(q["sensitive"] for q in record["quotas"])
    if answers is not None:
        for n, group in enumerate(groups, 1):
            for code in group:
                if code not in answers:
                    broken.append(say("group_no_answers", code=code))
            for i, quota in enumerate(record["quotas"]):
                count = sum(1 for code in group if code in answers and answers[code][i])
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
    # Whether answers may be published is what the record says (and its fingerprint
    # covers), never guessed from their absence.
    if answers is None:
        results.append((sensitive, say("no_answers" if sensitive else "answers_missing")))
    elif sensitive:
        results.append((False, say("answers_sensitive")))
    chances = record.get("chances")
    if chances is not None:
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


def check_pick(record: dict, code: str, say: Say) -> list[tuple[bool, str]]:
    """The order of list and number, and the group the number picks."""
    groups = record["groups"]
    number = record.get("number")
    published = parse_time(record["published_at"], "published_at")
    if record.get("discarded_at") is not None:
        discarded = parse_time(record["discarded_at"], "discarded_at")
        results = [
            (
                True,
                say(
                    "discarded",
                    date=say.moment(record["discarded_at"]),
                    reason=record.get("discard_reason") or "-",
                ),
            )
        ]
        if discarded < published:
            results.append((False, say("discarded_early", date=say.moment(record["published_at"]))))
        if number is not None or record.get("selected") is not None:
            results.append((False, say("discarded_picked")))
        return results
    known = record.get("number_known_from") if record["format"] in (FORMAT_SOURCE, FORMAT) else None
    if number is None:
        if record.get("selected") is not None or record.get("index") is not None:
            return [(False, say("group_without_number"))]
        return [(True, say("number_unknown"))]
    results = []
    if record.get("number_announced") and record["format"] != FORMAT_LIST_ONLY:
        results.append((True, say("announced")))
    elif record.get("number_entered_at") is None:
        results.append((False, say("entered_missing")))
    else:
        entered = parse_time(record["number_entered_at"], "number_entered_at")
        dates = {
            "published": say.moment(record["published_at"]),
            "entered": say.moment(record["number_entered_at"]),
        }
        results.append(
            (
                published < entered,
                say("order_ok" if published < entered else "order_wrong", **dates),
            )
        )
        if known is not None:
            # A number entered before the source could give it was not the source's.
            in_time = parse_time(known, "number_known_from") <= entered
            results.append(
                (
                    in_time,
                    say(
                        "entered_after_known" if in_time else "entered_before_known",
                        entered=dates["entered"],
                        known=say.moment(known),
                    ),
                )
            )
    if not written_as_picked(number):
        # The pick reads the number with one space between digit groups, nothing else.
        results.append((False, say("number_form", number=number)))
    if record.get("selected") is None or record.get("index") is None:
        raise Damaged("selected" if record.get("selected") is None else "index")
    index = pick_index(code, number, len(groups))
    group = sorted(groups[index])
    # As the platform writes it: sorted (another order is another record).
    agrees = index == record["index"] and group == record["selected"]
    results.append(
        (
            agrees,
            say(
                "pick",
                number=number,
                source=record.get("number_source") or "-",
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


def replacements(record: dict, say: Say) -> list[str]:
    """The replacements after the pick, in order, and the group as it is now: told, not
    checked (a replacement depends on the pool at that moment, which is not public)."""
    entries = record.get("replacements") or []
    if not entries or record.get("selected") is None:
        return []
    lines = [say("replaced", n=len(entries))]
    group = list(record["selected"])
    for n, entry in enumerate(entries, 1):
        reason = entry.get("reason")
        values = {
            "n": n,
            "gone": entry["for"],
            "reason": say(
                "reason_" + reason
                if reason in ("declined", "expired", "left", "not_eligible")
                else "reason_other"
            ),
            "date": say.moment(entry["at"]) if entry.get("at") else "-",
            "chosen": entry.get("chosen"),
        }
        lines.append(say("replacement" if entry.get("chosen") else "replacement_none", **values))
        if entry["for"] in group:
            group.remove(entry["for"])
        if entry.get("chosen"):
            group.append(entry["chosen"])
    lines.append(say("replacement_how"))
    lines.append(say("group_now", group=", ".join(sorted(group))))
    return lines


def belongs_to_page(record: dict, page: str) -> bool:
    """Whether the record is one the page with fingerprint `page` published: the
    fingerprint it says it has is the page's. (Whether the record still gives that
    fingerprint is the first check of `check`.) A record made up anew, with its own list
    and its own fingerprint, agrees with itself: only the page's fingerprint tells it."""
    return record["list_sha256"].lower() == page


def check(record: dict, lang: str = DEFAULT) -> list[tuple[bool, str]]:
    """Every check, each as (agrees, what it found in plain words in `lang`); `Damaged`
    when the record lacks what the check needs."""
    record = validate(record)
    say = Say(lang, record.get("time_zone") or TIME_ZONE)
    code = record_fingerprint(record)
    same = code == record["list_sha256"]
    text = say("fingerprint", code=code, date=say.moment(record["published_at"]))
    if record["format"] == FORMAT_LIST_ONLY:
        text += say("fingerprint_old")
    text += (
        say("fingerprint_same")
        if same
        else say("fingerprint_other", recorded=record["list_sha256"])
    )
    results = [(same, text)]
    if record["format"] in (FORMAT_SOURCE, FORMAT):
        # Facts the fingerprint covers (format /4 and /5): said, so that the reader
        # compares them with the page.
        results.append((True, say("about", round_id=record["round_id"], zone=record["zone_slug"])))
        source = record["number_source"] or "-"
        if record["number_known_from"] is not None:
            known = say.moment(record["number_known_from"])
            results.append((True, say("source_known", source=source, known=known)))
        else:
            results.append((True, say("source", source=source)))
    if record["format"] == FORMAT and record["number_known_from"] is not None:
        # A list published once the number could be known may have been made to suit it.
        # (Lists of format /4 were published under a rule that let a day count from its
        # start: they keep that rule.)
        first = parse_time(record["published_at"], "published_at") < parse_time(
            record["number_known_from"], "number_known_from"
        )
        results.append(
            (
                first,
                say(
                    "known_after_list" if first else "known_before_list",
                    published=say.moment(record["published_at"]),
                    known=say.moment(record["number_known_from"]),
                ),
            )
        )
    results.extend(check_groups(record, say))
    results.extend(check_pick(record, code, say))
    return results


def verdict(record: dict, good: bool) -> str:
    """The key of the last line: a list set aside or not picked yet is 'intact', not a
    draw that 'checks out'."""
    if not good:
        return "bad"
    if record.get("discarded_at") is not None:
        return "good_discarded"
    return "good" if record.get("number") is not None else "good_pending"


def main(argv: list[str], environ: dict[str, str] | None = None) -> int:
    lang, args, options = choose_language(
        argv[1:], dict(os.environ if environ is None else environ)
    )
    if lang is None:  # said in each language: we do not know which one the reader reads
        for texts in TEXTS.values():
            print(texts["unknown_language"].format(lang=" ".join(argv[1:])))
        return 2
    try:  # a text no screen shows is written with escapes, never a traceback
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        pass
    say = Say(lang)
    if any(arg in ("-h", "--help", "-?", "/?", "--hulp", "--aide") for arg in args):
        print(say("usage"))
        return 0
    if len(args) != 1:
        print(say("usage"))
        return 2
    path = args[0]
    try:
        record = load(path)
    except FileNotFoundError:
        print(say("not_found", path=path))
        return 2
    except json.JSONDecodeError as error:
        print(say("not_json", path=path, line=error.lineno))
        return 2
    except (RecursionError, MemoryError):  # nested too deeply, or too large
        print(say("too_deep", path=path))
        return 2
    except UnicodeDecodeError:
        print(say("unreadable", path=path))
        return 2
    except ValueError:  # a number too long to read (Python's limit on digits)
        print(say("too_deep", path=path))
        return 2
    except OSError:  # a folder, no permission
        print(say("unreadable", path=path))
        return 2
    if isinstance(record, dict) and record.get("format") not in FORMATS:
        print(say("unknown_format", format=", ".join(FORMATS)))
        return 2
    tried = None
    number = options.get("number")
    if number is not None:
        tried = normalise_number(number)
        if tried is None:
            print(say("bad_number", number=number))
            return 2
    page = None
    if "fingerprint" in options:
        page = normalise_fingerprint(options["fingerprint"])
        if page is None:
            print(say("bad_fingerprint", code=options["fingerprint"]))
            return 2
    try:
        results = check(record, lang)
    except Damaged as error:
        print(say("damaged", field=error.field))
        return 2
    except (RecursionError, MemoryError, ValueError):  # a field nested or sized beyond reason
        print(say("too_deep", path=path))
        return 2
    if page is not None:
        if not belongs_to_page(record, page):
            print(say("not_this_page", given=page, code=record_fingerprint(record)))
            return 2
        results.insert(1, (True, say("same_as_page", given=page)))
    say = Say(lang, record.get("time_zone") or TIME_ZONE)
    for ok, text in results:
        print(say("ok" if ok else "wrong") + text)
    for line in replacements(record, say):
        print(line)
    if tried is not None:
        groups = record["groups"]
        index = pick_index(record["list_sha256"], tried, len(groups))
        print(
            say(
                "try",
                number=tried,
                index=index + 1,
                num=len(groups),
                group=", ".join(sorted(groups[index])),
            )
        )
    good = all(ok for ok, _text in results)
    print(say(verdict(record, good)))
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
