"""The orders service of the example shop."""
