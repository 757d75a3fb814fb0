"""Encoder states for `translate context`: every conversation of the generated data read once by the
shipped NLU encoder (its `hidden` output), saved in fp16 with the target ids in the decoder's
sub-vocabulary. The encoder stays frozen, so the states are computed once, not at every step.

  python states.py --data ../data/generated --out runs/full/states [--config ../training/configs/full.json]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from tokenizers import Tokenizer
from tqdm import tqdm

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from text import ROOT, UNK, EOS, casing, sub_vocabulary  # noqa: E402

NLU = ROOT / "models/artifacts/nlu"
PREFIX = "translate context: "
MAX_SRC = 128  # encoder tokens of a conversation (longer ones keep their start and end)


def nlu_session(threads: int) -> ort.InferenceSession:
    manifest = json.loads((NLU / "manifest.json").read_text())
    if "hidden" not in manifest.get("outputs", []):
        raise SystemExit("the shipped NLU model has no `hidden` output: models/nlu/export.py --expose-hidden")
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    return ort.InferenceSession(str(NLU / "model_quantized.onnx"), so, providers=["CPUExecutionProvider"])


def tokenizer() -> Tokenizer:
    tok = Tokenizer.from_file(str(NLU / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def source_ids(tok: Tokenizer, texts: list[str]) -> list[list[int]]:
    """[CLS] conversation [SEP] as WordPiece ids (the task prefix dropped: the decoder does one task)."""
    out = []
    for enc in tok.encode_batch([t[len(PREFIX):] if t.startswith(PREFIX) else t for t in texts], add_special_tokens=True):
        ids = enc.ids
        out.append(ids if len(ids) <= MAX_SRC else ids[: MAX_SRC // 2] + ids[len(ids) - MAX_SRC // 2:])
    return out


def encode(sess: ort.InferenceSession, rows: list[list[int]], batch: int = 64, desc: str = "") -> list[torch.Tensor]:
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    states: list[torch.Tensor] = [torch.empty(0)] * len(rows)
    for b in tqdm(range(0, len(order), batch), desc=desc, disable=not desc, mininterval=5):
        idx = order[b: b + batch]
        width = max(len(rows[i]) for i in idx)
        ii = np.zeros((len(idx), width), np.int64)
        am = np.zeros_like(ii)
        for j, i in enumerate(idx):
            ii[j, : len(rows[i])] = rows[i]
            am[j, : len(rows[i])] = 1
        h = sess.run(["hidden"], {"input_ids": ii, "attention_mask": am, "token_type_ids": np.zeros_like(ii)})[0]
        for j, i in enumerate(idx):
            states[i] = torch.from_numpy(h[j, : len(rows[i])].astype(np.float16))
    return states


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--config", help="pipeline config: its context_decoder max_train / max_eval")
    ap.add_argument("--max-train", type=int, default=50000)
    ap.add_argument("--max-eval", type=int, default=0, help="validation/test rows kept (0: all)")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    if a.config:
        cfg = json.load(open(a.config))["context_decoder"]
        a.max_train, a.max_eval = cfg.get("max_train", a.max_train), cfg.get("max_eval", a.max_eval)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    tok = tokenizer()
    rows = {}
    for split in ("train", "validation", "test"):
        rs = [r for r in map(json.loads, open(Path(a.data) / f"{split}.jsonl")) if r["task"] == "context"]
        cap = a.max_train if split == "train" else a.max_eval
        rows[split] = rs[:cap] if cap else rs
    targets = [r["target"] for r in rows["train"]]
    sub = sub_vocabulary(tok, targets)
    (out / "subvocab.json").write_text(json.dumps({"wordpiece_ids": sub}))
    (out / "casing.json").write_text(json.dumps(casing(targets), indent=0))
    to_sub = {w: i for i, w in enumerate(sub)}
    print(f"[states] sub-vocabulary {len(sub)} pieces", flush=True)
    sess = nlu_session(a.threads)
    for split, rs in rows.items():
        t0 = time.time()
        states = encode(sess, source_ids(tok, [r["input"] for r in rs]), desc=f"states {split}")
        tgts, outside = [], 0
        for enc in tok.encode_batch([r["target"] for r in rs], add_special_tokens=False):
            outside += sum(1 for x in enc.ids if x not in to_sub)
            tgts.append(torch.tensor([to_sub.get(x, UNK) for x in enc.ids] + [EOS], dtype=torch.int16))
        torch.save({"states": states, "targets": tgts, "rows": rs}, out / f"{split}.pt")
        print(f"[states] {split}: {len(rs)} rows in {time.time() - t0:.0f}s; target pieces outside the sub-vocabulary: {outside}", flush=True)


if __name__ == "__main__":
    main()
