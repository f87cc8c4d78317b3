"""Fetch the engines' jars from Maven Central into a cache directory outside the repository.

Each engine is a small Maven project under `maven/<engine>/`: a pom naming the published artifacts, plus (for
Elasticsearch) a few classes of our own. `mvn package -Dengine.home=HOME` builds a copy of it inside the cache and
lays out HOME (`lib/`, and for Elasticsearch `modules/`, `config/`, `launcher/`), HOME being
`<cache>/<engine>-<digest>`. The digest is that of the engine's Maven files, so a version bump fetches anew, and a
finished fetch is never repeated (Maven's own repository, ~/.m2, caches the downloads across digests too).
"""

import fcntl
import hashlib
import shutil
import subprocess
from pathlib import Path

MAVEN_PROJECTS = Path(__file__).parent / "maven"
ENGINES = ("kafka", "elasticsearch")


class FetchError(RuntimeError):
    pass


def _digest(project: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(p for p in project.rglob("*") if p.is_file()):
        sha.update(str(path.relative_to(project)).encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()[:12]


def engine_home(engine: str, cache: Path) -> Path:
    """Where the engine's jars and configuration files are, fetching them first if need be."""
    project = MAVEN_PROJECTS / engine
    home = cache / f"{engine}-{_digest(project)}"
    if (home / ".complete").exists():
        return home
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / f".{engine}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be fetching the same engine
        if not (home / ".complete").exists():
            _build(project, home)
    return home


def _build(project: Path, home: Path) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise FetchError("Maven (`mvn`) is needed to fetch the engines from Maven Central; install it (Debian: maven)")
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(project, home)
    command = [mvn, "-q", "-B", "-f", str(home / "pom.xml"), "package", f"-Dengine.home={home}"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise FetchError(f"fetching {project.name} failed ({' '.join(command)}):\n{done.stdout[-3000:]}"
                         f"{done.stderr[-3000:]}")
    (home / ".complete").touch()
