"""Developer sessions: tests, lint, typecheck, bench, mutation."""

from __future__ import annotations

import os

import nox

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_existing_virtualenvs = True


@nox.session(python="3.11")
def tests(session: nox.Session) -> None:
    """The test suite, as CI runs it."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff check and format check."""
    session.install("ruff>=0.5")
    session.run("ruff", "check", "src", "tests", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "benchmarks", "noxfile.py")


@nox.session(python="3.11")
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the package."""
    session.install("-e", ".[dev]")
    session.run("mypy")


@nox.session(python="3.11")
def bench(session: nox.Session) -> None:
    """Benchmarks against the tools users would pick instead; writes benchmarks/RESULTS.md."""
    session.install("-e", ".[dev]")
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session(python="3.11")
def mutation(session: nox.Session) -> None:
    """Mutation testing (mutmut) of the code that judges contracts, on its fast tests.

    What is mutated and which tests run is `[tool.mutmut]` in pyproject.toml; the score and the
    surviving mutants go in benchmarks/RESULTS.md. `nox -s mutation -- NAME...` re-runs some.
    """
    session.install("-e", ".[dev]")
    session.run("mutmut", "run", "--max-children", str(os.cpu_count() or 2), *session.posargs)
    session.run("mutmut", "export-cicd-stats")
    session.run("mutmut", "results")
