"""The hand-labelled Dutch test set (tests/themes/data/nl_contributions.tsv) and larger
sets made from it for timing: each copy of a text gets a few typing errors, as people
make them (a letter dropped, doubled or swapped), so no two copies are the same."""

from __future__ import annotations

import random
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "nl_contributions.tsv"


def labelled(path: Path = DATA) -> list[tuple[str, str]]:
    """(label, text) pairs, in file order."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            label, text = line.split("\t", 1)
            pairs.append((label, text))
    return pairs


def _typos(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        if len(chars) < 4:
            break
        i = rng.randrange(1, len(chars) - 1)
        kind = rng.randrange(3)
        if kind == 0:
            del chars[i]
        elif kind == 1:
            chars.insert(i, chars[i])
        else:
            chars[i - 1], chars[i] = chars[i], chars[i - 1]
    return "".join(chars)


def grown(size: int, seed: int = 7) -> list[tuple[str, str]]:
    """`size` labelled texts: the set itself first, then copies with typing errors."""
    base = labelled()
    rng = random.Random(seed)
    out = list(base[:size])
    while len(out) < size:
        label, text = base[len(out) % len(base)]
        out.append((label, _typos(text, rng)))
    return out
