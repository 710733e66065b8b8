"""plumb's pre-commit hook runs the ``plumb`` command of the plumb-lint wheel: nothing here."""
