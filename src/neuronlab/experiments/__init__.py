"""One runnable experiment per lab: a config dataclass, ``run(config)`` → JSON-able result."""
