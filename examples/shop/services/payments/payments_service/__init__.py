"""The payments service of the example shop."""
