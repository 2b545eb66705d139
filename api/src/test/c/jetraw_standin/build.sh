#!/usr/bin/env bash
# Builds the Jetraw SDK stand-in (see standin.h) into OUT_DIR: libdpcore.so, and libjetraw.so
# linked against it by name only (no rpath), as an SDK's libraries would be; loading it therefore
# works only when libdpcore.so is loaded first. Run by api/pom.xml before the tests.
#
#   build.sh OUT_DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../../.." && pwd)"
out="${1:?usage: build.sh OUT_DIR}"
mkdir -p "$out"
cc="${CC:-gcc}"
# The declarations the bindings are generated from: a stand-in that drifts from them fails here.
flags=(-std=c11 -O2 -fPIC -shared -pthread -Wall -Wextra -Werror
       -I"$root/jextract-config/include" -I"$here")
"$cc" "${flags[@]}" -Wl,-soname,libdpcore.so -o "$out/libdpcore.so" "$here/dpcore.c"
"$cc" "${flags[@]}" -Wl,-soname,libjetraw.so -o "$out/libjetraw.so" "$here/jetraw.c" \
  -L"$out" -ldpcore
echo "jetraw stand-in: built $out/libdpcore.so and $out/libjetraw.so"
