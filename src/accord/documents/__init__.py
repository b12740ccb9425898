"""The ground floor: documents read with their line numbers, and `$ref`s between them.

`loader` parses YAML and JSON (a fast Rust parser, and the careful libyaml path in
`yaml_tree` for what only a node tree can judge), `locate` answers "which line is this JSON
pointer on", `refs` resolves `$ref`s across files. Nothing here imports anything above it.
"""
