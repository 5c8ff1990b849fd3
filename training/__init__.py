"""Training and evaluation commands, kept apart from the product.

Run as modules from the repository root, e.g. ``python -m training.checkworthy --help``.
Nothing under ``claims/`` or ``factcheck/`` imports this package; the app installs and runs
without its extras (``requirements-train.txt``, ``requirements-teacher.txt``).
"""
