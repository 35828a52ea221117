"""Helpers shared by the CLI commands: error reporting and progress messages."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from classifier.errors import ClassifyError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_USAGE = 2
EXIT_INTERNAL = 1
#: ``predict``: some inputs could not be read (the others were processed).
EXIT_SOME_FAILED = 1


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print ``classify: error: message`` on stderr and return the Exit to raise."""
    typer.echo(f"classify: error: {message}", err=True)
    return typer.Exit(code)


def guarded(debug_flag: str = "debug") -> Callable[[F], F]:
    """Turn library errors into one-line messages and exit codes (tracebacks with --debug)."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except (typer.Exit, typer.BadParameter):
                raise
            except ClassifyError as exc:
                if kwargs.get(debug_flag):
                    raise
                raise fail(str(exc), exc.exit_code) from None
            except KeyboardInterrupt:
                raise fail("interrupted", 130) from None
            except BrokenPipeError:
                sys.stderr.close()
                raise typer.Exit(0) from None
            except Exception as exc:
                if kwargs.get(debug_flag):
                    raise
                raise fail(
                    f"internal error: {type(exc).__name__}: {exc} (rerun with --debug)",
                    EXIT_INTERNAL,
                ) from None

        return wrapper  # type: ignore[return-value]

    return decorate


def progress_printer(quiet: bool) -> Callable[[str], None]:
    """A progress callback writing to stderr when it is a terminal and not ``quiet``."""
    if quiet or not sys.stderr.isatty():
        return lambda _message: None
    return lambda message: typer.echo(f"… {message}", err=True)


DebugOption = typer.Option(False, "--debug", help="Show tracebacks of errors.")
QuietOption = typer.Option(False, "--quiet", "-q", help="No progress messages.")
