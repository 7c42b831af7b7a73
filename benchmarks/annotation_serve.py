"""Benchmark: how long `parley annotate serve` takes until it is ready, first and later.

    .venv/bin/python benchmarks/annotation_serve.py

With an empty cache (a fresh `XDG_CACHE_HOME`), times three runs of `serve` with the shipped corpus, each until it
prints "press Ctrl-C to stop", then stops it with Ctrl-C (SIGINT):

1. first serve: builds the template data directory in the cache (`label-studio init`), copies it, starts;
2. a new `--data-dir` once the template exists: a copy, then the start;
3. the same data directory again on the same port right after the stop (the port is in TIME_WAIT).

Target: the second under 15 s. Needs `PARLEY_LABEL_STUDIO_BIN` or the checkout's `.venv-labelstudio`.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from parley.annotation.server import free_port


def _serve(port: int, data_dir: Path, env: dict[str, str]) -> tuple[float, str | None]:
    """Seconds until ready, and the API token it printed."""
    command = [sys.executable, "-m", "parley", "annotate", "serve", "--port", str(port), "--data-dir", str(data_dir)]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    token = None
    for line in process.stdout:
        if "LABEL_STUDIO_API_KEY=" in line:
            token = line.strip().split("=", 1)[1]
        if "press Ctrl-C to stop" in line:
            break
    else:
        raise SystemExit(f"serve exited before it was ready (exit {process.wait()})")
    elapsed = time.perf_counter() - started
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=120)
    return elapsed, token


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="parley-serve-bench-"))
    try:
        env = {name: value for name, value in os.environ.items() if not name.startswith("LABEL_STUDIO_")}
        env["XDG_CACHE_HOME"] = str(scratch / "cache")
        port = free_port()
        first, _ = _serve(port, scratch / "first", env)
        print(f"first serve (empty cache: template built, copied, started): {first:.1f} s")
        second, token = _serve(port, scratch / "second", env)
        print(f"new data dir once the template exists: {second:.1f} s (target under 15 s)")
        again, _ = _serve(port, scratch / "second", {**env, "LABEL_STUDIO_API_KEY": token or ""})
        print(f"restart of that data dir on the same port right after the stop (TIME_WAIT): {again:.1f} s")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
