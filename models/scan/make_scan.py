"""Writes models/artifacts/scan/scan.onnx: one MatMulInteger node, int8 rows [n, d] times an int8 query
[d, 1] -> int32 scores [n, 1]. Product vector scans run it through onnxruntime-node
(retrieval/semantic/vectorScan.ts): native integer dot products over vectors read in place.

usage: python models/scan/make_scan.py   (needs the `onnx` package of models/nlu/requirements)
"""
from pathlib import Path

import onnx
from onnx import TensorProto, helper

OUT = Path(__file__).resolve().parents[1] / "artifacts" / "scan" / "scan.onnx"


def main() -> None:
    rows = helper.make_tensor_value_info("rows", TensorProto.INT8, ["n", "d"])
    query = helper.make_tensor_value_info("query", TensorProto.INT8, ["d", 1])
    scores = helper.make_tensor_value_info("scores", TensorProto.INT32, ["n", 1])
    graph = helper.make_graph([helper.make_node("MatMulInteger", ["rows", "query"], ["scores"])], "vector_scan", [rows, query], [scores])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="make_scan.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
