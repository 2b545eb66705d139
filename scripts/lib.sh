# Common environment for every scicodecs script: sourced, never run.
# Why: the machine's default java is 17; the project needs a Temurin JDK >= 22, and all caches live
# outside the repository so a clean clone builds incrementally.
set -euo pipefail

SCICODECS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SCICODECS_ROOT
export SCICODECS_CACHE="${SCICODECS_CACHE:-$HOME/.cache/scicodecs}"
# Built shared libraries (lib*.so) for linux-x86_64; Maven packages them into the bindings jar.
export SCICODECS_NATIVE_DIR="${SCICODECS_NATIVE_DIR:-$SCICODECS_CACHE/native/linux-x86_64}"
# Upstream headers staged by build-native; the binding generator and jextract read them from here.
export SCICODECS_INCLUDE_DIR="${SCICODECS_INCLUDE_DIR:-$SCICODECS_CACHE/native/include}"
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"

# Pick the newest Temurin JDK >= 22 unless JAVA_HOME already points at one.
scicodecs_java_ok() { [ -x "$1/bin/javac" ] && "$1/bin/java" -version 2>&1 | grep -qE 'version "(2[2-9]|[3-9][0-9])'; }
if [ -z "${JAVA_HOME:-}" ] || ! scicodecs_java_ok "$JAVA_HOME"; then
  JAVA_HOME=""
  for d in $(ls -d /usr/lib/jvm/temurin-*-jdk* 2>/dev/null | sort -V -r); do
    if scicodecs_java_ok "$d"; then JAVA_HOME="$d"; break; fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "scicodecs: no JDK >= 22 found under /usr/lib/jvm (run scripts/setup)" >&2
    return 1 2>/dev/null || exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$CARGO_HOME/bin:$PATH"

# Print how long a step took, so CI time stays visible.
scicodecs_step() {
  local name="$1"; shift
  local t0=$SECONDS
  echo "==> $name"
  "$@"
  echo "<== $name: $((SECONDS - t0)) s"
}

# Maven 3.8's bundled guava warns about sun.misc.Unsafe on JDK 24+; that noise is not ours.
if "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[4-9]|[3-9][0-9])'; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
