"""Build hook: the package list, with resources/ shipped as `jarvis_resources`.

Everything else about the project lives in pyproject.toml. setuptools cannot
discover packages automatically and also map a folder to a package of another
name, so the discovery happens here: jarvis and ui with all their subpackages
(found at build time, nothing to keep in sync), plus the top-level resources/
folder as the importable package `jarvis_resources`, so that the wheel carries
icons, style sheets and the default config on its own.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["jarvis", "jarvis.*", "ui", "ui.*"]),
        "jarvis_resources",
    ],
    package_dir={"jarvis_resources": "resources"},
)
