"""Export the context decoder: ONNX (the merged decoder with KV cache, as models/training exports
the T5 students, log-softmax appended), int8, with the sub-vocabulary and casing it writes in.
The encoder is not exported: the runtime reads the conversation with the shipped NLU model's
`hidden` output.

  python export.py --run runs/full/decoder --states runs/full/states --out ../artifacts/context
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "training"))
from export import DECODER_LOGITS, append_log_softmax, manifest, quantize  # noqa: E402

MAX_BYTES = 10 * 1000 * 1000  # the models issue's budget for shipped T5 files


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--states", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    from optimum.exporters.onnx import main_export
    final, out = Path(a.run) / "final", Path(a.out)
    tmp = Path(tempfile.mkdtemp(prefix="ctxexport_"))
    main_export(str(final), output=str(tmp), task="text2text-generation-with-past", opset=14, device="cpu",
                do_validation=False, no_post_process=False, legacy=False)
    fp32 = tmp / "decoder_model_merged.onnx"
    append_log_softmax(str(fp32))
    shutil.rmtree(out, ignore_errors=True)
    (out / "onnx").mkdir(parents=True)
    quantize(str(fp32), str(out / "onnx/decoder_model_merged_quantized.onnx"))
    full = Path(str(out).rstrip("/") + "-full")  # git-ignored: the fp32 decoder, for comparison
    full.mkdir(parents=True, exist_ok=True)
    shutil.copy(fp32, full / "decoder_model_merged.onnx")
    shutil.rmtree(tmp, ignore_errors=True)
    cfg = json.loads((final / "config.json").read_text())
    cfg.pop("_name_or_path", None)
    (out / "config.json").write_text(json.dumps(cfg, indent=2))
    for f in ("subvocab.json", "casing.json"):
        shutil.copy(Path(a.states) / f, out / f)
    summary = json.loads((Path(a.run) / "train_summary.json").read_text())
    from states import MAX_SRC
    from states import NLU
    encoder_sha = json.loads((NLU / "manifest.json").read_text())["files"]["model_quantized.onnx"]["sha256"]
    m = manifest(str(out), {"role": "context decoder", "encoder": "models/artifacts/nlu (output `hidden`)", "encoder_sha256": encoder_sha, "max_source_tokens": MAX_SRC,
                            "quantization": "onnxruntime quantize_dynamic QInt8 (weights), per-tensor",
                            "parameters_trained": summary["parameters_trained"], **DECODER_LOGITS})
    print(f"[export] context decoder: {m['total_bytes'] / 1e6:.2f} MB in {out}", flush=True)
    if m["total_bytes"] > MAX_BYTES:
        raise SystemExit(f"context decoder artifact {m['total_bytes']} bytes exceeds {MAX_BYTES}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
