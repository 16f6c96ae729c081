#!/usr/bin/env bash
# Applies .clang-format to every C++ file of the project, or with --check lists the files that
# differ from it and fails (CI runs the check).
# usage: scripts/format.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if [ "${1:-}" = --check ]; then
  bad=0
  for f in "${files[@]}"; do
    if ! clang-format --dry-run -Werror "$f" 2>/dev/null; then echo "format: $f differs from .clang-format"; bad=1; fi
  done
  exit "$bad"
fi
clang-format -i "${files[@]}"
