#!/usr/bin/env bash
# Understanding encoder pipeline: generate -> fine-tune (step-based, resumable) -> export ONNX + int8 -> evaluate.
# usage: models/nlu/pipeline.sh [full|continue|micro] [--resume] [--threads N]
#   full : four rounds: 80k generated examples (seed 13), 2500 steps from the pretrained encoder; then 60k fresh
#          examples (seed 29), 600 steps at a lower rate from round one's weights (1200 before the sentence-vector
#          loss made a step about 1.7x dearer); then 40k fresh examples (seed 41) of the generator as reworked from
#          the held-out split's and blind round 8's misses (waiting-for-my-order, greetings and goodbyes in more words, reasons that repeat an
#          excluded colour, "not fussy about the colour", "i'll take 2"), 700 steps at a lower rate; then 50k examples (seed 53)
#          of the generator as reworked from blind rounds 13-14 and the public suite's misses (an order command as the yes to an
#          offer, bare numbers as shoe sizes, usage words before the product, occasions, emoji, small talk before a request,
#          sarcastic complaints, greetings mid-conversation), 900 steps with the sentence-vector loss weighted 2; then 40k examples
#          (seed 67) of the generator as reworked from the held-out split's span errors and blind round 20 (filler words
#          tagged O, materials as features, in-law relatives, order commands and polite declines under an offer), 700 steps
#          at the same rate, then 500 more steps on the same examples at a lower rate. Writes models/artifacts/nlu,
#          models/metrics.json ("nlu"), models/nlu/golden.jsonl; the last round's test splits are models/nlu/data/test_*.
#   continue: the last two full rounds only, from the shipped int8 model's weights (recover.py dequantizes them; the
#          fp32 checkpoints of earlier rounds are too large to commit). Same outputs as full.
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
PYTHON="$PY" bash "$HERE/install_base.sh"
if [ "$MODE" = "full" ]; then
  # Rounds: seed, training examples, steps, encoder rate, head rate, warmup. Round one starts from the
  # pretrained encoder; each later round starts from the one before, on fresh data at a lower rate.
  ROUNDS=("13 80000 2500 8e-5 1e-3 150 1" "29 60000 600 5e-5 5e-4 50 1" "41 40000 700 3e-5 3e-4 50 1" "53 50000 900 3e-5 3e-4 50 2"
          "67 40000 700 3e-5 3e-4 50 2" "67 40000 500 2e-5 2e-4 30 2")
  ART="$MODELS/artifacts/nlu"; METRICS="$MODELS/metrics.json"; GOLDEN="$HERE/golden.jsonl"
elif [ "$MODE" = "continue" ]; then
  ROUNDS=("67 40000 700 3e-5 3e-4 50 2" "67 40000 500 2e-5 2e-4 30 2")
  ART="$MODELS/artifacts/nlu"; METRICS="$MODELS/metrics.json"; GOLDEN="$HERE/golden.jsonl"
else
  ROUNDS=("7 600 30 8e-5 1e-3 5 1")
  ART="$RUN/artifacts"; METRICS="$RUN/metrics.json"; GOLDEN="$RUN/golden.jsonl"
fi
cd "$HERE"
T0=$(date +%s)
INIT=()
if [ "$MODE" = "continue" ]; then
  [ -f "$RUN/recovered.pt" ] || "$PY" recover.py --onnx "$MODELS/artifacts/nlu/model_quantized.onnx" --out "$RUN/recovered.pt" --metrics "$MODELS/metrics.json"
  INIT=(--init "$RUN/recovered.pt")
fi
i=0
for round in "${ROUNDS[@]}"; do
  read -r seed n steps lr hlr warm semantic <<<"$round"
  i=$((i + 1))
  R="$RUN/round$i"; DATA="$R/data"
  # The last round's test splits are the ones reported (and committed under models/nlu/data for full).
  [ "$MODE" != "micro" ] && [ "$i" = "${#ROUNDS[@]}" ] && DATA="$HERE/data"
  if [ -z "$RESUME" ] || [ ! -f "$DATA/train.jsonl" ]; then echo "=== generate (round $i)"; "$PY" generate.py --out "$DATA" --seed "$seed" --train "$n" --test "$([ "$MODE" = micro ] && echo 120 || echo 3000)"; fi
  echo "=== train round $i ($steps steps, $THREADS thread(s))"
  "$PY" train.py --data "$DATA" --run "$R" --threads "$THREADS" --steps "$steps" --lr "$lr" --head-lr "$hlr" --warmup "$warm" --semantic-weight "$semantic" \
    --eval-every "$(( steps / 5 > 0 ? steps / 5 : 1 ))" $([ "$MODE" = micro ] && echo "--val-rows 40") "${INIT[@]}" $RESUME
  INIT=(--init "$R/final/model.pt")
done
# The last round's weights; in continue mode the recovered model's record (in the run folder) stays on record.
echo "=== export, quantize, evaluate"; "$PY" export.py --run "$R" --data "$DATA" --out "$ART" --metrics "$METRICS" --golden "$GOLDEN" $([ "$MODE" = continue ] && echo --continued "$RUN/recovered.training.json")
echo "=== nlu pipeline $MODE finished in $(( $(date +%s) - T0 ))s"
