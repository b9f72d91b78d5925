"""Data files that ship with Jarvis: icons, style sheets, default config.

Installed as the package ``jarvis_resources`` (see setup.py), so code finds
them the same way in a checkout, an editable install and a wheel::

    from importlib.resources import files

    icon = files("jarvis_resources") / "icons" / "jarvis.svg"

This package holds no code.
"""
