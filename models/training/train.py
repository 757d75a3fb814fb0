#!/usr/bin/env python3
"""Train the multitask T5 teacher (random init) or distil the student from it.

  python train.py --config configs/full.json --role teacher --run runs/full [--resume]
  python train.py --config configs/full.json --role student --run runs/full [--resume]

The run directory holds tokenizer/, teacher/{ckpt.pt,final/}, student/{ckpt.pt,final/}.
The schedule is step based (warmup, constant, cosine decay to max_steps), never wall-clock
based, so a run means the same on a busy machine; `--budget-steps N` stops after N steps of this
invocation with a checkpoint, and `--resume` continues exactly (the batch of step s is a pure
function of the seed and s). `progress.json` in the role's directory says where a background run
is (step, steps/s, ETA, train and validation loss history).

Every batch holds the same number of rows of each task, drawn from per-task shuffled streams, and
the loss is a per-example mean (each example weighs the same whatever its target length), so a
long response does not outweigh a short question. Optimizer: Adafactor with scale_parameter=True
(updates relative to each weight's scale): with one AdamW rate T5's query weights grew 4-5x and
every attention head saturated (models issue).

Student loss = CE(labels) + alpha * T^2 * KL(teacher_T || student_T), the KL summed over the
vocabulary, averaged over each example's real (non-padding) positions, then over examples.
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
from transformers.optimization import Adafactor

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


class TaskStreams:
    """Even task sampling: batch s takes bs/len(tasks) rows of each task from that task's stream,
    reshuffled every pass. A row's place depends only on (seed, s), so resuming is exact."""

    def __init__(self, rows, bs, seed):
        self.by_task = {}
        for i, r in enumerate(rows):
            self.by_task.setdefault(r["task"], []).append(i)
        self.tasks = sorted(self.by_task)
        self.per = max(1, bs // len(self.tasks))
        self.seed = seed
        self.perms = {}

    def _perm(self, task, epoch):
        key = (task, epoch)
        if key not in self.perms:
            p = list(self.by_task[task])
            random.Random(f"{self.seed}:{task}:{epoch}").shuffle(p)
            self.perms = {k: v for k, v in self.perms.items() if k[0] != task}
            self.perms[key] = p
        return self.perms[key]

    def batch(self, step):
        ids = []
        for t in self.tasks:
            n = len(self.by_task[t])
            for j in range(self.per):
                k = step * self.per + j
                ids.append(self._perm(t, k // n)[k % n])
        random.Random(f"{self.seed}:order:{step}").shuffle(ids)
        return ids

    def epochs(self, step):
        """Passes over the smallest task's rows so far."""
        return step * self.per / min(len(v) for v in self.by_task.values())


def make_batches(src, tgt, bs, seed, epoch):
    """Length-sorted validation batches."""
    idx = sorted(range(len(src)), key=lambda j: (len(src[j]), len(tgt[j])))
    return [idx[k:k + bs] for k in range(0, len(idx), bs)]


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


def lr_at(c, step):
    """Linear warmup, constant, then cosine decay over the last `decay_frac` of max_steps."""
    if step < c["warmup"]:
        return c["lr"] * (step + 1) / c["warmup"]
    d = c.get("decay_frac", 0.4)
    progress = step / c["max_steps"]
    if progress < 1 - d:
        return c["lr"]
    return c["lr"] * max(0.03, 0.5 * (1 + math.cos(math.pi * min(1.0, (progress - (1 - d)) / d))))


def per_example_ce(logits, y):
    """Token cross-entropy averaged within each example, then over the batch."""
    tok = F.cross_entropy(logits.float().transpose(1, 2), y, ignore_index=-100, reduction="none")
    mask = (y != -100).float()
    return ((tok * mask).sum(1) / mask.sum(1).clamp(min=1)).mean()


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
def val_loss(model, vrows, vsrc, vtgt, bs):
    """Per-example validation cross-entropy, overall and per task."""
    model.eval()
    per_task = {}
    for ids in make_batches(vsrc, vtgt, bs, 0, 0):
        x, m, y = collate(ids, vsrc, vtgt)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            logits = model(input_ids=x, attention_mask=m, labels=y).logits.float()
        tok = F.cross_entropy(logits.transpose(1, 2), y, ignore_index=-100, reduction="none")
        mask = (y != -100).float()
        ex = (tok * mask).sum(1) / mask.sum(1).clamp(min=1)
        for i, v in zip(ids, ex.tolist()):
            per_task.setdefault(vrows[i]["task"], []).append(v)
    model.train()
    out = {t: round(sum(v) / len(v), 4) for t, v in sorted(per_task.items())}
    out["all"] = round(sum(sum(v) for v in per_task.values()) / max(1, sum(len(v) for v in per_task.values())), 4)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--role", choices=["teacher", "student"], required=True)
    ap.add_argument("--run", required=True)
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--budget-steps", type=int, default=None, help="stop after this many steps of this invocation (checkpointed; --resume continues)")
    ap.add_argument("--threads", type=int, default=1, help="one unless the machine is idle: two threads on a busy 2-core machine run ~10x slower")
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
    rows, src, tgt = load_split(os.path.join(a.data, "train.jsonl"), tok, c["max_src_len"], c["max_tgt_len"])
    vrows, vsrc, vtgt = load_split(os.path.join(a.data, "validation.jsonl"), tok, c["max_src_len"], c["max_tgt_len"], limit=1024)
    streams = TaskStreams(rows, c["batch_size"], seed)
    print(f"[{a.role}] tokenized {len(src)} train / {len(vsrc)} val in {time.time() - t0:.1f}s; "
          f"{streams.per} rows of each of {streams.tasks} per batch", flush=True)

    model = T5ForConditionalGeneration(model_config(c, len(tok)))
    nparams = sum(p.numel() for p in model.parameters())
    print(f"[{a.role}] parameters: {nparams} ({nparams / 1e6:.2f}M)", flush=True)
    teacher = None
    # alpha 0 without teacher init trains the student on the labels alone: the baseline that shows what distillation adds.
    if a.role == "student" and (c.get("alpha", 0.5) > 0 or c.get("init_from_teacher", True)):
        teacher = T5ForConditionalGeneration.from_pretrained(os.path.join(a.run, "teacher", "final"))
        teacher.eval()
        for p in teacher.parameters():
            p.requires_grad_(False)
    ckpt = os.path.join(out_dir, "ckpt.pt")
    resuming = a.resume and os.path.exists(ckpt)
    if teacher is not None and c.get("init_from_teacher", True) and not resuming:
        init_from_teacher(model, teacher)
    opt = Adafactor(model.parameters(), lr=c["lr"], scale_parameter=True, relative_step=False, warmup_init=False,
                    clip_threshold=1.0, weight_decay=0.0)
    step, elapsed_prev, history = 0, 0.0, []
    if resuming:
        st = torch.load(ckpt, weights_only=False)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step, elapsed_prev, history = st["step"], st["elapsed"], st.get("history", [])
        print(f"[{a.role}] resumed from step {step} ({elapsed_prev:.0f}s)", flush=True)
    max_steps = c["max_steps"]
    stop_at = min(max_steps, step + a.budget_steps) if a.budget_steps else max_steps
    alpha, T = c.get("alpha", 0.5), c.get("temperature", 2.0)
    model.train()
    start, start_step = time.time(), step
    is_tty = sys.stderr.isatty()
    bar = tqdm(total=max_steps, initial=step, desc=a.role, mininterval=1 if is_tty else 30, file=sys.stderr)
    ema, ema_kd = None, None

    def elapsed():
        return elapsed_prev + time.time() - start

    def save_ckpt():
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                    "elapsed": elapsed(), "history": history}, ckpt + ".tmp")
        os.replace(ckpt + ".tmp", ckpt)

    def report(vl):
        rate = (step - start_step) / max(1e-6, time.time() - start)
        history.append({"step": step, "epoch": round(streams.epochs(step), 3), "train_ce": round(ema, 4),
                        **({"kd": round(ema_kd, 4)} if ema_kd is not None else {}), "val_ce": vl,
                        "lr": lr, "elapsed_s": round(elapsed())})
        prog = {"role": a.role, "step": step, "max_steps": max_steps, "stop_at": stop_at, "steps_per_s": round(rate, 2),
                "eta_s": round((stop_at - step) / rate) if rate > 0 else None, "history": history}
        with open(os.path.join(out_dir, "progress.json.tmp"), "w") as f:
            json.dump(prog, f, indent=1)
        os.replace(os.path.join(out_dir, "progress.json.tmp"), os.path.join(out_dir, "progress.json"))
        print(f"[{a.role}] step {step} ce {ema:.4f}" + (f" kd {ema_kd:.4f}" if ema_kd is not None else "")
              + f" val_ce {vl} lr {lr:.2e} epoch {streams.epochs(step):.2f} {rate:.2f} steps/s", flush=True)

    lr = lr_at(c, step)
    while step < stop_at:
        x, m, y = collate(streams.batch(step), src, tgt)
        lr = lr_at(c, step)
        for gparam in opt.param_groups:
            gparam["lr"] = lr
        with torch.autocast("cpu", dtype=torch.bfloat16):  # 1.6x faster per step on this CPU, measured
            out = model(input_ids=x, attention_mask=m, labels=y)
            if teacher is not None:
                with torch.no_grad():
                    tl = teacher(input_ids=x, attention_mask=m, labels=y).logits.float()
        ce = per_example_ce(out.logits, y)
        loss = ce
        if teacher is not None:
            sl = out.logits.float()
            mask = (y != -100).float()
            kl = F.kl_div(F.log_softmax(sl / T, -1), F.log_softmax(tl / T, -1), log_target=True, reduction="none").sum(-1)
            kd = ((kl * mask).sum(1) / mask.sum(1).clamp(min=1)).mean() * (T * T)
            loss = (1 - alpha) * ce + alpha * kd
            ema_kd = float(kd) if ema_kd is None else 0.98 * ema_kd + 0.02 * float(kd)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        ema = float(ce) if ema is None else 0.98 * ema + 0.02 * float(ce)
        bar.update(1)
        if step % 50 == 0:
            post = {"ce": f"{ema:.3f}", "lr": f"{lr:.2e}"}
            if ema_kd is not None:
                post["kd"] = f"{ema_kd:.3f}"
            bar.set_postfix(post)
        if step % c["ckpt_every"] == 0 and step < stop_at:
            save_ckpt()
            report(val_loss(model, vrows[:256], vsrc[:256], vtgt[:256], c["batch_size"])["all"])
    bar.close()
    vl = val_loss(model, vrows, vsrc, vtgt, c["batch_size"])
    report(vl["all"])
    save_ckpt()
    if step < max_steps:
        print(f"[{a.role}] paused at step {step} of {max_steps}: continue with --resume", flush=True)
        return
    print(f"[{a.role}] done: {step} steps, {streams.epochs(step):.2f} epochs, {elapsed():.0f}s train time, final val_ce {vl}", flush=True)
    final = os.path.join(out_dir, "final")
    model.save_pretrained(final, safe_serialization=True)
    tok.save_pretrained(final)
    json.dump({"role": a.role, "steps": step, "epochs": round(streams.epochs(step), 3), "train_seconds": round(elapsed(), 1),
               "val_ce": vl, "parameters": nparams, "optimizer": "Adafactor(scale_parameter=True)", "config": c,
               "history": history},
              open(os.path.join(out_dir, "train_summary.json"), "w"), indent=2)


if __name__ == "__main__":
    main()
