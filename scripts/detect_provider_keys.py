"""detect-secrets plugin: the API keys of the providers Jarvis talks to.

detect-secrets' own detectors find these keys only when they sit in quotes
or after a word like ``api_key``; a bare key pasted into notes or a doc
slips through. These shapes catch it anywhere. Loaded through
.secrets.baseline (``plugins_used``), so the scan and
``detect-secrets scan --baseline .secrets.baseline`` both use it.
"""

from __future__ import annotations

import re

from detect_secrets.plugins.base import RegexBasedDetector

# Key characters may not continue on either side: a key glued to other key
# characters is part of something longer (a hash, an identifier).
_EDGE_BEFORE = r"(?<![A-Za-z0-9_-])"
_EDGE_AFTER = r"(?![A-Za-z0-9_-])"


class ProviderKeyDetector(RegexBasedDetector):
    """Anthropic, OpenAI and Google AI Studio API keys."""

    # The label detect-secrets prints for a finding, not a secret.
    secret_type = "Provider API Key"  # pragma: allowlist secret  # nosec B105

    denylist = tuple(
        re.compile(_EDGE_BEFORE + shape + _EDGE_AFTER)
        for shape in (
            r"sk-ant-[a-z]{3,8}\d{2}-[A-Za-z0-9_-]{40,}",  # Anthropic
            r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}",  # OpenAI, scoped
            r"sk-[A-Za-z0-9]{48}",  # OpenAI, legacy user key
            r"AIza[0-9A-Za-z_-]{35}",  # Google API key (Gemini)
        )
    )
