#!/usr/bin/env python3
"""Train the multitask T5 teacher (random init) or distil the student from it.

  python train.py --config configs/full.json --role teacher --run runs/full [--resume]
  python train.py --config configs/full.json --role student --run runs/full [--resume]

The run directory holds tokenizer/, teacher/{ckpt.pt,final/}, student/{ckpt.pt,final/}.
Training stops at max_steps or max_minutes, whichever comes first; the learning-rate
schedule follows progress = max(step/max_steps, elapsed/max_minutes), so a slow machine
still ends with a fully annealed model inside the time budget.

Student loss = CE(labels) + alpha * T^2 * KL(teacher_T || student_T), the KL summed over the
vocabulary and averaged over the real (non-padding) decoder positions only.
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm
from transformers import AutoTokenizer, T5Config, T5ForConditionalGeneration

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.dirname(HERE)
DATA = os.path.join(MODELS, "data", "generated")


def set_seed(s):
    random.seed(s)
    np.random.seed(s)
    torch.manual_seed(s)


def load_split(path, tok, max_src, max_tgt, limit=None):
    rows = [json.loads(l) for l in open(path)]
    if limit:
        rows = rows[:limit]
    src = tok([r["input"] for r in rows], truncation=True, max_length=max_src).input_ids
    tgt = tok([r["target"] for r in rows], truncation=True, max_length=max_tgt).input_ids
    return rows, src, tgt


def make_batches(src, tgt, bs, seed, epoch):
    """Length-bucketed batches: shuffle, sort within chunks of 50 batches by length, shuffle batches."""
    rng = random.Random(seed * 1000 + epoch)
    idx = list(range(len(src)))
    rng.shuffle(idx)
    chunk = bs * 50
    batches = []
    for i in range(0, len(idx), chunk):
        c = sorted(idx[i:i + chunk], key=lambda j: (len(src[j]), len(tgt[j])))
        batches += [c[k:k + bs] for k in range(0, len(c), bs)]
    rng.shuffle(batches)
    return batches


def collate(ids, src, tgt):
    ms = max(len(src[i]) for i in ids)
    mt = max(len(tgt[i]) for i in ids)
    x = torch.zeros(len(ids), ms, dtype=torch.long)
    y = torch.full((len(ids), mt), -100, dtype=torch.long)
    for r, i in enumerate(ids):
        x[r, :len(src[i])] = torch.tensor(src[i])
        y[r, :len(tgt[i])] = torch.tensor(tgt[i])
    return x, (x != 0).long(), y


def model_config(c, vocab_size):
    return T5Config(vocab_size=vocab_size, d_model=c["d_model"], d_kv=c["d_model"] // c["num_heads"],
                    d_ff=c["d_ff"], num_layers=c["num_layers"], num_decoder_layers=c["num_layers"],
                    num_heads=c["num_heads"], dropout_rate=c.get("dropout", 0.1), feed_forward_proj="relu",
                    relative_attention_num_buckets=32, relative_attention_max_distance=128,
                    decoder_start_token_id=0, pad_token_id=0, eos_token_id=1, tie_word_embeddings=True,
                    layer_norm_epsilon=1e-6, initializer_factor=1.0)


def lr_at(c, step, progress):
    if step < c["warmup"]:
        return c["lr"] * (step + 1) / c["warmup"]
    # constant, then cosine decay over the last `decay_frac` of the run (progress is max(step, time) based)
    d = c.get("decay_frac", 0.4)
    if progress < 1 - d:
        return c["lr"]
    return c["lr"] * max(0.03, 0.5 * (1 + math.cos(math.pi * min(1.0, (progress - (1 - d)) / d))))


@torch.no_grad()
def init_from_teacher(student, teacher):
    """DistilBERT-style init: copy embeddings, final norms and evenly spaced teacher blocks (block 0, which
    holds the relative-position bias, always included) when the widths match."""
    sc, tc = student.config, teacher.config
    if (sc.d_model, sc.d_ff, sc.num_heads, sc.d_kv, sc.vocab_size) != (tc.d_model, tc.d_ff, tc.num_heads, tc.d_kv, tc.vocab_size):
        print("[student] widths differ from the teacher: random init", flush=True)
        return
    student.shared.weight.copy_(teacher.shared.weight)
    for name in ("encoder", "decoder"):
        s_stack, t_stack = getattr(student, name), getattr(teacher, name)
        ns, nt = len(s_stack.block), len(t_stack.block)
        pick = [round(i * (nt - 1) / max(1, ns - 1)) for i in range(ns)] if ns > 1 else [0]
        pick[0] = 0
        for i, j in enumerate(pick):
            sd = t_stack.block[j].state_dict()
            if i == 0 and j == 0:
                s_stack.block[i].load_state_dict(sd)
            else:
                sd = {k: v for k, v in sd.items() if "relative_attention_bias" not in k}
                s_stack.block[i].load_state_dict(sd, strict=False)
        s_stack.final_layer_norm.load_state_dict(t_stack.final_layer_norm.state_dict())
        print(f"[student] {name}: initialised from teacher blocks {pick}", flush=True)


@torch.no_grad()
def val_loss(model, vsrc, vtgt, bs):
    model.eval()
    tot, n = 0.0, 0
    for ids in make_batches(vsrc, vtgt, bs, 0, 0):
        x, m, y = collate(ids, vsrc, vtgt)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            out = model(input_ids=x, attention_mask=m, labels=y)
        k = int((y != -100).sum())
        tot += float(out.loss) * k
        n += k
    model.train()
    return tot / max(1, n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--role", choices=["teacher", "student"], required=True)
    ap.add_argument("--run", required=True)
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cfg = json.load(open(a.config))
    c = cfg[a.role]
    seed = cfg["data"].get("seed", 1234) + (0 if a.role == "teacher" else 17)
    set_seed(seed)
    tok = AutoTokenizer.from_pretrained(os.path.join(a.run, "tokenizer"))
    out_dir = os.path.join(a.run, a.role)
    os.makedirs(out_dir, exist_ok=True)
    t0 = time.time()
    _, src, tgt = load_split(os.path.join(a.data, "train.jsonl"), tok, c["max_src_len"], c["max_tgt_len"])
    _, vsrc, vtgt = load_split(os.path.join(a.data, "validation.jsonl"), tok, c["max_src_len"], c["max_tgt_len"], limit=1024)
    print(f"[{a.role}] tokenized {len(src)} train / {len(vsrc)} val in {time.time() - t0:.1f}s", flush=True)

    model = T5ForConditionalGeneration(model_config(c, len(tok)))
    nparams = sum(p.numel() for p in model.parameters())
    print(f"[{a.role}] parameters: {nparams} ({nparams / 1e6:.2f}M)", flush=True)
    teacher = None
    if a.role == "student":
        teacher = T5ForConditionalGeneration.from_pretrained(os.path.join(a.run, "teacher", "final"))
        teacher.eval()
        for p in teacher.parameters():
            p.requires_grad_(False)
    if teacher is not None and c.get("init_from_teacher", True) and not (a.resume and os.path.exists(os.path.join(out_dir, "ckpt.pt"))):
        init_from_teacher(model, teacher)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    nodecay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": nodecay, "weight_decay": 0.0}],
                            lr=c["lr"], betas=(0.9, 0.98), eps=1e-8)
    step, epoch, pos, elapsed_prev = 0, 0, 0, 0.0
    ckpt = os.path.join(out_dir, "ckpt.pt")
    if a.resume and os.path.exists(ckpt):
        st = torch.load(ckpt, weights_only=False)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step, epoch, pos, elapsed_prev = st["step"], st["epoch"], st["pos"], st["elapsed"]
        print(f"[{a.role}] resumed from step {step} (epoch {epoch}, pos {pos}, {elapsed_prev:.0f}s)", flush=True)
    max_steps, max_sec = c["max_steps"], c["max_minutes"] * 60
    alpha, T = c.get("alpha", 0.5), c.get("temperature", 2.0)
    model.train()
    start = time.time()
    batches = make_batches(src, tgt, c["batch_size"], seed, epoch)
    is_tty = sys.stderr.isatty()
    bar = tqdm(total=max_steps, initial=step, desc=a.role, mininterval=1 if is_tty else 30, file=sys.stderr)
    ema, ema_kd = None, None

    def save_ckpt():
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "epoch": epoch,
                    "pos": pos, "elapsed": elapsed_prev + time.time() - start}, ckpt + ".tmp")
        os.replace(ckpt + ".tmp", ckpt)

    while True:
        elapsed = elapsed_prev + time.time() - start
        progress = max(step / max_steps, elapsed / max_sec)
        if progress >= 1.0:
            break
        if pos >= len(batches):
            epoch += 1
            pos = 0
            batches = make_batches(src, tgt, c["batch_size"], seed, epoch)
        x, m, y = collate(batches[pos], src, tgt)
        pos += 1
        lr = lr_at(c, step, progress)
        for gparam in opt.param_groups:
            gparam["lr"] = lr
        with torch.autocast("cpu", dtype=torch.bfloat16):
            out = model(input_ids=x, attention_mask=m, labels=y)
            loss = out.loss
            if teacher is not None:
                with torch.no_grad():
                    tl = teacher(input_ids=x, attention_mask=m, labels=y).logits.float()
                sl = out.logits.float()
                mask = (y != -100).float()
                kl = F.kl_div(F.log_softmax(sl / T, -1), F.log_softmax(tl / T, -1), log_target=True,
                              reduction="none").sum(-1)
                kd = (kl * mask).sum() / mask.sum() * (T * T)
                loss = loss + alpha * kd
                ema_kd = float(kd) if ema_kd is None else 0.98 * ema_kd + 0.02 * float(kd)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        ema = float(out.loss) if ema is None else 0.98 * ema + 0.02 * float(out.loss)
        bar.update(1)
        if step % 50 == 0:
            post = {"ce": f"{ema:.3f}", "lr": f"{lr:.2e}", "ep": epoch}
            if ema_kd is not None:
                post["kd"] = f"{ema_kd:.3f}"
            bar.set_postfix(post)
        if step % c["ckpt_every"] == 0:
            save_ckpt()
            vl = val_loss(model, vsrc[:256], vtgt[:256], c["batch_size"])
            print(f"[{a.role}] step {step} ce {ema:.4f}" + (f" kd {ema_kd:.4f}" if ema_kd is not None else "")
                  + f" val_ce {vl:.4f} lr {lr:.2e} epoch {epoch} elapsed {elapsed_prev + time.time() - start:.0f}s",
                  flush=True)
    bar.close()
    save_ckpt()
    vl = val_loss(model, vsrc, vtgt, c["batch_size"])
    total = elapsed_prev + time.time() - start
    print(f"[{a.role}] done: {step} steps, epoch {epoch}, {total:.0f}s train time, final val_ce {vl:.4f}", flush=True)
    final = os.path.join(out_dir, "final")
    model.save_pretrained(final, safe_serialization=True)
    tok.save_pretrained(final)
    json.dump({"role": a.role, "steps": step, "epochs_done": epoch, "train_seconds": round(total, 1),
               "val_ce": vl, "parameters": nparams, "config": c},
              open(os.path.join(out_dir, "train_summary.json"), "w"), indent=2)


if __name__ == "__main__":
    main()
