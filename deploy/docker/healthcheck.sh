#!/usr/bin/env bash
# Container health check without curl: GET http://127.0.0.1:PORT/PATH over bash's /dev/tcp and succeed on a
# 2xx status, or on any HTTP status with --any (a listener that answers is alive, e.g. the plant trainer's
# adapter endpoint answers 404 until the first adapter version).
# Usage: healthcheck PORT PATH [--any]
set -euo pipefail
port="$1" path="$2" any="${3:-}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "${path}" >&3
IFS=' ' read -r -t 5 _ status _ <&3 || exit 1
# Read the rest (the server closes: Connection: close), so the server does not see a reset connection.
while IFS= read -r -t 5 _ <&3; do :; done
exec 3<&-
if [[ "${any}" == "--any" ]]; then [[ "${status}" =~ ^[1-5][0-9][0-9]$ ]]; else [[ "${status}" =~ ^2[0-9][0-9]$ ]]; fi
