"""The Office add-in manifest served at /addin/manifest.xml: the schema's element order, the required
elements, https URLs on one origin (the server's public one), and every URL in it answering."""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from server.app import create_app
from tests.conftest import SECRET

NS = "{http://schemas.microsoft.com/office/appforoffice/1.1}"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"

# The children of <OfficeApp xsi:type="TaskPaneApp"> in the order of the OfficeApp 1.1 schema: the
# abstract OfficeApp sequence (Id .. Requirements) extended by TaskPaneApp (DefaultSettings .. ExtendedOverrides).
# Each occurs at most once.
OFFICEAPP_ORDER = [
    "Id",
    "AlternateId",
    "Version",
    "ProviderName",
    "DefaultLocale",
    "DisplayName",
    "Description",
    "IconUrl",
    "HighResolutionIconUrl",
    "SupportUrl",
    "AppDomains",
    "Hosts",
    "Requirements",
    "DefaultSettings",
    "Permissions",
    "Dictionary",
    "VersionOverrides",
    "ExtendedOverrides",
]
REQUIRED = [
    "Id",
    "Version",
    "ProviderName",
    "DefaultLocale",
    "DisplayName",
    "Description",
    "DefaultSettings",
    "Permissions",
]
# TaskPaneAppSettings: SourceLocation (required), then the optional sizes
DEFAULT_SETTINGS_ORDER = ["SourceLocation", "RequestedWidth", "RequestedHeight"]
PERMISSIONS = {"Restricted", "ReadDocument", "ReadAllDocument", "WriteDocument", "ReadWriteDocument"}
HOST_NAMES = {"Document", "Database", "Mailbox", "Notebook", "Presentation", "Project", "Workbook"}
URL_ELEMENTS = {"IconUrl", "HighResolutionIconUrl", "SupportUrl", "SourceLocation"}


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Any]:
    apps: list[Any] = []

    def make(public_url: str | None = None) -> Any:
        config = {"DATABASE_URL": f"sqlite:///{tmp_path / f'm{len(apps)}.db'}", "SECRET_KEY": SECRET, "TESTING": True}
        if public_url is not None:
            config["PUBLIC_URL"] = public_url
        app = create_app(config)
        apps.append(app)
        return app.test_client()

    yield make
    for app in apps:
        app.extensions["matrixsync"].store.dispose()


def local(tag: str) -> str:
    assert tag.startswith(NS), f"element {tag} is outside the OfficeApp 1.1 namespace"
    return tag[len(NS) :]


def in_schema_order(children: list[str], order: list[str]) -> None:
    unknown = [c for c in children if c not in order]
    assert not unknown, f"elements the schema does not allow here: {unknown}"
    assert len(set(children)) == len(children), f"an element occurs twice: {children}"
    positions = [order.index(c) for c in children]
    assert positions == sorted(positions), f"out of schema order: {children}; expected the order of {order}"


def urls_in(root: ET.Element) -> list[str]:
    found = []
    for el in root.iter():
        for value in [*el.attrib.values(), el.text or ""]:
            if re.match(r"^\s*[a-z][a-z0-9+.-]*://", value, re.I):
                found.append(value.strip())
    return found


def fetch_manifest(client: Any, base_url: str = "http://localhost") -> ET.Element:
    response = client.get("/addin/manifest.xml", base_url=base_url)
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    return ET.fromstring(response.data)


def test_manifest_follows_the_taskpane_schema(make_client: Any) -> None:
    root = fetch_manifest(make_client("https://matrix.gemeente.nl"))
    assert local(root.tag) == "OfficeApp"
    assert root.get(XSI_TYPE) == "TaskPaneApp"
    children = [local(c.tag) for c in root]
    in_schema_order(children, OFFICEAPP_ORDER)
    for name in REQUIRED:
        assert name in children, f"required element {name} is missing"

    def one(name: str) -> ET.Element:
        el = root.find(NS + name)
        assert el is not None
        return el

    uuid.UUID(one("Id").text or "")  # a GUID
    assert re.fullmatch(r"\d+(\.\d+){0,3}", one("Version").text or "")
    assert (one("ProviderName").text or "").strip()
    assert one("DefaultLocale").text == "nl-NL"
    assert 0 < len(one("DisplayName").get("DefaultValue", "")) <= 125
    assert 0 < len(one("Description").get("DefaultValue", "")) <= 250
    assert one("Permissions").text in PERMISSIONS
    settings = [local(c.tag) for c in one("DefaultSettings")]
    in_schema_order(settings, DEFAULT_SETTINGS_ORDER)
    assert "SourceLocation" in settings
    hosts = one("Hosts")
    assert all(local(h.tag) == "Host" for h in hosts)
    names = [h.get("Name") for h in hosts]
    assert set(names) <= HOST_NAMES
    assert sorted(n for n in names if n) == ["Presentation", "Workbook"]
    for name in URL_ELEMENTS:
        if name in children or name == "SourceLocation":
            el = root.find(f".//{NS}{name}")
            assert el is not None and el.get("DefaultValue"), f"{name} needs a DefaultValue"


def test_every_url_is_https_on_the_public_origin(make_client: Any) -> None:
    client = make_client("https://matrix.gemeente.nl/")
    root = fetch_manifest(client)
    urls = urls_in(root)
    assert len(urls) >= 4, urls
    origins = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in urls}
    assert origins == {"https://matrix.gemeente.nl"}, origins
    for url in urls:
        path = urlsplit(url).path
        response = client.get(path, base_url="https://matrix.gemeente.nl")
        # the pane pages answer 503 with a Dutch page while web/ has not been built
        assert response.status_code in ((200, 503) if path.endswith(".html") else (200,)), (url, response.status)
        if path.endswith(".png"):
            assert response.data.startswith(b"\x89PNG\r\n\x1a\n")


def test_without_public_url_the_request_origin_is_used(make_client: Any) -> None:
    client = make_client(None)
    root = fetch_manifest(client, base_url="https://localhost:3000")
    origins = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in urls_in(root)}
    assert origins == {"https://localhost:3000"}


def test_the_panes_get_the_columns_of_the_partner_template(make_client: Any) -> None:
    from server.office.columns import ACTIVITY_COLUMNS
    from server.transports.addin_http import pane_config

    client = make_client("https://matrix.gemeente.nl")
    with client.application.test_request_context():
        config = pane_config()
    assert [c["header"] for c in config["columns"]] == [c.header for c in ACTIVITY_COLUMNS]
    sources = {c.source for c in ACTIVITY_COLUMNS if c.kind in ("choice", "multi") and c.source}
    assert {s["source"] for s in config["lists"]} == sources
    assert all(s["name"] == "lijst_" + s["source"] for s in config["lists"])
    static = Path(client.application.static_folder or "") / "addin" / "excel.html"
    response = client.get("/addin/excel.html")
    if static.exists():
        assert response.status_code == 200
        assert b'id="matrixsync-addin-config"' in response.data
        assert b"https://appsforoffice.microsoft.com/lib/1/hosted/office.js" in response.data
    else:
        assert response.status_code == 503
        assert "make web" in response.get_data(as_text=True)


def test_workspaces_need_a_sign_in(make_client: Any) -> None:
    client = make_client(None)
    response = client.get("/addin/werkruimtes")
    assert response.status_code == 401
    assert response.get_json()["message"]
