"""accord's pytest plugin (entry point `pytest11`): fixtures for mocks and pacts."""
