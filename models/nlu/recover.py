"""Recover trainable fp32 weights from the shipped int8 ONNX understanding encoder, so a further
training round can start from the model that ships (its fp32 checkpoints are too large to commit).

The int8 file keeps every parameter: MatMul weights as int8 with one scale and zero point per
tensor (dequantized here: (q - zero_point) * scale), the rest in fp32. ONNX names MatMul weights by
graph position (onnx::MatMul_1083), so a fresh model is exported the same way and each of its
initializers matched by value to the torch parameter it holds (or its transpose).

usage: python models/nlu/recover.py --onnx models/artifacts/nlu/model_quantized.onnx --out RUN/recovered.pt [--metrics models/metrics.json]
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from export import OUTPUTS, Exported, onnx_session
from nlu_model import Labels, MultitaskEncoder, load_base


def shipped_tensors(path: Path) -> dict[str, np.ndarray]:
    """Every initializer of the int8 file as fp32, under its fp32 name."""
    inits = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(path)).graph.initializer}
    out: dict[str, np.ndarray] = {}
    for name, value in inits.items():
        if name.endswith("_quantized"):
            base = name[: -len("_quantized")]
            scale, zero = inits[f"{base}_scale"], inits[f"{base}_zero_point"]
            out[base] = (value.astype(np.float32) - zero.astype(np.float32)) * scale.astype(np.float32)
        elif value.dtype == np.float32 and not name.endswith("_scale"):
            out[name] = value
    return out


def onnx_names(model: MultitaskEncoder, tok) -> dict[str, tuple[str, bool]]:
    """onnx initializer name -> (torch parameter name, stored transposed), from a fresh export."""
    params = {n: p.detach().numpy() for n, p in model.state_dict().items()}
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "fresh.onnx"
        enc = tok(["a black shirt size m"], ["asked size"], return_tensors="pt")
        torch.onnx.export(Exported(model), (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]), str(f),
                          input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=OUTPUTS,
                          dynamic_axes={n: {0: "batch", 1: "seq"} for n in ["input_ids", "attention_mask", "token_type_ids", "tag_logits"]},
                          opset_version=14)
        fresh = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(f)).graph.initializer}
    mapping: dict[str, tuple[str, bool]] = {}
    for name, value in fresh.items():
        direct = name[2:] if name.startswith("m.") else None  # Exported wraps the model as .m
        if direct in params:
            mapping[name] = (direct, False)
            continue
        for pname, p in params.items():
            if p.shape == value.shape and np.array_equal(p, value):
                mapping[name] = (pname, False)
                break
            if p.ndim == 2 and p.T.shape == value.shape and np.array_equal(p.T, value):
                mapping[name] = (pname, True)
                break
    return mapping


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--labels", help="labels.json beside the ONNX file (default: the same folder)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--metrics", help="the metrics file that records the shipped model's training (kept beside --out for export --continued)")
    a = ap.parse_args()
    src = Path(a.onnx)
    lj = json.loads(Path(a.labels or src.parent / "labels.json").read_text())
    labels = Labels(lj["intents"], lj["sentiments"], lj["categories"], lj["tags"])
    if labels != Labels.from_contract():
        raise SystemExit("the shipped labels differ from contract/nlu.json: retrain from the pretrained encoder instead")
    tok, base = load_base()
    model = MultitaskEncoder(base, labels).eval()
    mapping = onnx_names(model, tok)
    shipped = shipped_tensors(src)
    state = model.state_dict()
    done: set[str] = set()
    for oname, (pname, transposed) in mapping.items():
        if oname not in shipped:
            continue
        v = shipped[oname].T if transposed else shipped[oname]
        if v.shape != tuple(state[pname].shape) and v.T.shape == tuple(state[pname].shape):
            v = v.T  # quantization turns a Gemm (transB) into a MatMul on the transposed weight
        state[pname] = torch.from_numpy(np.ascontiguousarray(v)).to(state[pname].dtype)
        done.add(pname)
    # The BERT pooler is not in the graph (the heads read mean-pooled hidden states): it keeps its pretrained values.
    missing = [n for n in state if n not in done and not n.endswith("position_ids") and not n.startswith("encoder.pooler.")]
    if missing:
        raise SystemExit(f"no shipped value for {len(missing)} parameters, e.g. {missing[:5]}")
    model.load_state_dict(state)
    # The recovered model must read as the shipped file does.
    sess = onnx_session(src)
    texts = [("black running shoes size 9", "nothing pending"), ("where's my order", "nothing pending"), ("yes please", "offered nike men black shoes")]
    worst = 0.0
    for t, c in texts:
        enc = tok(t, c, return_tensors="pt")
        with torch.no_grad():
            mine = model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
        theirs = sess.run(["intent_logits", "tag_logits"], {k: enc[k].numpy() for k in ["input_ids", "attention_mask", "token_type_ids"]})
        worst = max(worst, float(np.abs(mine["intent"].numpy() - theirs[0]).max()), float(np.abs(mine["tags"].numpy() - theirs[1]).max()))
        if int(mine["intent"].argmax()) != int(theirs[0].argmax()):
            raise SystemExit(f"recovered model reads {t!r} differently from the shipped file")
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), out)
    if a.metrics:
        record = json.loads(Path(a.metrics).read_text()).get("nlu", {}).get("training", {}).get("log", [])
        out.with_suffix(".training.json").write_text(json.dumps(record))
    print(f"recovered {len(done)} parameters from {src} -> {out} (largest logit difference to the int8 file {worst:.3f})")


if __name__ == "__main__":
    main()
