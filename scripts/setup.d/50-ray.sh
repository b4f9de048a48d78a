# Sourced by scripts/test (bash, set -e): make the optional Ray engine testable.
# Ray is the optional extra kabar[ray] (not in kabar[all]); its tests (marker `ray`) start a local
# 2-CPU Ray and skip with a reason when Ray is missing. Installing ray[data] takes ~10 s and ~300 MB.
# KABAR_SKIP_RAY=1 skips the install (the ray tests then skip).
if [ "${KABAR_SKIP_RAY:-0}" != "1" ]; then
  if ! .venv/bin/python -c "import ray.data" >/dev/null 2>&1; then
    echo "kabar: installing ray[data] for the Ray engine tests" >&2
    .venv/bin/python -m pip install -q "ray[data]>=2.30" >.venv/kabar-ray-install.log 2>&1 \
      || echo "kabar: could not install ray[data] (see .venv/kabar-ray-install.log); the ray tests will skip" >&2
  fi
fi
