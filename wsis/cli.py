"""The `wsis` command: run the pipeline's stages, submit files, tag text."""

import logging
import sys
from pathlib import Path

import typer

from schemas.clients import search_client
from schemas.settings import get_settings
from wsis.bulk_commands import ids_from, run_status, run_submit, submit_help

app = typer.Typer(help="WSIS Stocktaking & Prizes pipeline.", no_args_is_help=True, add_completion=False)


def _logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@app.command()
def up(
    demo: bool = typer.Option(False, "--demo", help="also publish a realistic demo dataset"),
    demo_size: int = typer.Option(1000, help="number of demo submissions (5 % of them invalid)"),
    engine: str | None = typer.Option(None, help="local servers: real (Apache Kafka and Elasticsearch, the default) "
                                      "or noida (the noida-db emulator; `pip install -e '.[noida]'`)"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="show the INFO logs on the console too (they are "
                                 "always in the data dir's logs/up.log)"),
) -> None:
    """Start everything: local servers (unless WSIS_KAFKA_BOOTSTRAP / WSIS_ES_URL point elsewhere), the worker,
    the indexer and the dashboard. Ctrl-C stops all of it."""
    from wsis.supervisor import run_pipeline, setup_logging

    settings = get_settings()
    if engine not in (None, "real", "noida"):
        raise typer.BadParameter("real or noida", param_hint="--engine")
    if engine is not None:
        settings = settings.model_copy(update={"local_engine": engine})
    setup_logging(settings.data_dir / "logs" / "up.log", verbose)
    run_pipeline(settings, demo_size if demo else 0)


@app.command()
def worker() -> None:
    """Run the stream worker: validate, normalise and tag raw submissions."""
    import faust

    from storage.topics import ensure_topics
    from streams.app import create_app
    from streams.watchdog import StallWatchdog

    settings = get_settings()
    ensure_topics(settings)
    StallWatchdog(settings, settings.worker_id, settings.topic_raw, settings.worker_stall_seconds).start()
    faust.Worker(create_app(settings), loglevel="INFO").execute_from_commandline()


@app.command("index")
def index_command() -> None:
    """Run the indexer: keep the search index in step with the tagged topic."""
    from indexer.consumer import run_indexer
    from storage.topics import ensure_topics

    _logging()
    settings = get_settings()
    ensure_topics(settings)
    run_indexer(settings)


@app.command()
def reindex() -> None:
    """Rebuild the search index from the tagged topic into a new index, then switch the alias to it (zero
    downtime) and delete the old one."""
    from indexer.reindex import ReindexError
    from indexer.reindex import reindex as rebuild_index
    from storage.topics import ensure_topics

    _logging()
    settings = get_settings()
    ensure_topics(settings)
    try:
        outcome = rebuild_index(settings)
    except ReindexError as error:
        typer.echo(f"reindex failed, the old index goes on serving: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"{settings.index_alias} -> {outcome.index}: read {outcome.read} records, wrote {outcome.written}, "
               f"older versions {outcome.stale}, unreadable {outcome.unreadable}; {outcome.documents} documents; "
               f"deleted {', '.join(outcome.deleted) or 'nothing'}")


@app.command()
def report(
    region: str = typer.Option(None, "--region", help="ITU region, e.g. Africa (default: every region)"),
    year_from: int = typer.Option(None, "--from", help="first year of the period (default: --to minus 4)"),
    year_to: int = typer.Option(None, "--to", help="last year of the period (default: this year)"),
    format: str = typer.Option("pdf", "--format", help="pdf, xlsx, csv or md"),
    language: str = typer.Option("en", "--language", help="en, fr, es, ar, zh or ru"),
    output: Path = typer.Option(None, "--output", "-o", help="file to write, '-' for standard output "
                                "(default: wsis-report-<region>-<from>-<to>.<format>)"),
    hlpf: int = typer.Option(None, "--hlpf", help="instead: the WSIS contribution to that year's HLPF (pdf, xlsx, md)"),
) -> None:
    """Regional report: key figures, submissions per year, action line and SDG, heat map, map, stakeholder mix,
    top projects and changes against the previous period. With --hlpf YEAR: the contribution to the HLPF."""
    import datetime as dt

    if hlpf is not None:
        from reports.hlpf import hlpf_file

        try:
            content, name = hlpf_file(get_settings(), hlpf, format, language)
        except ValueError as error:
            raise typer.BadParameter(str(error)) from error
        if output == Path("-"):
            sys.stdout.buffer.write(content)
        else:
            (output or Path(name)).write_bytes(content)
        return

    from reports.export import RENDERERS, file_name, render
    from reports.figures import Scope, build_report
    from schemas.reference import ITU_REGIONS
    from schemas.translation import LANGUAGES, translator
    from storage.submission_index import SubmissionIndex

    if format not in RENDERERS:
        raise typer.BadParameter(f"expected one of {', '.join(RENDERERS)}", param_hint="--format")
    if language not in LANGUAGES:
        raise typer.BadParameter(f"expected one of {', '.join(LANGUAGES)}", param_hint="--language")
    regions = {name.casefold(): name for name in ITU_REGIONS}
    if region is not None and region.casefold() not in regions:
        raise typer.BadParameter(f"expected one of {', '.join(ITU_REGIONS)}", param_hint="--region")
    year_to = year_to or dt.date.today().year
    try:
        scope = Scope(regions[region.casefold()] if region else None, year_from or year_to - 4, year_to)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--from/--to") from error
    settings = get_settings()
    index = SubmissionIndex(search_client(settings), settings.index_alias, settings.index_layout)
    result = build_report(index, scope, prize_index=settings.prize_index)
    content = render(result, format, translator(language))  # type: ignore[arg-type]
    if output == Path("-"):
        sys.stdout.buffer.write(content)
        return
    target = output or Path(file_name(result, format))  # type: ignore[arg-type]
    target.write_bytes(content)
    figures = ", ".join(f"{k.label} {k.value} ({k.change:+d})" for k in result.key_figures())
    typer.echo(f"wrote {target}: {scope.label}: {figures}")


@app.command()
def dashboard() -> None:
    """Serve the Streamlit dashboard on 127.0.0.1."""
    import os

    settings = get_settings()
    script = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"
    # exec, not a child: whoever stops this process (wsis up, the tests) stops the server, leaving no orphan
    os.execv(sys.executable, [
        sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
        "--server.address", settings.dashboard_host, "--server.port", str(settings.dashboard_port),
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",  # no Deploy button nor developer menu, in English, for the public
    ])


@app.command(help=submit_help())
def submit(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="a .csv, .json or .jsonl file"),
    submitter: str = typer.Option(None, help="who submits (email), recorded with each submission"),
    columns: str = typer.Option(None, help='which field each column holds: "Project=title,Category=-" (- leaves '
                                "a column out)"),
    columns_file: Path = typer.Option(None, exists=True, dir_okay=False, help="the same as a file: .json "
                                      '{"Project": "title"} or .csv with the columns column,field'),
    default: list[str] = typer.Option([], help="FIELD=VALUE for rows that leave FIELD empty, e.g. "
                                      "submitted_on=2015 (repeatable; never title, description or organisation)"),
) -> None:
    raise typer.Exit(run_submit(file, submitter, columns, columns_file, default))


@app.command()
def status(
    ids: list[str] = typer.Argument(None, help="submission ids"),
    from_file: Path = typer.Option(None, "--from", exists=True, dir_okay=False,
                                   help="a .submitted.csv of `wsis submit`: its submission ids"),
) -> None:
    """Where submissions stand: received, accepted, rejected (with the stream's reasons) or indexed. An id that
    cannot be one (a carriage return at its end, say) gets a warning, and the exit code is 1."""
    raise typer.Exit(run_status([*(ids or []), *(ids_from(from_file) if from_file else [])]))


@app.command()
def api() -> None:
    """Serve the submissions HTTP API (OpenAPI docs at /docs) on WSIS_API_HOST:WSIS_API_PORT."""
    import uvicorn
    from kafka.errors import KafkaError

    from producers.api import create_app
    from storage.topics import ensure_topics

    _logging()
    settings = get_settings()
    try:
        ensure_topics(settings)
    except KafkaError as exc:  # the API starts anyway and answers 503 until the broker is back
        logging.getLogger(__name__).warning("could not check the topics: %s", exc)
    uvicorn.run(create_app(settings), host=settings.api_host, port=settings.api_port)


@app.command("tag")
def tag_command(
    text: str = typer.Argument(None, help="text to tag (title and description)"),
    jsonl: bool = typer.Option(False, "--jsonl", help='read {"id", "text"} JSON lines on stdin, write tags'),
) -> None:
    """Tag text with SDGs, action lines and a prize category, with the evidence for each tag."""
    from tagging import format_for_humans, tag, tag_jsonl

    if jsonl:
        for line in tag_jsonl(sys.stdin):
            sys.stdout.write(line + "\n")
    elif text:
        typer.echo(format_for_humans(tag(text)))
    else:
        raise typer.BadParameter("give TEXT, or --jsonl with JSON lines on standard input")


@app.command()
def demo(
    count: int = typer.Option(1000, help="number of submissions"),
    invalid: int = typer.Option(50, help="how many of them are invalid"),
    seed: int = typer.Option(2025),
) -> None:
    """Publish the demo dataset to the raw topic."""
    from producers.demo import generate, publish_demo
    from producers.publisher import SubmissionPublisher
    from storage.topics import ensure_topics

    settings = get_settings()
    ensure_topics(settings)
    publisher = SubmissionPublisher(settings)
    publish_demo(publisher, generate(count, invalid, seed))
    publisher.close()
    typer.echo(f"published {count} demo submissions ({invalid} invalid) to {settings.topic_raw}")


@app.command("prizes-worker")
def prizes_worker() -> None:
    """Run the WSIS Prizes worker: eligibility, assignments, scores and votes into the prize index."""
    import faust

    from storage.prize_topics import ensure_prize_topics
    from streams.prizes_app import create_app

    settings = get_settings()
    ensure_prize_topics(settings)
    faust.Worker(create_app(settings), loglevel="INFO").execute_from_commandline()


@app.command("matrix-worker")
def matrix_worker() -> None:
    """Run the WSIS–SDG Matrix worker: the projects evidencing each action line × SDG pair, into the matrix index."""
    import faust

    from storage.topics import ensure_matrix_topics
    from streams.matrix_app import create_app

    settings = get_settings()
    ensure_matrix_topics(settings)
    faust.Worker(create_app(settings), loglevel="INFO").execute_from_commandline()


users_app = typer.Typer(help="Dashboard users (judges, organisers, regional offices, voters).", no_args_is_help=True)
app.add_typer(users_app, name="user")


@users_app.command("add")
def user_add(
    username: str = typer.Argument(...),
    role: str = typer.Option(..., help="judge, organiser, regional or public"),
    name: str = typer.Option("", help="full name"),
    organisation: str = typer.Option("", help="a judge's organisation: its entries are never assigned to them"),
    region: str = typer.Option(None, help="ITU region of a regional office user"),
) -> None:
    """Add (or replace) a dashboard user; the password is asked for, and stored only as a scrypt hash."""
    from pydantic import ValidationError

    from schemas.users import User
    from storage.users import add_user

    try:
        user = User(username=username, role=role, name=name, organisation=organisation, region=region)
    except ValidationError as exc:
        raise typer.BadParameter(str(exc)) from exc
    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    path = get_settings().users_path
    add_user(path, user, password)
    typer.echo(f"{username} ({role}) saved in {path}")


if __name__ == "__main__":
    app()
