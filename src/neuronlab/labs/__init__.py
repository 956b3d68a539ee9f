"""Course-compatible facades: one module per lab, the course's function names over the engine."""
