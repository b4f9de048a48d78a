# Sourced by scripts/test (bash, set -e on): build the map dashboard into kabar/server/static/
# (npm ci from frontend/package-lock.json, then esbuild). Skipped when the build is up to date.
# The build output is not committed; Python users get it inside the wheel (build it before
# `python -m build`). Failure is not fatal: the dashboard tests skip, printing why.
_kabar_frontend() {
  local here
  here="$(pwd)"
  if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
      echo "kabar setup: installing Debian nodejs and npm (apt-get)" >&2
      (apt-get update -qq >/dev/null 2>&1 || true)
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null 2>&1 || true
    fi
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "kabar setup: no node/npm; dashboard not built (its tests will skip)" >&2
    return 0
  fi
  cd frontend || return 0
  if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] && node build.mjs --check 2>/dev/null; then
    echo "kabar setup: dashboard build is up to date" >&2
    cd "$here"; return 0
  fi
  # --ignore-scripts: no package runs code at install time (esbuild's binary comes as a package).
  if npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null 2>&1 && node build.mjs; then
    echo "kabar setup: dashboard built into kabar/server/static/" >&2
  else
    echo "kabar setup: dashboard build failed (npm ci or esbuild); its tests will skip" >&2
  fi
  cd "$here"
  return 0
}
_kabar_frontend || true
unset -f _kabar_frontend
