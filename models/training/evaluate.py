#!/usr/bin/env python3
"""Evaluate teacher (PyTorch), student fp32 (ONNX) and student int8 (ONNX) on the test split.

Every metric is reported on two parts of the test split: `seen` rows use only sentence frames
and values that train also uses, `heldout` rows use at least one held-out frame or value
(generate_data.py's holdouts). Tasks: ask question (slot_filler, exact match), translate context
(exact match), generate response (placeholders correct: every placeholder is one the retrieval
fills, the price is stated when retrieved, no number invented; placeholders exact: the same
placeholders as the reference; BLEU and chrF).

Writes metrics.json ({"teacher": {...}, "student_fp32": {...}, "student_int8": {...},
"training": {...}}) and a Markdown table into README.md (between <!-- metrics:start --> and
<!-- metrics:end -->). All decoding is greedy (the ONNX models through ort_t5.OrtT5, our own
loop with KV cache).
"""
import argparse
import json
import os
import re
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from ort_t5 import TASKS, OrtT5  # noqa: E402


PARTS = ("seen", "heldout")


def load_test(path, per_part):
    """Up to per_part rows of each task for each part (seen / held-out phrasing)."""
    by, part = {}, {}
    for line in open(path):
        r = json.loads(line)
        k = "heldout" if r.get("heldout") else "seen"
        lst = by.setdefault(r["task"], [])
        if sum(1 for x in part.get(r["task"], []) if x == k) < per_part:
            lst.append(r)
            part.setdefault(r["task"], []).append(k)
    return by


PLACEHOLDER = re.compile(r"<[A-Z]+>")


def placeholders_exact(pred, ref):
    """The reply uses exactly the reference's placeholders (the generator picks among templates that
    use different ones, so this is stricter than what the runtime needs)."""
    return sorted(PLACEHOLDER.findall(pred)) == sorted(PLACEHOLDER.findall(ref))


def placeholders_correct(pred, inp):
    """What the runtime needs: every placeholder is one the retrieval fills (an unfillable one makes
    the reply unusable), the price is stated when one was retrieved, and no number is invented."""
    retrieved = inp.split("Retrieved:", 1)[-1]
    offered = set(PLACEHOLDER.findall(retrieved))
    used = set(PLACEHOLDER.findall(pred))
    invented = set(re.findall(r"\d+", PLACEHOLDER.sub("", pred))) - set(re.findall(r"\d+", inp))
    return used <= offered and ("<PRICE>" not in offered or "<PRICE>" in used) and not invented


def score_rows(rows, preds):
    import sacrebleu
    m = {}
    for part in PARTS + ("all",):
        idx = [i for i, r in enumerate(rows) if part == "all" or ("heldout" if r.get("heldout") else "seen") == part]
        p = [preds[i] for i in idx]
        refs = [rows[i]["target"] for i in idx]
        if not idx:
            continue
        m[part] = {"n": len(idx), "exact_match": round(float(np.mean([a == b for a, b in zip(p, refs)])), 4)}
        if rows[0]["task"] == "response":
            inputs = [rows[i]["input"] for i in idx]
            m[part]["placeholders_correct"] = round(float(np.mean([placeholders_correct(a, x) for a, x in zip(p, inputs)])), 4)
            m[part]["placeholders_exact"] = round(float(np.mean([placeholders_exact(a, b) for a, b in zip(p, refs)])), 4)
            m[part]["bleu"] = round(sacrebleu.corpus_bleu(p, [refs]).score, 2)
            m[part]["chrf"] = round(sacrebleu.corpus_chrf(p, [refs]).score, 2)
    return m


def score(by, preds):
    return {t: score_rows(by[t], preds[t]) for t in by}


def batched(items, bs):
    order = sorted(range(len(items)), key=lambda i: len(items[i]))
    for k in range(0, len(order), bs):
        yield order[k:k + bs]


def run_onnx(model, tok, by, bs):
    preds = {}
    for task, rows in by.items():
        ids = [tok(r["input"], truncation=True, max_length=256).input_ids for r in rows]
        out = [None] * len(rows)
        for b in batched(ids, bs):
            gen = model.generate([ids[i] for i in b], TASKS[task]["max_new_tokens"])
            for i, g in zip(b, gen):
                out[i] = tok.decode(g, skip_special_tokens=True)
        preds[task] = out
    return preds


@torch.no_grad()
def run_torch(model, tok, by, bs):
    preds = {}
    for task, rows in by.items():
        ids = [tok(r["input"], truncation=True, max_length=256).input_ids for r in rows]
        out = [None] * len(rows)
        for b in batched(ids, bs):
            L = max(len(ids[i]) for i in b)
            x = torch.zeros(len(b), L, dtype=torch.long)
            for r, i in enumerate(b):
                x[r, :len(ids[i])] = torch.tensor(ids[i])
            g = model.generate(input_ids=x, attention_mask=(x != 0).long(), num_beams=1, do_sample=False,
                               max_new_tokens=TASKS[task]["max_new_tokens"], decoder_start_token_id=0,
                               eos_token_id=1, pad_token_id=0)
            for r, i in enumerate(b):
                out[i] = tok.decode(g[r], skip_special_tokens=True)
        preds[task] = out
    return preds


def latency(fn, samples):
    t = time.perf_counter()
    for s in samples:
        fn(s)
    return round((time.perf_counter() - t) / len(samples) * 1000, 2)


def dir_size(d, suffix):
    return sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d) if f.endswith(suffix))


COLUMNS = [("ask question EM", "slot_filler", "exact_match"), ("context EM", "context", "exact_match"),
           ("response placeholders correct", "response", "placeholders_correct"),
           ("response placeholders exact", "response", "placeholders_exact"), ("response BLEU", "response", "bleu"),
           ("response chrF", "response", "chrf")]


def table(metrics):
    head = "| model | " + " | ".join(f"{c[0]} seen / held-out" for c in COLUMNS) + " | size (MB) | params (M) | latency greedy (ms/example) |"
    lines = [head, "|" + "---|" * (len(COLUMNS) + 4)]
    for name, m in metrics.items():
        if name == "training":
            continue
        def cell(task, key):
            v = [m[task][p][key] for p in PARTS if p in m[task]]
            return " / ".join(f"{x:.1f}" if key in ("bleu", "chrf") else f"{x:.3f}" for x in v)
        lines.append(f"| {name} | " + " | ".join(cell(t, k) for _, t, k in COLUMNS) +
                     f" | {m['size_bytes'] / 1e6:.1f} | {m['parameters'] / 1e6:.2f} | {m.get('latency_ms_per_example', '')} |")
    return "\n".join(lines)


def training_table(training):
    lines = ["| role | steps | epochs (smallest task) | train time | final validation CE (per task) |", "|---|---|---|---|---|"]
    for role, t in training.items():
        vl = ", ".join(f"{k} {v:.3f}" for k, v in t["val_ce"].items())
        lines.append(f"| {role} | {t['steps']} | {t['epochs']} | {t['train_seconds'] / 60:.0f} min | {vl} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--run", required=True)
    ap.add_argument("--art", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--readme", required=True)
    a = ap.parse_args()
    torch.set_num_threads(1)
    cfg = json.load(open(a.config))["eval"]
    from transformers import AutoTokenizer, T5ForConditionalGeneration
    tok = AutoTokenizer.from_pretrained(os.path.join(a.art, "student"))
    by = load_test(os.path.join(a.data, "test.jsonl"), cfg["per_task"] // 2)
    n = sum(len(v) for v in by.values())
    print(f"[eval] {n} test examples ({', '.join(f'{k}:{len(v)}' for k, v in by.items())})", flush=True)
    full = a.art.rstrip("/") + "-full"
    lat_samples = []
    for t, rows in by.items():
        lat_samples += [(t, tok(r["input"]).input_ids) for r in rows[:6]]
    metrics, all_preds = {}, {}

    t0 = time.time()
    teacher = T5ForConditionalGeneration.from_pretrained(os.path.join(a.run, "teacher", "final")).eval()
    p = run_torch(teacher, tok, by, cfg["batch_size"])
    m = score(by, p)
    m["size_bytes"] = os.path.getsize(os.path.join(a.run, "teacher", "final", "model.safetensors"))
    m["parameters"] = sum(x.numel() for x in teacher.parameters())
    m["latency_ms_per_example"] = latency(
        lambda s: teacher.generate(input_ids=torch.tensor([s[1]]), num_beams=1, max_new_tokens=TASKS[s[0]]["max_new_tokens"],
                                   decoder_start_token_id=0, eos_token_id=1, pad_token_id=0), lat_samples)
    metrics["teacher"], all_preds["teacher"] = m, p
    print(f"[eval] teacher (pytorch) in {time.time() - t0:.0f}s: {json.dumps(m)}", flush=True)

    student_pt = T5ForConditionalGeneration.from_pretrained(os.path.join(a.run, "student", "final"))
    nparams = sum(x.numel() for x in student_pt.parameters())
    for name, d, q in (("student_fp32", os.path.join(full, "student", "onnx"), False),
                       ("student_int8", os.path.join(a.art, "student", "onnx"), True)):
        t0 = time.time()
        model = OrtT5(d, quantized=q, threads=1)
        p = run_onnx(model, tok, by, cfg["batch_size"])
        m = score(by, p)
        m["size_bytes"] = dir_size(d, "_quantized.onnx" if q else "model.onnx") if q else \
            os.path.getsize(os.path.join(d, "encoder_model.onnx")) + os.path.getsize(os.path.join(d, "decoder_model_merged.onnx"))
        m["parameters"] = nparams
        m["latency_ms_per_example"] = latency(lambda s: model.generate([s[1]], TASKS[s[0]]["max_new_tokens"]), lat_samples)
        metrics[name], all_preds[name] = m, p
        print(f"[eval] {name} (onnxruntime) in {time.time() - t0:.0f}s: {json.dumps(m)}", flush=True)

    # parity check of our ONNX greedy loop against PyTorch generate for the same (fp32) student
    sub = {t: rows[:25] for t, rows in by.items()}
    ref = run_torch(student_pt.eval(), tok, sub, 25)
    agree = np.mean([ref[t][i] == all_preds["student_fp32"][t][i] for t in sub for i in range(len(sub[t]))])
    print(f"[eval] parity student fp32 onnx loop vs pytorch generate: {agree:.3f} agreement", flush=True)

    # seed behaviours
    seeds = [("slot_filler", "ask question: User: I want to buy a blue jacket."),
             ("context", "translate context: User: I'm looking for a shirt | Bot: Do you have a preferred brand? | User: Adidas | "
                         "Bot: What color do you prefer? | User: Yellow | Bot: What material or style do you prefer? | User: In size XL"),
             ("response", "generate response: I'm looking for a denim jacket in size S. Intent: find_product. Slots: product_type=Jackets, "
                          "size=S, features=denim. Retrieved: available=<AVAILABLE>, price=<PRICE>, size=<SIZE>, features=denim"),
]
    model = OrtT5(os.path.join(a.art, "student", "onnx"), quantized=True)
    seed_out = []
    for t, s in seeds:
        o = tok.decode(model.generate([tok(s).input_ids], TASKS[t]["max_new_tokens"])[0], skip_special_tokens=True)
        seed_out.append({"task": t, "input": s, "output": o})
        print(f"[eval] seed {t}: {o}", flush=True)

    training = {}
    for role in ("teacher", "student"):
        t = json.load(open(os.path.join(a.run, role, "train_summary.json")))
        training[role] = {k: t[k] for k in ("steps", "epochs", "train_seconds", "val_ce", "parameters", "optimizer")}
        training[role]["val_ce_history"] = [{k: h[k] for k in ("step", "train_ce", "val_ce")} for h in t["history"]]
    metrics["training"] = training
    # metrics.json is shared: the understanding encoder's pipeline keeps its numbers under "nlu".
    out = json.load(open(a.out)) if os.path.exists(a.out) else {}
    for k in ("teacher", "student_fp32", "student_int8", "training"):
        out.pop(k, None)
    out = {**{k: v for k, v in metrics.items()}, **out}
    json.dump(out, open(a.out, "w"), indent=2)
    # error samples for inspection (git-ignored run dir)
    errs = {t: [{"input": r["input"], "target": r["target"], "pred": all_preds["student_int8"][t][i], "heldout": r.get("heldout")}
                for i, r in enumerate(by[t]) if all_preds["student_int8"][t][i] != r["target"]][:40] for t in by}
    json.dump({"errors_student_int8": errs, "seeds": seed_out, "parity_fp32_vs_pytorch": agree},
              open(os.path.join(a.run, "eval_details.json"), "w"), indent=1)
    md = table(metrics)
    block = ("<!-- metrics:start -->\n"
             f"Greedy decoding on the generated test split ({n} examples: up to {cfg['per_task'] // 2} per task with seen "
             "phrasing and as many with held-out frames or values). Latency: batch 1, one CPU thread.\n\n" + md + "\n\n"
             "Training (step-based, one thread; validation CE per task on the validation split):\n\n" + training_table(training) + "\n\n"
             "Seed behaviours (student int8):\n\n" +
             "\n".join(f"- `{s['input'][:90]}{'...' if len(s['input']) > 90 else ''}` -> `{s['output']}`" for s in seed_out) +
             "\n<!-- metrics:end -->")
    text = open(a.readme).read() if os.path.exists(a.readme) else "# Models\n\n"
    if "<!-- metrics:start -->" in text:
        text = re.sub(r"<!-- metrics:start -->.*<!-- metrics:end -->", lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n## Metrics\n\n" + block + "\n"
    open(a.readme, "w").write(text)
    print(md)


if __name__ == "__main__":
    main()
