# Sourced by scripts/test (bash, set -e on): install Debian's chromium for the dashboard browser
# tests and export KABAR_TEST_CHROMIUM. Playwright drives this system binary through
# executable_path; `playwright install` (a browser download) is never used.
# Failure is not fatal: the browser tests skip with the reason printed here.
_kabar_chromium() {
  local bin=""
  for c in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$c" ]; then bin="$c"; break; fi
  done
  if [ -z "$bin" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "kabar setup: installing Debian chromium (apt-get)" >&2
    if (apt-get update -qq >/dev/null 2>&1 || true) && \
       DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
         chromium fonts-dejavu-core >/dev/null 2>&1; then
      [ -x /usr/bin/chromium ] && bin=/usr/bin/chromium
    else
      echo "kabar setup: apt-get install chromium failed; browser tests will skip" >&2
    fi
  fi
  if [ -n "$bin" ]; then
    export KABAR_TEST_CHROMIUM="$bin"
    echo "kabar setup: chromium at $bin" >&2
  else
    echo "kabar setup: no chromium (not root or no apt-get); browser tests will skip" >&2
  fi
  return 0
}
_kabar_chromium || true
unset -f _kabar_chromium
