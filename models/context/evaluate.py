"""Measure the exported context decoder as the runtime runs it (NLU encoder `hidden` output, int8
decoder, greedy, one conversation at a time, one thread) on the generated test split's context
rows, seen and held-out phrasing, beside the shipped T5 student on the same rows; write the
golden file the TypeScript runtime must reproduce.

  python evaluate.py --art ../artifacts/context --data ../data/generated --run runs/full/decoder \
      --metrics ../metrics.json --golden golden.jsonl [--per-part 400]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from tqdm import tqdm

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "training"))
from ort_t5 import OrtT5  # noqa: E402
from states import PREFIX, nlu_session, source_ids, tokenizer  # noqa: E402
from text import EOS, TaskText  # noqa: E402

MAX_NEW = 48
GOLDEN_PER_PART = 20


class ContextDecoder:
    """The runtime's path in Python: conversation -> NLU `hidden` -> greedy decoder -> task sentence."""

    def __init__(self, art: Path, onnx_dir: Path, quantized: bool):
        self.tok = tokenizer()
        self.nlu = nlu_session(1)
        self.dec = OrtT5(str(onnx_dir), quantized=quantized, threads=1, encoder=False)
        self.text = TaskText(self.tok, json.loads((art / "subvocab.json").read_text())["wordpiece_ids"],
                             json.loads((art / "casing.json").read_text()))

    def ids(self, conversation: str) -> list[int]:
        src = source_ids(self.tok, [conversation])[0]
        ii = np.array([src], dtype=np.int64)
        am = np.ones_like(ii)
        hs = self.nlu.run(["hidden"], {"input_ids": ii, "attention_mask": am, "token_type_ids": np.zeros_like(ii)})[0]
        out = self.dec.decode(hs, am, MAX_NEW)[0]
        return out[:-1] if out and out[-1] == EOS else out  # as the runtime returns them: without the end

    def __call__(self, conversation: str) -> str:
        return self.text(self.ids(conversation))


def test_rows(path: Path, per_part: int) -> list[dict]:
    """The first `per_part` context rows of each part, in file order (as models/training/evaluate.py takes them)."""
    rows, seen = [], {"seen": 0, "heldout": 0}
    for r in map(json.loads, open(path)):
        part = "heldout" if r.get("heldout") else "seen"
        if r["task"] == "context" and seen[part] < per_part:
            rows.append(r)
            seen[part] += 1
    return rows


def score(rows: list[dict], preds: list[str]) -> dict:
    out = {}
    for part in ("seen", "heldout"):
        hits = [p == r["target"] for r, p in zip(rows, preds) if bool(r.get("heldout")) == (part == "heldout")]
        out[part] = {"n": len(hits), "exact_match": round(sum(hits) / max(1, len(hits)), 4)}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--art", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--run", required=True)
    ap.add_argument("--metrics", required=True)
    ap.add_argument("--golden", required=True)
    ap.add_argument("--student", default=str(HERE.parent / "artifacts/student"))
    ap.add_argument("--per-part", type=int, default=400)
    a = ap.parse_args()
    art = Path(a.art)
    rows = test_rows(Path(a.data) / "test.jsonl", a.per_part)
    convs = [r["input"][len(PREFIX):] for r in rows]
    result = {}
    for name, onnx_dir, quantized in (("int8", art / "onnx", True), ("fp32", Path(str(art).rstrip("/") + "-full"), False)):
        if not quantized and not (onnx_dir / "decoder_model_merged.onnx").exists():
            continue
        model = ContextDecoder(art, onnx_dir, quantized)
        t0 = time.perf_counter()
        preds = [model(c) for c in tqdm(convs, desc=f"context decoder {name}", mininterval=10)]
        ms = (time.perf_counter() - t0) * 1000 / len(convs)
        result[name] = {**score(rows, preds), "latency_ms_per_example": round(ms, 2)}
        if quantized:
            errors = [{"input": r["input"], "target": r["target"], "pred": p, "heldout": bool(r.get("heldout"))} for r, p in zip(rows, preds) if p != r["target"]]
            Path(a.run, "errors.jsonl").write_text("".join(json.dumps(e) + "\n" for e in errors))
            golden = [r for part in (False, True) for r in [x for x in rows if bool(x.get("heldout")) == part][:GOLDEN_PER_PART]]
            with open(a.golden, "w") as f:
                for r in golden:
                    c = r["input"][len(PREFIX):]
                    ids = model.ids(c)
                    f.write(json.dumps({"conversation": c, "source_ids": source_ids(model.tok, [c])[0], "ids": ids, "text": model.text(ids),
                                        "heldout": bool(r.get("heldout"))}) + "\n")
    # The shipped T5 student on the same rows (its own encoder and tokenizer), for the comparison.
    from transformers import AutoTokenizer
    stok = AutoTokenizer.from_pretrained(a.student)
    student = OrtT5(str(Path(a.student) / "onnx"), quantized=True, threads=1)
    t0 = time.perf_counter()
    preds = [stok.decode(student.generate([stok(r["input"], truncation=True, max_length=256).input_ids], MAX_NEW)[0], skip_special_tokens=True)
             for r in tqdm(rows, desc="T5 student int8", mininterval=10)]
    ms = (time.perf_counter() - t0) * 1000 / len(rows)
    result["t5_student_int8"] = {**score(rows, preds), "latency_ms_per_example": round(ms, 2)}
    result["training"] = json.loads(Path(a.run, "train_summary.json").read_text())
    result["size_bytes"] = json.loads((art / "manifest.json").read_text())["total_bytes"]
    metrics = json.loads(Path(a.metrics).read_text()) if Path(a.metrics).exists() else {}
    metrics["context_decoder"] = result
    Path(a.metrics).write_text(json.dumps(metrics, indent=1))
    print(json.dumps({k: v for k, v in result.items() if k != "training"}, indent=1))


if __name__ == "__main__":
    main()
