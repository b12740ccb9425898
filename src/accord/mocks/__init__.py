"""Mock dependencies made from contracts and pacts: servers and in-process (respx) mocks."""
