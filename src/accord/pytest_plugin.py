"""accord's pytest plugin (entry point `pytest11`): fixtures for mocks and pacts."""

from accord.contracts.pact.fixtures import accord_pact, accord_pact_recorders  # noqa: F401
