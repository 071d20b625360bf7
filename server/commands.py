"""The ``matrixsync`` commands (click). Each works on the database named by ``--db``, or
``MATRIXSYNC_DATABASE_URL``, or the default SQLite file under ``MATRIXSYNC_HOME`` (./instance)."""

from __future__ import annotations

import contextlib
import sys

import click

from . import config
from .auth.tokens import issue_token
from .storage.store import Store, upgrade
from .sync.core import SyncCore
from .sync.workspaces import WorkspaceError, create_workspace, ensure_member

db_option = click.option("--db", "db_url", envvar="MATRIXSYNC_DATABASE_URL", default=None, help="Database URL.")


def _core(db_url: str | None) -> SyncCore:
    store = Store(db_url or config.database_url())
    upgrade(store.engine)
    return SyncCore(store)


def _fail(message: str) -> None:
    click.echo(f"Fout: {message}", err=True)
    sys.exit(1)


@click.group(help="matrixsync: de Preventiematrix samen bijhouden, live.")
def cli() -> None:
    pass


@cli.command(help="Start de server (gevent).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@db_option
def serve(host: str, port: int, db_url: str | None) -> None:
    from gevent.pywsgi import WSGIServer

    from .app import create_app
    from .transports.wsgi import listener

    settings = {"DATABASE_URL": db_url} if db_url else None
    app = create_app(settings, async_mode="gevent")
    sock = listener(host, port)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"matrixsync draait op http://{shown}:{sock.getsockname()[1]}  (stoppen: Ctrl+C)", err=True)
    server = WSGIServer(sock, app, log=None)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


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
    core = _core(db_url)
    if core.store.workspace(slug) is None:
        _fail(f"Werkruimte '{slug}' bestaat niet.")
    try:
        member_id = ensure_member(core, slug, partner_slug, role, name)
    except WorkspaceError as exc:
        _fail(str(exc))
    click.echo(issue_token(config.secret_key(), slug, member_id))
