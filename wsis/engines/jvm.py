"""How the engines' JVMs are started: the `java` found on PATH, a fixed heap, and a class-data-sharing archive.

Elasticsearch loads some 20,000 classes at start; a dynamic CDS archive (written by the JVM itself when a node
first stops cleanly, then mapped by every later start) halves its start time. The archive is named for the JVM
and the jars, so a new version of either gets a new one.
"""

import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path


def java() -> str:
    found = shutil.which("java")
    if found is None:
        raise RuntimeError("Java 17 or newer is needed to run Apache Kafka and Elasticsearch locally (Debian: "
                           "openjdk-17-jre-headless); or point WSIS_KAFKA_BOOTSTRAP and WSIS_ES_URL at running ones")
    return found


def _archive(home: Path) -> Path:
    version = subprocess.run([java(), "-version"], capture_output=True, text=True).stderr
    sha = hashlib.sha256(version.encode() + os.path.realpath(java()).encode())
    for jar in sorted(home.rglob("*.jar")):
        sha.update(jar.name.encode())
    return home / f"cds-{sha.hexdigest()[:16]}.jsa"


def class_data_sharing(home: Path) -> tuple[list[str], Callable[[bool], None]]:
    """JVM options that use the archive, or write it at exit; and what to do once the JVM has stopped."""
    archive = _archive(home)
    if archive.exists():
        return [f"-XX:SharedArchiveFile={archive}", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"], lambda clean: None
    partial = archive.with_name(f"{archive.name}.{os.getpid()}.{id(archive)}.tmp")

    def keep_archive(clean: bool) -> None:
        if clean and partial.exists():
            partial.replace(archive)  # atomic: a concurrent start never maps half a file
        partial.unlink(missing_ok=True)

    return [f"-XX:ArchiveClassesAtExit={partial}", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"], keep_archive
