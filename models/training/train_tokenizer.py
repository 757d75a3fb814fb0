#!/usr/bin/env python3
"""Train a BPE tokenizer (T5 style ids: <pad>=0, </s>=1, <unk>=2) on the generated corpus and the catalog.

Pre-tokenization splits at spaces (Metaspace), then isolates every punctuation mark (`=`, `|`,
`.`, `,`, `$`...) and every digit, so a value has the same ids in a `key=value` input and in a
sentence target and can be copied (BPE: a Unigram model trained on the same corpus at 3k pieces
split common words, "▁lik e", and made targets 37% longer); product names and brands from the whole catalog
(data/catalog/styles.csv) are in the corpus so unseen brands are not spelled letter by letter.

Output dir gets tokenizer.json, tokenizer_config.json, special_tokens_map.json, loadable by
transformers (AutoTokenizer / T5TokenizerFast) and Transformers.js. Placeholders such as <PRICE>
are added tokens (not special, so decode keeps them). Verifies decode(encode(t)) == t on the
whole test split.
"""
import argparse
import json
import os
import string
import sys

from tokenizers import AddedToken, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

PLACEHOLDERS = ["<PRICE>", "<SIZE>", "<AVAILABLE>", "<BRAND>", "<COLOR>", "<TYPE>", "<FEATURE>"]
SPECIALS = ["<pad>", "</s>", "<unk>"]


CATALOG = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "data", "catalog", "styles.csv")


def catalog_lines():
    """Product names, brands (the first word of a name) and colours of the whole catalog."""
    import csv
    with open(CATALOG, newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f):
            yield " ".join(v for v in (row.get("productDisplayName"), row.get("baseColour"), row.get("articleType")) if v)


def corpus(path):
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            yield r["input"]
            yield r["target"]
    if os.path.exists(CATALOG):
        yield from catalog_lines()


def build(train_path, vocab_size):
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="first"),
        pre_tokenizers.Punctuation(behavior="isolated"),
        pre_tokenizers.Digits(individual_digits=True),
    ])
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="first")
    alphabet = list(string.ascii_letters + string.digits + string.punctuation)
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIALS, initial_alphabet=alphabet,
                                  show_progress=False)
    tok.train_from_iterator(corpus(train_path), trainer=trainer)
    tok.add_tokens([AddedToken(p, single_word=False, lstrip=False, rstrip=False, normalized=False, special=False)
                    for p in PLACEHOLDERS])
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in SPECIALS])
    tok.post_processor = processors.TemplateProcessing(single="$A </s>", pair="$A </s> $B </s>",
                                                       special_tokens=[("</s>", 1)])
    assert tok.token_to_id("<pad>") == 0 and tok.token_to_id("</s>") == 1 and tok.token_to_id("<unk>") == 2
    return tok


def save(tok, out):
    os.makedirs(out, exist_ok=True)
    tok.save(os.path.join(out, "tokenizer.json"))
    cfg = {
        "tokenizer_class": "T5Tokenizer",
        "model_max_length": 512,
        "pad_token": "<pad>", "eos_token": "</s>", "unk_token": "<unk>",
        "extra_ids": 0, "additional_special_tokens": [],
        "clean_up_tokenization_spaces": False,
        "legacy": False,
    }
    json.dump(cfg, open(os.path.join(out, "tokenizer_config.json"), "w"), indent=2)
    json.dump({"pad_token": "<pad>", "eos_token": "</s>", "unk_token": "<unk>"},
              open(os.path.join(out, "special_tokens_map.json"), "w"), indent=2)


def load_hf(out):
    from transformers import AutoTokenizer
    return AutoTokenizer.from_pretrained(out)


def verify(out, test_path):
    hf = load_hf(out)
    assert hf.pad_token_id == 0 and hf.eos_token_id == 1 and hf.unk_token_id == 2, (hf.pad_token_id, hf.eos_token_id)
    for p in PLACEHOLDERS:
        ids = hf(p, add_special_tokens=False).input_ids
        assert len(ids) == 1, (p, ids)
    bad, n, unk = [], 0, 0
    for line in open(test_path):
        r = json.loads(line)
        for t in (r["target"], r["input"]):
            ids = hf(t).input_ids
            assert ids[-1] == 1
            unk += ids.count(2)
            d = hf.decode(ids, skip_special_tokens=True)
            n += 1
            if d != t and t == r["target"]:
                bad.append((t, d))
    print(f"roundtrip checked {n} strings, {len(bad)} target mismatches, {unk} unk ids")
    for t, d in bad[:10]:
        print("  MISMATCH", repr(t), "->", repr(d))
    return not bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "generated"))
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    cfg = json.load(open(a.config))["tokenizer"]
    tok = build(os.path.join(a.data, "train.jsonl"), cfg["vocab_size"])
    save(tok, a.out)
    print("vocab size", tok.get_vocab_size())
    ok = verify(a.out, os.path.join(a.data, "test.jsonl"))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
