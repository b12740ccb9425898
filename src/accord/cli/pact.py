"""`accord pact ...`: consumer-driven contract tests."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Consumer-driven contract tests with Pact: verify, check, publish, can-i-deploy.",
    no_args_is_help=True,
)

from accord.cli import pact_verify  # noqa: E402

app.command("verify")(pact_verify.verify)

from accord.cli import pact_check  # noqa: E402

app.command("check")(pact_check.check)

from accord.cli import pact_broker  # noqa: E402

app.command("publish")(pact_broker.publish)
app.command("can-i-deploy")(pact_broker.can_i_deploy)
