"""Provider adapters: the only modules that call a provider SDK.

Each adapter turns one SDK's stream into :mod:`jarvis.events` provider events
and one :class:`jarvis.usage.Usage` shape, and every SDK failure into a
:class:`jarvis.errors.ProviderError`. SDKs are imported lazily, when the first
request for that provider is made, so start-up never pays for them.
"""
