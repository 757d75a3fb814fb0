#!/usr/bin/env python3
"""Evaluate teacher (PyTorch), student fp32 (ONNX) and student int8 (ONNX) on the test split.

Writes metrics.json ({"teacher": {...}, "student_fp32": {...}, "student_int8": {...}}) and a
Markdown table into README.md (between <!-- metrics:start --> and <!-- metrics:end -->).
All decoding is greedy (the ONNX models through ort_t5.OrtT5, our own loop with KV cache).
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


def load_test(path, per_task):
    by = {}
    for line in open(path):
        r = json.loads(line)
        lst = by.setdefault(r["task"], [])
        if len(lst) < per_task:
            lst.append(r)
    return by


def pairs(s):
    s = s.strip()
    if not s or s == "none":
        return set()
    out = set()
    for part in s.split(", "):
        if "=" not in part:
            out.add(("?", part.lower()))
            continue
        k, v = part.split("=", 1)
        if k == "features":
            for f in v.split("|"):
                out.add((k, f.strip().lower()))
        else:
            out.add((k.strip(), v.strip().lower()))
    return out


def feats(s):
    s = s.strip()
    return set() if not s or s == "none" else {f.strip().lower() for f in s.split(",")}


def prf(preds, golds, fn):
    tp = fp = fn_ = 0
    for p, g in zip(preds, golds):
        P, G = fn(p), fn(g)
        tp += len(P & G)
        fp += len(P - G)
        fn_ += len(G - P)
    pr = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn_) if tp + fn_ else 1.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return {"precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f1, 4)}


def score(by, preds):
    import sacrebleu
    m = {}
    acc = lambda t: round(float(np.mean([p == r["target"] for p, r in zip(preds[t], by[t])])), 4)
    m["intent"] = {"accuracy": acc("intent")}
    m["slots"] = prf(preds["slots"], [r["target"] for r in by["slots"]], pairs)
    m["category"] = {"accuracy": acc("category")}
    m["features"] = prf(preds["features"], [r["target"] for r in by["features"]], feats)
    m["slot_filler"] = {"exact_match": acc("slot_filler")}
    m["context"] = {"exact_match": acc("context")}
    refs = [r["target"] for r in by["response"]]
    m["response"] = {"bleu": round(sacrebleu.corpus_bleu(preds["response"], [refs]).score, 2),
                     "chrf": round(sacrebleu.corpus_chrf(preds["response"], [refs]).score, 2)}
    m["sentiment"] = {"accuracy": acc("sentiment")}
    return m


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


def table(metrics):
    cols = [("intent acc", "intent", "accuracy"), ("slots F1", "slots", "f1"), ("category acc", "category", "accuracy"),
            ("features F1", "features", "f1"), ("slot filler EM", "slot_filler", "exact_match"),
            ("context EM", "context", "exact_match"), ("response BLEU", "response", "bleu"),
            ("response chrF", "response", "chrf"), ("sentiment acc", "sentiment", "accuracy")]
    head = "| model | " + " | ".join(c[0] for c in cols) + " | size (MB) | params (M) | latency (ms/example) |"
    sep = "|" + "---|" * (len(cols) + 4)
    lines = [head, sep]
    for name, m in metrics.items():
        vals = [f"{m[a][b]:.3f}" if b not in ("bleu", "chrf") else f"{m[a][b]:.1f}" for _, a, b in cols]
        lines.append(f"| {name} | " + " | ".join(vals) +
                     f" | {m['size_bytes'] / 1e6:.1f} | {m['parameters'] / 1e6:.2f} | {m.get('latency_ms_per_example', '')} |")
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
    torch.set_num_threads(2)
    cfg = json.load(open(a.config))["eval"]
    from transformers import AutoTokenizer, T5ForConditionalGeneration
    tok = AutoTokenizer.from_pretrained(os.path.join(a.art, "student"))
    by = load_test(os.path.join(a.data, "test.jsonl"), cfg["per_task"])
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
        model = OrtT5(d, quantized=q)
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
             ("intent", "classify intent: I want to buy a blue jacket."),
             ("slots", "extract slot: I want to buy a blue jacket.")]
    model = OrtT5(os.path.join(a.art, "student", "onnx"), quantized=True)
    seed_out = []
    for t, s in seeds:
        o = tok.decode(model.generate([tok(s).input_ids], TASKS[t]["max_new_tokens"])[0], skip_special_tokens=True)
        seed_out.append({"task": t, "input": s, "output": o})
        print(f"[eval] seed {t}: {o}", flush=True)

    out = {k: {kk: vv for kk, vv in v.items()} for k, v in metrics.items()}
    json.dump(out, open(a.out, "w"), indent=2)
    # error samples for inspection (git-ignored run dir)
    errs = {t: [{"input": r["input"], "target": r["target"], "pred": all_preds["student_int8"][t][i]}
                for i, r in enumerate(by[t]) if all_preds["student_int8"][t][i] != r["target"]][:40] for t in by}
    json.dump({"errors_student_int8": errs, "seeds": seed_out, "parity_fp32_vs_pytorch": agree},
              open(os.path.join(a.run, "eval_details.json"), "w"), indent=1)
    md = table(metrics)
    block = ("<!-- metrics:start -->\n"
             f"Greedy decoding on the generated test split ({n} examples, up to {cfg['per_task']} per task; "
             "held-out frames/values). Latency: batch 1, 2 CPU threads.\n\n" + md + "\n\n"
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
