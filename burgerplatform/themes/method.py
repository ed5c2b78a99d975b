"""How themes are found in open text: a method a person can follow, run on this machine.

1. Each text is cleaned: lower case, accents off, a short list of spellings and dialect
   words put in standard Dutch ("huisdokter" → "huisarts", "ni" → "niet"), stop words out.
2. Words are cut to their stem (Snowball, Dutch or French by the text's stop words), and
   a long Dutch word also counts the known word it ends in ("huisartsenwachtpost" counts
   "wachtpost"): compounds meet their parts.
3. Two word counts, weighed by how rare a word is (TF-IDF): the stems, and pieces of 3 to
   5 letters inside words (they find a misspelt word: "wachttyd" and "wachttijd" share
   most pieces).
4. The counts are folded into at most 30 directions (SVD) and grouped with k-means; the
   number of groups is the one whose groups stand apart best (silhouette), tried from
   `K_MIN` to `K_MAX`.
5. A theme shows the stems that weigh most in it and the texts nearest its middle.

Staff confirm themes; a new run keeps them: a new text joins the confirmed theme it is
closest to if it is as close as that theme's own texts usually are, and the rest are
grouped anew (see `place`). No text leaves this machine, nothing is downloaded. The same
input gives the same themes (fixed seeds).
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import snowballstemmer
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

K_MIN = 2
K_MAX = 12
SEED = 20260
DIMENSIONS = 30
SILHOUETTE_SAMPLE = 2000
TYPICAL = 3
TOP_WORDS = 6

# Spellings, dialect and synonyms → one standard word (after accents are taken off).
SYNONYMS: dict[str, str] = {
    # the doctor
    "huisdokter": "huisarts", "dokter": "huisarts", "doktr": "huisarts", "docter": "huisarts",
    "dokters": "huisarts", "huisartsen": "huisarts", "arts": "huisarts", "artsen": "huisarts",
    "dokterspraktijk": "huisartspraktijk", "huisartsenpraktijk": "huisartspraktijk",
    "wachtkamer": "wachtzaal", "wachte": "wachten", "wachtn": "wachten",
    "wachttyd": "wachttijd", "wachttijden": "wachttijd", "wachtlijsten": "wachtlijst",
    # out of hours
    "wachtdokter": "wachtdienst", "wachtpost": "wachtdienst", "weekenddienst": "wachtdienst",
    "nachtdienst": "wachtdienst", "huisartsenwachtpost": "wachtdienst", "1733": "wachtdienst",
    "snachts": "nacht", "savonds": "avond",
    # getting there
    "busse": "bus", "bussen": "bus", "belbus": "bus", "wagen": "auto", "parking": "parkeren",
    "geraken": "raken", "verplaatsing": "vervoer",
    # medicines
    "apoteek": "apotheek", "apoteker": "apotheker", "pillen": "medicatie",
    "medicijnen": "medicatie", "geneesmiddelen": "medicatie", "medicatieschema": "medicatie",
    # mental health
    "psycholoog": "psy", "psychologen": "psy", "psychiater": "psy", "therapeut": "psy",
    "cgg": "psy", "eerstelijnspsychologen": "psy", "psychische": "psychisch",
    # care at home
    "thuisverpleging": "thuiszorg", "thuisverpleegster": "thuiszorg", "gezinszorg": "thuiszorg",
    "gezinshulp": "thuiszorg", "thuishulp": "thuiszorg", "thuisverpleegkundigen": "thuiszorg",
    # apps, online
    "onlinne": "online", "gsm": "smartphone", "app": "apps", "website": "online",
    "internet": "online", "computer": "online", "digitale": "digitaal",
    # money
    "onbetaalbaar": "duur", "betalen": "betaalbaar", "remgeld": "kosten",
    # alone
    "eenzaam": "eenzaamheid", "vereenzamen": "eenzaamheid",
    # tussentaal
    "ni": "niet", "nie": "niet", "goe": "goed", "da": "dat", "ge": "je", "zijt": "bent",
    "aub": "", "rap": "snel",
}  # fmt: skip

STOP_NL = frozenset(
    """aan al alle alles als altijd andere ben bij daar dan dat de der deze die dit doch
    doen door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij
    hoe hun iemand iets ik in is ja je jou jouw kan kon kunnen maar me meer men met mij mijn
    moet na naar niet niets nog nu of om omdat ons onze ook op over reeds te tegen toch toen
    tot u uit uw van veel voor want waren was wat we wel werd wezen wie wil worden wordt zal
    ze zelf zich zij zijn zo zonder zou zeer zit zitten moeten gaat gaan komt komen mag
    moeten echt heel dus weer even elke soms nooit nu ook pas krijgen mee wij zou papier
    hebt af toe weet weten""".split()
)
STOP_FR = frozenset(
    """au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma
    mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son
    sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y est sont ai avons
    avez ont etre avoir fait plus tres trop tout tous bien aussi comme""".split()
)
WORD = re.compile(r"[a-z0-9]+")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=2)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(language)


@lru_cache(maxsize=200_000)
def _stem(language: str, word: str) -> str:
    # People use few distinct words: stemming each once is most of the speed at 10,000.
    return str(_stemmer(language).stemWord(word))


def words(text: str) -> list[str]:
    """The text's words, cleaned and put in standard spelling (step 1)."""
    found = []
    for token in WORD.findall(_plain(text).replace("'", "")):
        token = SYNONYMS.get(token, token)
        if token:
            found.extend(token.split())
    return found


def language(tokens: list[str]) -> str:
    french = sum(t in STOP_FR for t in tokens)
    dutch = sum(t in STOP_NL for t in tokens)
    return "french" if french > dutch else "dutch"


def stems(text: str, heads: frozenset[str] = frozenset()) -> list[str]:
    """The stems of the text's words without stop words (step 2), plus the known word a
    long Dutch compound ends in."""
    tokens = words(text)
    lang = language(tokens)
    stop = STOP_FR if lang == "french" else STOP_NL
    kept = [t for t in tokens if t not in stop and len(t) > 1]
    out = [_stem(lang, t) for t in kept]
    if lang == "dutch" and heads:
        for stem in list(out):
            if len(stem) >= 9:
                for cut in range(3, len(stem) - 3):
                    head = stem[cut:]
                    if head in heads:
                        out.append(head)
                        break
    return out


@dataclass
class Found:
    """The groups found: a group number per text, and per group its weightiest stems
    (each shown as the word most often written for it) and its most typical texts."""

    labels: list[int]
    top_words: dict[int, list[str]] = field(default_factory=dict)
    typical: dict[int, list[int]] = field(default_factory=dict)  # text positions


def _surface_words(texts: list[str]) -> dict[str, str]:
    """Per stem, the word people wrote most often for it (to show instead of a stem)."""
    seen: dict[str, Counter[str]] = {}
    for text in texts:
        tokens = words(text)
        lang = language(tokens)
        stop = STOP_FR if lang == "french" else STOP_NL
        kept = [t for t in tokens if t not in stop and len(t) > 1]
        for token in kept:
            seen.setdefault(_stem(lang, token), Counter())[token] += 1
    return {stem: counts.most_common(1)[0][0] for stem, counts in seen.items()}


def _heads(texts: list[str]) -> frozenset[str]:
    """Stems of 4 letters or more that stand alone in at least two texts: the parts a
    compound may end in."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(stems(text)))
    return frozenset(s for s, n in counts.items() if n >= 2 and len(s) >= 4)


def _fitted(vectorizer: TfidfVectorizer, docs: list[str]) -> sparse.csr_matrix:
    """The counts, or one empty column when the texts hold no word to count ("??")."""
    try:
        return vectorizer.fit_transform(docs)
    except ValueError:  # empty vocabulary
        return sparse.csr_matrix((len(docs), 1), dtype=np.float32)


@contextmanager
def _quiet() -> Iterator[None]:
    """Texts that are all the same (or say nothing) make k-means find fewer groups than
    asked and the SVD divide by zero: the result is still right (one group)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


class Vectors:
    """The texts as rows of numbers (step 3 and 4), with the word features kept to name
    the themes."""

    def __init__(self, texts: list[str]) -> None:
        heads = _heads(texts)
        analysed = [" ".join(stems(t, heads)) for t in texts]
        min_df = 2 if len(texts) >= 200 else 1
        self.word_vectorizer = TfidfVectorizer(
            analyzer=str.split, min_df=min_df, sublinear_tf=True, dtype=np.float32
        )
        self.words = _fitted(self.word_vectorizer, analysed)
        chars = _fitted(
            TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(3, 5),
                min_df=min_df,
                sublinear_tf=True,
                max_features=50_000,
                dtype=np.float32,
            ),
            [" ".join(words(t)) for t in texts],
        )
        # Stems weigh as much as the letter pieces together.
        both = sparse.hstack([normalize(self.words), normalize(chars)]).tocsr()
        dims = max(1, min(DIMENSIONS, both.shape[0] - 1, both.shape[1] - 1))
        if dims >= 2:
            reduced = TruncatedSVD(n_components=dims, random_state=SEED).fit_transform(both)
        else:
            reduced = both.toarray()
        self.rows = normalize(reduced)

    def names(self, members: np.ndarray, surface: dict[str, str]) -> list[str]:
        if not hasattr(self.word_vectorizer, "vocabulary_"):
            return []
        weights = np.asarray(self.words[members].mean(axis=0)).ravel()
        terms = self.word_vectorizer.get_feature_names_out()
        best = np.argsort(-weights, kind="stable")[:TOP_WORDS]
        return [surface.get(terms[i], terms[i]) for i in best if weights[i] > 0]


def _kmeans(rows: np.ndarray, k: int, tries: int = 3) -> np.ndarray:
    return np.asarray(KMeans(n_clusters=k, n_init=tries, random_state=SEED).fit_predict(rows))


def _best_grouping(rows: np.ndarray, k: int | None) -> np.ndarray:
    n = rows.shape[0]
    if n < 3:
        return np.zeros(n, dtype=int)
    if k is not None:
        return _kmeans(rows, max(1, min(k, len(np.unique(np.round(rows, 6), axis=0)))))
    # The number of themes is chosen on a sample (the same each time) of at most
    # SILHOUETTE_SAMPLE texts: at 10,000 texts trying every k on all of them is too slow.
    sample = rows
    if n > SILHOUETTE_SAMPLE:
        picked = np.random.default_rng(SEED).choice(n, SILHOUETTE_SAMPLE, replace=False)
        sample = rows[np.sort(picked)]
    # Never more groups than different texts (the same words written twice are one).
    distinct = len(np.unique(np.round(sample, 6), axis=0))
    best: tuple[float, int] | None = None
    for tried in range(K_MIN, min(K_MAX, sample.shape[0] - 1, distinct - 1) + 1):
        labels = _kmeans(sample, tried, tries=1)
        if len(set(labels.tolist())) < 2:
            continue
        score = float(silhouette_score(sample, labels, metric="cosine"))
        if best is None or score > best[0]:
            best = (score, tried)
    if best is None:
        return np.zeros(n, dtype=int)
    if sample is rows:
        return _kmeans(rows, best[1])
    # Start all texts from the sample's groups: one short k-means instead of three long.
    start = KMeans(n_clusters=best[1], n_init=3, random_state=SEED).fit(sample)
    return np.asarray(
        KMeans(n_clusters=best[1], init=start.cluster_centers_, n_init=1, max_iter=50).fit_predict(
            rows
        )
    )


def _describe(vectors: Vectors, labels: np.ndarray, texts: list[str]) -> Found:
    surface = _surface_words(texts)
    found = Found(labels=labels.tolist())
    for group in sorted(set(found.labels)):
        members = np.flatnonzero(labels == group)
        centre = normalize(vectors.rows[members].mean(axis=0, keepdims=True))[0]
        closeness = vectors.rows[members] @ centre
        order = members[np.argsort(-closeness, kind="stable")]
        found.top_words[group] = vectors.names(members, surface)
        found.typical[group] = order[:TYPICAL].tolist()
    return found


def find_themes(texts: list[str], k: int | None = None) -> Found:
    """Group `texts` into themes from scratch (k chosen by silhouette unless given)."""
    if not texts:
        return Found(labels=[])
    with _quiet():
        vectors = Vectors(texts)
        return _describe(vectors, _best_grouping(vectors.rows, k), texts)


def place(texts: list[str], kept: list[int | None], k: int | None = None) -> Found:
    """Group `texts` while keeping what staff confirmed: `kept[i]` is the confirmed theme
    (a number ≥ 0) text i belongs to, or None. A free text joins the nearest confirmed
    theme when it is at least as close to it as the least close quarter of that theme's
    own texts; the other free texts are grouped anew, in numbers above the kept ones."""
    if not texts:
        return Found(labels=[])
    with _quiet():
        return _place(Vectors(texts), texts, kept, k)


def _place(vectors: Vectors, texts: list[str], kept: list[int | None], k: int | None) -> Found:
    rows = vectors.rows
    labels = np.array([-1 if g is None else g for g in kept], dtype=int)
    groups = sorted({g for g in kept if g is not None})
    free = np.flatnonzero(labels < 0)
    if groups and free.size:
        centres = np.vstack(
            [normalize(rows[labels == g].mean(axis=0, keepdims=True))[0] for g in groups]
        )
        bars = np.array(
            [np.quantile(rows[labels == g] @ centres[i], 0.25) for i, g in enumerate(groups)]
        )
        sims = rows[free] @ centres.T
        nearest = sims.argmax(axis=1)
        close = sims[np.arange(free.size), nearest] >= bars[nearest]
        labels[free[close]] = np.array(groups)[nearest[close]]
        free = free[~close]
    if free.size:
        start = (max(groups) + 1) if groups else 0
        labels[free] = _best_grouping(rows[free], k) + start
    return _describe(vectors, labels, texts)
