"""How the context decoder's output ids become the task sentence, and back.

The decoder writes pieces of the NLU encoder's WordPiece vocabulary (lower case, no spacing), in a
sub-vocabulary: the special pieces, every piece of the training targets and of the catalog's
values, and every numeric piece (prices and quantities are copied from the conversation). The
written form is restored from data: the targets' spacing around punctuation ("t-shirt", "$29.99",
"Q&Q"), catalog values of several words cased as wholes, longest first ("red chief" -> "Red Chief",
"free size" -> "Free Size"), and every other word in its most frequent casing in the training
targets (outside those values), else the catalog's ("mauve" as colours are written in tasks).
The same rules run in TypeScript (models/runtime/contextText.ts) from the casing.json written here.
"""
from __future__ import annotations

import collections
import functools
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PAD, EOS, UNK = 0, 1, 2
WORD = re.compile(r"[A-Za-z0-9&]+")


@functools.cache
def catalog_values() -> tuple[list[str], list[str]]:
    """Texts whose pieces the sub-vocabulary must hold, and values as tasks write them."""
    vocab = json.loads((ROOT / "models/data/vocabulary.json").read_text())
    texts = list(vocab["productTypes"].keys()) + [t.get("subCategory", "") for t in vocab["productTypes"].values()]
    texts += vocab["colors"] + vocab["genders"] + vocab["usages"] + vocab["seasons"] + vocab["sizes"] + list(vocab["brands"].keys()) + vocab["features"]
    for m in vocab["synonyms"].values():
        texts += list(m.keys()) + [v if isinstance(v, str) else " ".join(map(str, v)) for v in m.values()]
    written = list(vocab["brands"].keys()) + vocab["sizes"] + [c.lower() for c in vocab["colors"]]
    return texts, written


def sub_vocabulary(tok, targets: list[str]) -> list[int]:
    """WordPiece ids the decoder may write: specials first ([PAD], [SEP] as end, [UNK])."""
    texts, _ = catalog_values()
    ids: set[int] = set()
    for enc in tok.encode_batch(list(targets) + texts, add_special_tokens=False):
        ids.update(enc.ids)
    ids.update(i for w, i in tok.get_vocab().items() if re.fullmatch(r"(##)?[0-9]+", w))
    specials = [tok.token_to_id("[PAD]"), tok.token_to_id("[SEP]"), tok.token_to_id("[UNK]")]
    return specials + sorted(ids - set(specials))


def casing(targets: list[str]) -> dict:
    """Phrases (multi-word catalog values) and word casings, as casing.json stores them."""
    _, written = catalog_values()
    phrases = sorted({p for p in written if " " in p}, key=lambda p: (-len(p), p))
    pattern = phrase_pattern(phrases)
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for t in targets:
        for w in WORD.findall(pattern.sub(" ", t) if pattern else t):
            counts[w.lower()][w] += 1
    words = {p.lower(): p for p in written if " " not in p}
    words.update({k: c.most_common(1)[0][0] for k, c in sorted(counts.items())})
    return {"phrases": phrases, "words": dict(sorted(words.items()))}


def phrase_pattern(phrases: list[str]):
    if not phrases:
        return None
    return re.compile(r"(?<![A-Za-z0-9])(" + "|".join(re.escape(p.lower()) for p in phrases) + r")(?![A-Za-z0-9])", re.I)


class TaskText:
    """Sub-vocabulary ids -> the task sentence."""

    def __init__(self, tok, sub: list[int], case: dict):
        self.tok, self.sub = tok, sub
        self.phrases = {p.lower(): p for p in case["phrases"]}
        self.pattern = phrase_pattern(case["phrases"])
        self.words = case["words"]

    def __call__(self, ids: list[int]) -> str:
        pieces = [self.sub[i] for i in ids if i not in (PAD, EOS, UNK)]
        return written(self.tok.decode(pieces), self.pattern, self.phrases, self.words)


def written(s: str, pattern, phrases: dict, words: dict) -> str:
    s = re.sub(r"\s*([-'])\s*", r"\1", s)
    s = re.sub(r"\b(\w) & (\w)\b", r"\1&\2", s)
    s = re.sub(r"\$\s+", "$", s)
    s = re.sub(r"\s+([.,!?])", r"\1", s)
    s = re.sub(r"(\d)\.\s+(\d)", r"\1.\2", s)
    parts = pattern.split(s) if pattern else [s]
    s = "".join(phrases[p.lower()] if i % 2 else WORD.sub(lambda m: words.get(m.group(0).lower(), m.group(0)), p) for i, p in enumerate(parts))
    return s[:1].upper() + s[1:]
