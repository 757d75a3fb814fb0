#!/usr/bin/env bash
# Start the llama-cpp-python OpenAI-compatible server in the foreground
# (exec: the PID you spawn IS the server; SIGTERM/SIGINT stop it cleanly).
#
# usage: serve.sh <model.gguf> <port> [extra llama_cpp.server args...]
#
# env (all optional):
#   LCP_VENV          venv made by install.sh (required: the venv llamaCppInstall.sh made)
#   LCP_HOST          bind address (default: 127.0.0.1)
#   LCP_THREADS       n_threads and n_threads_batch (default: 1)
#   LCP_CTX           n_ctx (default: 2048)
#   LCP_CHAT_FORMAT   chat format (default: chatml). Set to "auto" to use the
#                     GGUF's embedded Jinja template (for SmolLM2 this adds a
#                     default "You are a helpful AI assistant named SmolLM..."
#                     system message when none is given).
#   LCP_MODEL_ALIAS   id reported by GET /v1/models (default: file name
#                     without .gguf)
#   LCP_VERBOSE       llama.cpp/model-load logging to stderr (default: false)
#
# Ready when GET http://$LCP_HOST:<port>/v1/models returns 200 (~1 s here).
set -euo pipefail

MODEL="${1:?usage: serve.sh <model.gguf> <port> [extra args]}"
PORT="${2:?usage: serve.sh <model.gguf> <port> [extra args]}"
shift 2

VENV="${LCP_VENV:?LCP_VENV names the venv llamaCppInstall.sh made}"
THREADS="${LCP_THREADS:-1}"
CHAT_FORMAT="${LCP_CHAT_FORMAT:-chatml}"
ALIAS="${LCP_MODEL_ALIAS:-$(basename "$MODEL" .gguf)}"

[[ -f "$MODEL" ]] || { echo "serve.sh: model not found: $MODEL" >&2; exit 2; }
[[ -x "$VENV/bin/python" ]] || { echo "serve.sh: no venv at $VENV (run llamaCppInstall.sh)" >&2; exit 2; }

args=(
  --model "$MODEL"
  --model_alias "$ALIAS"
  --host "${LCP_HOST:-127.0.0.1}"
  --port "$PORT"
  --n_threads "$THREADS"
  --n_threads_batch "$THREADS"
  --n_ctx "${LCP_CTX:-2048}"
  # default True: a new request silently truncates an in-flight stream
  # (it ends with "data: [DONE]" but no finish_reason chunk)
  --interrupt_requests false
  --verbose "${LCP_VERBOSE:-false}"
)
[[ "$CHAT_FORMAT" != auto ]] && args+=(--chat_format "$CHAT_FORMAT")

exec "$VENV/bin/python" -m llama_cpp.server "${args[@]}" "$@"
