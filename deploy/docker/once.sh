#!/usr/bin/env bash
# One-shot services that must not redo their work on every `docker compose up` (e.g. `pdm certs init`, whose
# new CA would no longer match the certificates already handed out): run pdm with the given arguments unless
# MARKER exists. Usage: once MARKER pdm-args...
set -euo pipefail
marker="$1"
shift
if [[ -e "${marker}" ]]; then
  echo "already done: ${marker} exists"
  exit 0
fi
exec java -jar /opt/pdm/pdm.jar "$@"
