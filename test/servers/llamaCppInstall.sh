#!/usr/bin/env bash
# Install llama-cpp-python[server]==0.3.36 (CPU-only, compiled from the PyPI
# sdist) into a venv, reproducibly and idempotently.
#
# usage: llamaCppInstall.sh <venv-dir>
#
# env (all optional):
#   PYTHON                 interpreter used to create the venv (default: python3)
#   LCP_JOBS               parallel compile jobs (default: 1)
#   LCP_NICE               nice level for the build (default: 10)
#   LCP_EXTRA_CMAKE_ARGS   appended to CMAKE_ARGS (e.g. "-DGGML_NATIVE=OFF" for a
#                          portable, non -march=native build)
#   LCP_WHEELHOUSE         if set, the built wheel is cached there (keyed by
#                          sdist hash + cmake args + compiler + CPU flags) and
#                          reused by later installs
#   LCP_FORCE=1            reinstall even if the venv is already up to date
set -euo pipefail

VENV="${1:?usage: llamaCppInstall.sh <venv-dir>}"
PYTHON="${PYTHON:-python3}"
JOBS="${LCP_JOBS:-1}"
NICE="${LCP_NICE:-10}"

LCP_VERSION="0.3.36"
SDIST_SHA256="832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e"

# Runtime pins (pip freeze of a working install, CPython 3.11, 2026-11).
PINS="annotated-doc==0.0.7
annotated-types==0.8.0
anyio==4.16.0
click==8.5.1
diskcache==5.6.3
fastapi==0.165.0
h11==0.16.0
idna==3.20
Jinja2==3.1.6
MarkupSafe==3.0.4
numpy==2.4.6
opentelemetry-api==1.45.2
pydantic==2.14.4
pydantic-settings==2.16.3
pydantic_core==2.50.5
python-dotenv==1.2.4
PyYAML==6.0.4
sse-starlette==3.7.0
starlette==1.10.0
starlette-context==0.3.6
typing-inspection==0.4.5
typing_extensions==4.16.0
uvicorn==0.54.0"
# Build-only pins (installed into the venv; we build with --no-build-isolation).
BUILD_PINS="scikit-build-core==1.1.2
packaging==26.4
pathspec==1.1.1"
# Used only if no system cmake >= 3.21 / ninja is found.
CMAKE_FALLBACK_PINS="cmake==3.31.6
ninja==1.11.1.4"

# Fastest CPU build found:
#  - LLAVA_BUILD=OFF: skip libmtmd (multimodal; only imported lazily for vision
#    chat handlers).
#  - CMAKE_PROJECT_llama.cpp_INCLUDE=skip_common.cmake: llama-cpp-python
#    FORCE-enables llama.cpp's "common" library (+cpp-httplib) which the
#    Python bindings never load; the hook shadows LLAMA_BUILD_COMMON=OFF
#    right after project("llama.cpp"). 178 -> 75 compile units in total.
#  - LLAMA_OPENSSL/GGML_OPENMP/GGML_CCACHE OFF: nothing to probe/link.
#  - LLAMA_BUILD_TESTS/EXAMPLES/TOOLS/SERVER are already OFF when llama.cpp
#    is a subproject, and scikit-build-core builds Release by default.
SKIP_COMMON_CMAKE='set(LLAMA_BUILD_COMMON OFF)'
CMAKE_ARGS_BASE="-DCMAKE_BUILD_TYPE=Release -DLLAVA_BUILD=OFF -DGGML_OPENMP=OFF -DLLAMA_OPENSSL=OFF -DGGML_CCACHE=OFF"

log() { printf '[llamaCppInstall.sh] %s\n' "$*" >&2; }

STAMP_CONTENT="llama-cpp-python==$LCP_VERSION sdist=$SDIST_SHA256
cmake_args=$CMAKE_ARGS_BASE skip_common ${LCP_EXTRA_CMAKE_ARGS:-}
$PINS"
STAMP_FILE="$VENV/.lcp-install-stamp"

# ---- idempotency check -------------------------------------------------------
if [[ "${LCP_FORCE:-0}" != 1 && -x "$VENV/bin/python" && -f "$STAMP_FILE" ]] \
   && [[ "$(cat "$STAMP_FILE")" == "$STAMP_CONTENT" ]] \
   && PINS="$PINS" LCP_VERSION="$LCP_VERSION" "$VENV/bin/python" - <<'EOF' 2>/dev/null
import os, sys
from importlib.metadata import version
from packaging.utils import canonicalize_name as c  # pinned build dep, present
want = dict(l.split("==") for l in os.environ["PINS"].split("\n"))
want["llama_cpp_python"] = os.environ["LCP_VERSION"]
bad = [n for n, v in want.items() if version(c(n)) != v]
import llama_cpp, llama_cpp.server.app  # loads libllama.so
sys.exit(1 if bad else 0)
EOF
then
  log "already installed and up to date in $VENV (LCP_FORCE=1 to reinstall)"
  exit 0
fi

# ---- venv + pinned deps (binary wheels) ----------------------------------------
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

if [[ ! -x "$VENV/bin/python" ]]; then
  log "creating venv $VENV"
  "$PYTHON" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)

printf '%s\n' "$PINS" > "$WORK/pins.txt"
printf '%s\n' "$BUILD_PINS" > "$WORK/build-pins.txt"
log "installing pinned dependencies"
"${PIP[@]}" install -q --only-binary=:all: --no-deps -r "$WORK/pins.txt" -r "$WORK/build-pins.txt"

have_cmake() {
  command -v cmake >/dev/null && command -v ninja >/dev/null || return 1
  local v; v="$(cmake --version | sed -n 's/^cmake version \([0-9]*\.[0-9]*\).*/\1/p')"
  [[ "$(printf '%s\n3.21\n' "$v" | sort -V | head -1)" == 3.21 ]]
}
if ! PATH="$VENV/bin:$PATH" have_cmake; then
  log "no usable system cmake>=3.21 + ninja; installing pinned cmake/ninja wheels"
  printf '%s\n' "$CMAKE_FALLBACK_PINS" > "$WORK/cmake-pins.txt"
  "${PIP[@]}" install -q --only-binary=:all: --no-deps -r "$WORK/cmake-pins.txt"
fi

# ---- llama-cpp-python wheel: cached or built from the verified sdist -----------
printf '%s\n' "$SKIP_COMMON_CMAKE" > "$WORK/skip_common.cmake"
CMAKE_ARGS_FULL="$CMAKE_ARGS_BASE -DCMAKE_PROJECT_llama.cpp_INCLUDE=$WORK/skip_common.cmake ${LCP_EXTRA_CMAKE_ARGS:-}"

WHEEL=""
if [[ -n "${LCP_WHEELHOUSE:-}" ]]; then
  key="$( { echo "$SDIST_SHA256 $CMAKE_ARGS_BASE ${LCP_EXTRA_CMAKE_ARGS:-}"; \
            "$VENV/bin/python" -c 'import sys;print(sys.version)'; \
            ${CC:-cc} --version 2>/dev/null | head -1; \
            grep -m1 '^flags' /proc/cpuinfo 2>/dev/null; } | sha256sum | cut -c1-16)"
  CACHE_DIR="$LCP_WHEELHOUSE/llama_cpp_python-$LCP_VERSION-$key"
  WHEEL="$(ls "$CACHE_DIR"/llama_cpp_python-"$LCP_VERSION"-*.whl 2>/dev/null | head -1 || true)"
  [[ -n "$WHEEL" ]] && log "reusing cached wheel $WHEEL"
fi

if [[ -z "$WHEEL" ]]; then
  log "downloading sdist llama-cpp-python==$LCP_VERSION"
  "${PIP[@]}" download -q --no-deps --no-binary=:all: --no-build-isolation \
      -d "$WORK/sdist" "llama-cpp-python==$LCP_VERSION"
  SDIST="$WORK/sdist/llama_cpp_python-$LCP_VERSION.tar.gz"
  echo "$SDIST_SHA256  $SDIST" | sha256sum -c --quiet -
  log "building wheel (jobs=$JOBS, nice=$NICE); CMAKE_ARGS=$CMAKE_ARGS_FULL"
  t0=$SECONDS
  CMAKE_ARGS="$CMAKE_ARGS_FULL" CMAKE_BUILD_PARALLEL_LEVEL="$JOBS" PATH="$VENV/bin:$PATH" \
    nice -n "$NICE" "${PIP[@]}" wheel -q --no-deps --no-build-isolation --no-cache-dir \
      -w "$WORK/wheel" "$SDIST" > "$WORK/build.log" 2>&1 \
    || { tail -50 "$WORK/build.log" >&2; log "build FAILED"; exit 1; }
  log "wheel built in $((SECONDS - t0)) s"
  WHEEL="$(ls "$WORK"/wheel/llama_cpp_python-*.whl)"
  if [[ -n "${LCP_WHEELHOUSE:-}" ]]; then
    mkdir -p "$CACHE_DIR" && cp "$WHEEL" "$CACHE_DIR/" && WHEEL="$CACHE_DIR/$(basename "$WHEEL")"
  fi
fi

"${PIP[@]}" install -q --no-deps --force-reinstall "$WHEEL"
"${PIP[@]}" check >&2
"$VENV/bin/python" -c 'import llama_cpp, llama_cpp.server.app; print("llama_cpp", llama_cpp.__version__)' >&2

printf '%s' "$STAMP_CONTENT" > "$STAMP_FILE"
log "done: $VENV"
