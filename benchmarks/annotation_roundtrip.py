"""Benchmark: push then pull 1,000 generated documents through a real local Label Studio.

    .venv/bin/python benchmarks/annotation_roundtrip.py [--documents 1000] [--keep-data-dir DIR]

Initialises a throwaway data folder (not timed), starts the server on a free loopback port, pushes the documents
with their gold as annotations, pulls them back, checks every record came back equal, and prints the seconds of each
direction and this process's peak memory. Target: the round trip (push + pull) under 60 s on 2 cores.
"""

import argparse
import resource
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

from parley.annotation.client import AnnotationClient
from parley.annotation.config import label_config
from parley.annotation.pull import pull_records
from parley.annotation.push import gold_pre_annotations, push_documents
from parley.annotation.server import Login, free_port, initialise_data_dir, start_server
from parley.corpus.synthetic import generate_documents


def _peak_mib(pid: int) -> float:
    """A process's peak resident memory (VmHWM), from /proc on Linux; 0 where unavailable."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return 0.0
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    arguments = parser.parse_args()
    documents = list(generate_documents(arguments.documents, target_chars=3000, events=8))
    login = Login("bench@parley.local", secrets.token_urlsafe(12), secrets.token_hex(20))
    folder = Path(tempfile.mkdtemp(prefix="parley-bench-"))
    try:
        started = time.perf_counter()
        initialise_data_dir(folder, login)
        server = start_server(folder, port=free_port())
        print(f"server ready in {time.perf_counter() - started:.1f} s (not part of the round trip)")
        try:
            client = AnnotationClient(server.url, login.token)
            project = client.project_id("Parley benchmark", label_config())
            started = time.perf_counter()
            push_documents(client, project, documents, annotations=gold_pre_annotations(documents))
            pushed = time.perf_counter() - started
            started = time.perf_counter()
            report = pull_records(client, project)
            pulled = time.perf_counter() - started
            server_peak_mib = _peak_mib(server.process.pid)
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    exact = report.records == sorted(documents, key=lambda document: document["id"])
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    characters = sum(len(document["text"]) for document in documents)
    events = sum(len(document["events"]) for document in documents)
    print(f"{len(documents)} documents, {characters} characters, {events} events")
    print(f"push: {pushed:.1f} s")
    print(f"pull: {pulled:.1f} s")
    print(f"round trip: {pushed + pulled:.1f} s (target < 60 s)")
    print(f"peak memory: client {peak_mib:.0f} MiB (ru_maxrss), Label Studio server {server_peak_mib:.0f} MiB (VmHWM)")
    print(f"records equal to the originals: {exact}; problems: {len(report.region_problems) + len(report.invalid)}")
    return 0 if exact and report.clean else 1


if __name__ == "__main__":
    sys.exit(main())
