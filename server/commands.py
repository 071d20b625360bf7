"""The ``matrixsync`` commands (click). Each works on the database named by ``--db``, or
``MATRIXSYNC_DATABASE_URL``, or the default SQLite file under ``MATRIXSYNC_HOME`` (./instance)."""

from __future__ import annotations

import contextlib
import sys
from typing import NoReturn

import click

from . import config
from .auth.tokens import issue_token
from .domain.state import WorkspaceState
from .storage.store import Store, upgrade
from .sync.core import SyncCore
from .sync.workspaces import WorkspaceError, create_workspace, ensure_member

db_option = click.option("--db", "db_url", envvar="MATRIXSYNC_DATABASE_URL", default=None, help="Database URL.")


def _core(db_url: str | None) -> SyncCore:
    store = Store(db_url or config.database_url())
    upgrade(store.engine)
    return SyncCore(store)


def _open_workspace(db_url: str | None, slug: str) -> tuple[SyncCore, WorkspaceState]:
    """The core and the workspace's header (no objects); stops with a Dutch error when there is no such
    workspace."""
    core = _core(db_url)
    header = core.store.workspace(slug)
    if header is None:
        _fail(f"Werkruimte '{slug}' bestaat niet.")
    return core, header


def _fail(message: str) -> NoReturn:
    click.echo(f"Fout: {message}", err=True)
    sys.exit(1)


@click.group(help="matrixsync: de Preventiematrix samen bijhouden, live.")
def cli() -> None:
    pass


@cli.command(help="Start de server (gevent).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@db_option
@click.option(
    "--redis",
    "redis_url",
    envvar="MATRIXSYNC_REDIS_URL",
    default=None,
    help="Redis-URL: nodig bij meer dan een serverproces (wijzigingen en aanwezigheid tussen de processen).",
)
def serve(host: str, port: int, db_url: str | None, redis_url: str | None) -> None:
    import logging
    import os
    import signal

    import gevent
    import gevent.util
    from gevent.pywsgi import WSGIServer

    from .app import create_app
    from .transports.socket import SyncNamespace
    from .transports.wsgi import listener

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("server").setLevel(logging.INFO)
    settings: dict[str, str] = {}
    if db_url:
        settings["DATABASE_URL"] = db_url
    if redis_url:
        settings["REDIS_URL"] = redis_url
    app = create_app(settings or None, async_mode="gevent")
    namespace: SyncNamespace = app.extensions["matrixsync.sync_namespace"]
    namespace.start(app.config.get("REDIS_URL"))
    sock = listener(host, port)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"matrixsync draait op http://{shown}:{sock.getsockname()[1]}  (stoppen: Ctrl+C)", err=True)
    from geventwebsocket.handler import WebSocketHandler

    server = WSGIServer(sock, app, log=None, handler_class=WebSocketHandler)

    def stop() -> None:
        # nothing to flush (every acknowledged mutation is committed); tell the other processes we are gone
        namespace.shutdown()
        os._exit(0)

    gevent.signal_handler(signal.SIGTERM, stop)
    # diagnostics: every greenlet's stack on stderr (kill -USR1 PID)
    gevent.signal_handler(signal.SIGUSR1, lambda: gevent.util.print_run_info(file=sys.stderr))
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    namespace.shutdown()


@cli.command(help="Laad de demowerkruimte 'demo' (nog een keer laden verandert niets).")
@db_option
def demo(db_url: str | None) -> None:
    from .demo import load_demo

    core = _core(db_url)
    try:
        created = load_demo(core)
    except WorkspaceError as exc:
        _fail(str(exc))
    click.echo("Demowerkruimte 'demo' geladen." if created else "Demowerkruimte 'demo' was er al.")


@cli.group(help="Database-onderhoud.")
def db() -> None:
    pass


@db.command("upgrade", help="Breng de database naar de nieuwste versie (Alembic).")
@db_option
def db_upgrade(db_url: str | None) -> None:
    _core(db_url)
    click.echo("Database bijgewerkt.")


@cli.group(help="Werkruimten.")
def workspace() -> None:
    pass


@workspace.command("create", help="Maak een werkruimte met de standaardassen en matrices.")
@click.argument("slug")
@click.argument("name")
@db_option
def workspace_create(slug: str, name: str, db_url: str | None) -> None:
    try:
        created = create_workspace(_core(db_url), slug, name)
    except WorkspaceError as exc:
        _fail(str(exc))
    click.echo(f"Werkruimte '{slug}' aangemaakt." if created else f"Werkruimte '{slug}' bestond al.")


@cli.command(help="Druk een toegangsbewijs (bearer token) af voor lokaal gebruik.")
@click.option("--workspace", "slug", required=True)
@click.option("--partner", "partner_slug", required=True)
@click.option("--role", type=click.Choice(["coordinator", "partner", "viewer"]), required=True)
@click.option("--name", default=None, help="Naam van het lid (standaard: partner en rol).")
@db_option
def token(slug: str, partner_slug: str, role: str, name: str | None, db_url: str | None) -> None:
    core, _ = _open_workspace(db_url, slug)
    try:
        member_id = ensure_member(core, slug, partner_slug, role, name)
    except WorkspaceError as exc:
        _fail(str(exc))
    click.echo(issue_token(config.secret_key(), slug, member_id))


@cli.command(help="Schrijf het Excel-sjabloon van een partner (zonder --partner: alle activiteiten).")
@click.option("--workspace", "slug", required=True)
@click.option("--partner", "partner_slug", default=None)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False))
@db_option
def template(slug: str, partner_slug: str | None, output: str, db_url: str | None) -> None:
    from .domain.mutation import system_principal
    from .office.excel_roundtrip import RoundTripError, export_template

    core, _ = _open_workspace(db_url, slug)
    try:
        data, _name = export_template(core, system_principal(slug), partner_slug, config.secret_key())
    except (RoundTripError, WorkspaceError) as exc:
        _fail(str(exc))
    _write_atomically(output, data)
    click.echo(f"Sjabloon geschreven naar {output}.")


@cli.command(help="Voeg een ingevuld Excel-sjabloon samen met de werkruimte.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--workspace", "slug", required=True)
@click.option("--json", "as_json", is_flag=True, help="Het verslag als JSON.")
@db_option
def merge(file: str, slug: str, as_json: bool, db_url: str | None) -> None:
    import json
    from pathlib import Path

    from .domain.mutation import system_principal
    from .office.excel_roundtrip import RoundTripError, merge_workbook
    from .office.xlsx_read import UploadError

    core, _ = _open_workspace(db_url, slug)
    try:
        report = merge_workbook(core, system_principal(slug, "upload"), Path(file).read_bytes(), config.secret_key())
    except (UploadError, RoundTripError) as exc:
        _fail(str(exc))
    click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if as_json else report.text())


def _write_atomically(path: str, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename, so a crash never leaves half a file."""
    import os
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".matrixsync-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


@cli.command(help="Druk een inloglink af (eenmalig te gebruiken, een week geldig).")
@click.option("--workspace", "slug", required=True)
@click.option("--partner", "partner_slug", required=True)
@click.option("--role", type=click.Choice(["coordinator", "partner", "viewer"]), required=True)
@click.option("--name", default=None, help="Naam van het lid (standaard: partner en rol).")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
@db_option
def link(slug: str, partner_slug: str, role: str, name: str | None, base_url: str, db_url: str | None) -> None:
    from .auth.links import create_link

    core, header = _open_workspace(db_url, slug)
    try:
        member_id = ensure_member(core, slug, partner_slug, role, name)
    except WorkspaceError as exc:
        _fail(str(exc))
    click.echo(f"{base_url.rstrip('/')}/login/{create_link(core.store, header.workspace_id, member_id)}")


@cli.command(help="De analyse van de zes vragen voor een werkruimte.")
@click.option("--workspace", "slug", required=True)
@click.option("--matrix", "matrix_id", default=None, help="Id van de matrix (standaard de eerste).")
@click.option("--since", type=int, default=None, help="Wijzigingen sinds dit volgnummer.")
@click.option("--json", "as_json", is_flag=True)
@db_option
def analyse(slug: str, matrix_id: str | None, since: int | None, as_json: bool, db_url: str | None) -> None:
    import json

    from .analysis import analyse as run
    from .analysis.render import sections_text

    core, _ = _open_workspace(db_url, slug)
    changes = core.ops_since(slug, since) if since is not None else None
    try:
        result = run(core.state(slug), matrix_id, since, changes)
    except KeyError:
        _fail(f"Matrix '{matrix_id}' bestaat niet in werkruimte '{slug}'.")
    click.echo(
        json.dumps(result.as_dict(), ensure_ascii=False, indent=2) if as_json else sections_text(result.sections())
    )


@cli.command(help="Schrijf de ingevulde Preventiematrix-werkmap (met analyse) uit de actuele stand.")
@click.option("--workspace", "slug", required=True)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False))
@db_option
def workbook(slug: str, output: str, db_url: str | None) -> None:
    from .analysis import analyse as run
    from .office.xlsx_workbook import build_workbook

    core, _ = _open_workspace(db_url, slug)
    state = core.state(slug)
    _write_atomically(output, build_workbook(state, run(state).sections()))
    click.echo(f"Werkmap geschreven naar {output}.")


@cli.command(help="Schrijf de presentatie voor het bestuurlijk overleg (PowerPoint).")
@click.option("--workspace", "slug", required=True)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False))
@db_option
def deck(slug: str, output: str, db_url: str | None) -> None:
    from .office.deck import build_deck, latest_meeting

    core, _ = _open_workspace(db_url, slug)
    state = core.state(slug)
    meeting = latest_meeting(state)
    since = int(meeting.fields["seq"]) if meeting is not None else None
    changes = core.ops_since(slug, since) if since is not None else None

    def progress(percent: int, message: str) -> None:
        click.echo(f"[{percent:3d}%] {message}", err=True)

    _write_atomically(output, build_deck(state, since=since, changes=changes, progress=progress))
    click.echo(f"Presentatie geschreven naar {output}.")


@cli.command(help="Nodig iemand van een partner uit: drukt een eenmalige link af (een week geldig).")
@click.option("--workspace", "slug", required=True)
@click.option("--email", required=True)
@click.option("--partner", "partner_slug", required=True)
@click.option("--role", type=click.Choice(["coordinator", "partner", "viewer"]), default="partner", show_default=True)
@click.option("--name", default=None, help="Naam van het nieuwe lid (standaard: het deel van het adres voor de @).")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
@db_option
def invite(
    slug: str, email: str, partner_slug: str, role: str, name: str | None, base_url: str, db_url: str | None
) -> None:
    from .auth.links import create_invite
    from .sync.workspaces import partner_by_slug

    core, header = _open_workspace(db_url, slug)
    try:
        partner_id = partner_by_slug(core, slug, partner_slug)
    except WorkspaceError as exc:
        _fail(str(exc))
    if "@" not in email:
        _fail("Geef een geldig e-mailadres op.")
    _link_id, secret = create_invite(core.store, header.workspace_id, email.strip(), partner_id, role, name, "system")
    click.echo(f"{base_url.rstrip('/')}/login/{secret}")
