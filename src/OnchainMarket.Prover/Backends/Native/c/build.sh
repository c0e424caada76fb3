#!/usr/bin/env bash
# Compiles the native prover kernels into OUT_DIR (default: ./lib next to this script's parent):
#   libomkt_kernels_v3.so   x86-64-v3 + BMI2/ADX (used when the CPU has them)
#   libomkt_kernels.so      the portable build (any CPU the compiler targets)
# Without a C compiler it prints one line and exits 0: the prover then runs its managed kernels.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../lib}"
cc="${CC:-}"
if [ -z "$cc" ]; then
  for candidate in gcc cc clang; do
    if command -v "$candidate" >/dev/null 2>&1; then cc=$candidate; break; fi
  done
fi
if [ -z "$cc" ]; then
  echo "native prover kernels: no C compiler found, the prover uses its managed kernels"
  exit 0
fi
mkdir -p "$out"
flags=(-O3 -std=gnu11 -shared -fPIC -fno-plt -Wall -Wextra -Werror)
src="$here/omkt_kernels.c"
if ! "$cc" "${flags[@]}" -o "$out/libomkt_kernels.so.tmp" "$src"; then
  echo "native prover kernels: $cc failed, the prover uses its managed kernels"
  rm -f "$out/libomkt_kernels.so.tmp"
  exit 0
fi
mv -f "$out/libomkt_kernels.so.tmp" "$out/libomkt_kernels.so"
case "$(uname -m)" in
  x86_64|amd64)
    if "$cc" "${flags[@]}" -march=x86-64-v3 -mbmi2 -madx -mtune=znver3 -o "$out/libomkt_kernels_v3.so.tmp" "$src" 2>/dev/null; then
      mv -f "$out/libomkt_kernels_v3.so.tmp" "$out/libomkt_kernels_v3.so"
    else
      rm -f "$out/libomkt_kernels_v3.so.tmp"
    fi
    ;;
esac
exit 0
