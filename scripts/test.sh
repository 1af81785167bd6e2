#!/usr/bin/env bash
# The test command of the README: installs what the tests need on a fresh
# Debian machine (kcat, redis-server, chromium, chromium-driver, and
# fonts-noto-cjk when no font covers Chinese: the console's browser test
# checks that its screenshots draw Chinese characters, not boxes) when it
# is missing, then runs every test with the race detector. The tests start
# their own Kafka-protocol broker (in-process), redis-server and chromedriver
# on loopback; set TECHCREDIT_TEST_KAFKA_BROKERS / TECHCREDIT_TEST_REDIS_ADDR
# to run them against a real cluster instead.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v kcat >/dev/null || need+=(kcat)
command -v redis-server >/dev/null || need+=(redis-server)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
if ! { command -v fc-list >/dev/null && [ -n "$(fc-list :lang=zh family)" ]; }; then
  need+=(fonts-noto-cjk)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

go test -race -count=1 -timeout 15m ./...
