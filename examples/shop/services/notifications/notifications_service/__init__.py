"""The notifications service of the example shop."""
