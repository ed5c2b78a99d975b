"""What makes a password acceptable, for everyone (citizens, staff, admins): at least 10
characters and not easy to guess. zxcvbn estimates how guessable it is (common passwords,
names, keyboard patterns, dates, l33t substitutions); the Dutch words people here use in
passwords, and the person's own name and address, are added to its dictionaries."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10
# zxcvbn's scale: 0-2 fall to an online or slow offline attack; 3 is "safely
# unguessable" against a throttled online attack, which is what our login limits allow.
MIN_SCORE = 3

# Words zxcvbn's (English) dictionaries miss, seen in Flemish password lists, and the
# platform's own names, which a person is likely to use here.
LOCAL_WORDS = (
    "welkom wachtwoord paswoord geheim liefde schatje zomer winter lente herfst voetbal "
    "vlaanderen belgie belgië brussel antwerpen gent brugge leuven hasselt mechelen "
    "burgerplatform zorgraad eerstelijnszone klankbordgroep proeftuin burgersaanzet "
    "meetjesland"
).split()

TOO_SHORT = _l("Choose a password of at least 10 characters.")
TOO_EASY = _l(
    "This password is easy to guess: it is common, or built from a word, a name, a date "
    "or a keyboard pattern. Take a longer one, for example four words that do not belong "
    "together."
)


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why `password` cannot be used (a translated sentence), or None."""
    if len(password) < MIN_LENGTH:
        return str(TOO_SHORT)
    from zxcvbn import zxcvbn

    own = [email.lower(), name.lower()] + [
        part for part in re.split(r"[^\w]+", f"{email} {name}".lower()) if len(part) > 2
    ]
    # zxcvbn refuses more than 72 characters (its estimate slows down on long input); the
    # first 72 of a longer one are judged, which only errs on the strict side.
    if zxcvbn(password[:72], user_inputs=[*LOCAL_WORDS, *own])["score"] < MIN_SCORE:
        return str(TOO_EASY)
    return None
