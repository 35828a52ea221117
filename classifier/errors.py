"""Errors that the CLI turns into one-line messages and exit codes."""


class ClassifyError(Exception):
    """Base class for errors a user can act on. ``exit_code`` is what the CLI returns."""

    exit_code = 1


class InputError(ClassifyError):
    """Bad input: a missing, empty, binary or undecodable file, or bad training data."""

    exit_code = 2


class ModelError(ClassifyError):
    """A model directory that is missing, corrupt, untrusted or incompatible."""

    exit_code = 2


def input_error(source: str, problem: str) -> InputError:
    """Return an ``InputError`` with the one-line message ``"<source>: <problem>"``."""
    return InputError(" ".join(f"{source}: {problem}".split()))


class RegressionError(ClassifyError):
    """A retrained model scores worse than the model it would replace."""

    exit_code = 2
