"""Consumer-driven contract tests with Pact: record pacts, verify providers, check pacts offline.

Recording, matching and verifying are pact-python's (its Rust core); accord manages the
files, the provider under test, the findings and the verification matrix around it.
"""
