"""The `wsis` command: run the pipeline's stages, submit files, tag text."""

import logging
import sys
from pathlib import Path

import typer

from wsis.settings import get_settings

app = typer.Typer(help="WSIS Stocktaking & Prizes pipeline.", no_args_is_help=True, add_completion=False)


def _logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@app.command()
def up(
    demo: bool = typer.Option(False, "--demo", help="also publish a realistic demo dataset"),
    demo_size: int = typer.Option(1000, help="number of demo submissions (5 % of them invalid)"),
) -> None:
    """Start everything: local servers (unless WSIS_KAFKA_BOOTSTRAP / WSIS_ES_URL point elsewhere), the worker,
    the indexer and the dashboard. Ctrl-C stops all of it."""
    from wsis.supervisor import run_pipeline

    _logging()
    run_pipeline(get_settings(), demo_size if demo else 0)


@app.command()
def worker() -> None:
    """Run the stream worker: validate, normalise and tag raw submissions."""
    import faust

    from streams.app import create_app
    from wsis.topics import ensure_topics

    settings = get_settings()
    ensure_topics(settings)
    faust.Worker(create_app(settings), loglevel="INFO").execute_from_commandline()


@app.command("index")
def index_command() -> None:
    """Run the indexer: keep the search index in step with the tagged topic."""
    from indexer.consumer import run_indexer
    from wsis.topics import ensure_topics

    _logging()
    settings = get_settings()
    ensure_topics(settings)
    run_indexer(settings)


@app.command()
def dashboard() -> None:
    """Serve the Streamlit dashboard on 127.0.0.1."""
    import subprocess

    settings = get_settings()
    script = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"
    raise typer.Exit(subprocess.call([
        sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
        "--server.address", settings.dashboard_host, "--server.port", str(settings.dashboard_port),
        "--browser.gatherUsageStats", "false",
    ]))


@app.command()
def submit(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="a .csv, .json or .jsonl file"),
    submitter: str = typer.Option(None, help="who submits (email), recorded with each submission"),
) -> None:
    """Bulk import: publish every row of FILE as a submission, with a progress bar and a summary."""
    import json

    from rich.progress import Progress

    from producers.bulk_import import count_rows, import_file
    from producers.publisher import SubmissionPublisher
    from wsis.topics import ensure_topics

    settings = get_settings()
    ensure_topics(settings)
    publisher = SubmissionPublisher(settings)
    with Progress() as progress:
        task = progress.add_task(f"Submitting {file.name}", total=count_rows(file))
        summary = import_file(file, publisher, submitter, on_row=lambda: progress.advance(task))
    publisher.close()
    typer.echo(f"published {len(summary.published)}, unreadable {len(summary.unreadable)}, "
               f"undelivered {len(summary.undelivered)}")
    for number, reason in summary.unreadable:
        typer.echo(f"  row {number}: {reason}", err=True)
    if summary.undelivered:
        retry = file.with_name(f"{file.stem}.retry.jsonl")
        retry.write_text("".join(json.dumps(row) + "\n" for row in summary.undelivered), encoding="utf-8")
        typer.echo(f"rows the broker did not acknowledge are in {retry}: run `wsis submit {retry}` again", err=True)
    if summary.unreadable or summary.undelivered:
        raise typer.Exit(1)


@app.command("tag")
def tag_command(
    text: str = typer.Argument(None, help="text to tag (title and description)"),
    jsonl: bool = typer.Option(False, "--jsonl", help='read {"id", "text"} JSON lines on stdin, write tags'),
) -> None:
    """Tag text with SDGs, action lines and a prize category, with the evidence for each tag."""
    from streams.tagging import format_for_humans, tag, tag_jsonl

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
    from wsis.topics import ensure_topics

    settings = get_settings()
    ensure_topics(settings)
    publisher = SubmissionPublisher(settings)
    publish_demo(publisher, generate(count, invalid, seed))
    publisher.close()
    typer.echo(f"published {count} demo submissions ({invalid} invalid) to {settings.topic_raw}")


if __name__ == "__main__":
    app()
