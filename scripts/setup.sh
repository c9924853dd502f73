#!/usr/bin/env bash
# One-time set-up for `make demo` / `make test`: system tools, then the virtualenv.
# Safe to run again; the Makefile skips it while pyproject.toml and requirements.lock are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for tool in ffmpeg ffprobe espeak-ng; do
  command -v "$tool" >/dev/null 2>&1 || need+=("$tool")
done
if [ ${#need[@]} -gt 0 ]; then
  packages="ffmpeg espeak-ng"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages: $packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq $packages >/dev/null
  else
    echo "setup: missing ${need[*]}. Install them first:" >&2
    echo "    sudo apt-get install $packages        (Debian/Ubuntu)" >&2
    echo "    brew install ffmpeg espeak-ng         (macOS)" >&2
    exit 1
  fi
fi

# Chromium only renders the review and episode pages in tests; without it those tests skip.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium and chromium-driver (for the page tests)"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; }; } \
      || echo "setup: chromium could not be installed; the page tests will be skipped"
  else
    echo "setup: chromium is not installed; the page tests will be skipped (sudo apt-get install chromium)"
  fi
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: produce needs Python 3.11 or newer; $("$python" --version 2>&1) found. Set PYTHON=python3.11." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi
echo "setup: installing pinned Python packages into .venv (first run takes a minute)"
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
.venv/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
# The second engine, openai-whisper, on the CPU build of torch only (never a CUDA build).
if .venv/bin/pip install --quiet --disable-pip-version-check "torch==2.13.0+cpu" 2>/dev/null; then
  .venv/bin/pip install --quiet --disable-pip-version-check --no-deps -r requirements-openai-whisper.lock
else
  echo "setup: torch 2.13.0+cpu is not available here; the openai-whisper engine and its tests are skipped"
fi
# podcast-partytime, the Podcast Index's own feed parser, reads the feed in the tests (through node);
# without npm those tests are skipped.
if command -v npm >/dev/null 2>&1; then
  if [ ! -d .venv/node/node_modules/podcast-partytime ]; then
    echo "setup: installing podcast-partytime with npm (for the feed tests)"
    npm install --silent --no-audit --no-fund --prefix .venv/node podcast-partytime@5.0.0 >/dev/null 2>&1 \
      || echo "setup: podcast-partytime could not be installed; its feed tests will be skipped"
  fi
else
  echo "setup: npm is not installed; the podcast-partytime feed tests will be skipped (sudo apt-get install npm)"
fi
echo "setup: done"
