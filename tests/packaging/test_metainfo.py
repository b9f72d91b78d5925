"""packaging/*.metainfo.xml: the AppStream data software centres show."""

from __future__ import annotations

import tomllib
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import jarvis
from tests.packaging.support import (
    DESKTOP_FILE,
    METAINFO_FILE,
    METAINFO_ID,
    ROOT,
    png_size,
    run,
    tool,
)


def component() -> ET.Element:
    return ET.parse(METAINFO_FILE).getroot()


def test_metainfo_validates_with_appstreamcli() -> None:
    done = run([tool("appstreamcli"), "validate", "--no-net", "--pedantic",
                str(METAINFO_FILE)])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Validation was successful" in done.stdout


def test_the_only_metainfo_file_is_named_by_its_component_id() -> None:
    assert [p.name for p in METAINFO_FILE.parent.glob("*.metainfo.xml")] == [
        METAINFO_FILE.name]
    root = component()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == METAINFO_ID


def test_launchable_is_the_desktop_entry_and_binary_is_the_command() -> None:
    root = component()
    launchable = root.find("launchable")
    assert launchable is not None
    assert launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP_FILE.name
    assert root.findtext("provides/binary") == "jarvis"


def test_licenses_match_the_project() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    root = component()
    assert root.findtext("project_license") == project["license"]
    assert root.findtext("metadata_license") == "CC0-1.0"


def test_newest_release_is_the_version_jarvis_reports() -> None:
    releases = component().findall("releases/release")
    assert releases, "no <release>"
    assert releases[0].get("version") == jarvis.__version__


def test_screenshots_are_files_in_docs_screenshots_with_their_real_size() -> None:
    images = component().findall("screenshots/screenshot/image")
    assert len(images) >= 1
    for image in images:
        path = urlsplit(image.text or "").path
        name = path.rsplit("/", 1)[-1]
        assert path.endswith(f"/docs/screenshots/{name}"), path
        local = ROOT / "docs" / "screenshots" / name
        assert local.is_file(), f"{name} is not in docs/screenshots"
        declared = (int(image.get("width", "0")), int(image.get("height", "0")))
        assert declared == png_size(local), name


def test_content_rating_is_declared() -> None:
    rating = component().find("content_rating")
    assert rating is not None
    assert rating.get("type") == "oars-1.1"
