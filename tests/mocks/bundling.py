"""Bundle a multi-file contract into one document for schemathesis, which does not follow `$ref`s
of whole operations (DigitalOcean's contract keeps every operation in its own file).

Each external `$ref` target becomes one entry of the right `components` section.
"""

from __future__ import annotations

import copy
from typing import Any

from accord.contracts.model import Contract
from accord.documents.loader import Document

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
VALUE_KIND = {
    "requestBody": "requestBodies",
    "schema": "schemas",
    "items": "schemas",
    "not": "schemas",
    "additionalProperties": "schemas",
}
CHILD_KIND = {
    "responses": "responses",
    "parameters": "parameters",
    "headers": "headers",
    "examples": "examples",
    "links": "links",
    "callbacks": "callbacks",
    "properties": "schemas",
    "allOf": "schemas",
    "anyOf": "schemas",
    "oneOf": "schemas",
}


def bundle(contract: Contract) -> dict[str, Any]:
    names: dict[str, tuple[str, str]] = {}
    store: dict[str, dict[str, Any]] = {}
    root_doc = contract.document

    def rewrite(value: Any, doc: Document, kind: str) -> Any:
        if isinstance(value, list):
            return [rewrite(v, doc, kind) for v in value]
        if not isinstance(value, dict):
            return value
        ref = value.get("$ref")
        if isinstance(ref, str):
            resolved = contract.resolver.resolve(ref, doc)
            if resolved.document is root_doc:
                return {"$ref": "#" + resolved.pointer}
            key = f"{resolved.document.name}#{resolved.pointer}"
            if key not in names:
                names[key] = (kind, f"xb{len(names)}")
                section = store.setdefault(kind, {})
                section[names[key][1]] = {}
                section[names[key][1]] = rewrite(resolved.value, resolved.document, kind)
            section_name, name = names[key]
            return {"$ref": f"#/components/{section_name}/{name}"}
        out = {}
        for key, child in value.items():
            if key in VALUE_KIND:
                out[key] = rewrite(child, doc, VALUE_KIND[key])
            elif key in CHILD_KIND and isinstance(child, dict) and isinstance(child.get("$ref"), str):
                # a whole map given by reference (DigitalOcean's `properties: {$ref: ...}`)
                target, target_doc = contract.resolver.deref(child, doc)
                out[key] = {k: rewrite(v, target_doc, CHILD_KIND[key]) for k, v in target.items()}
            elif key in CHILD_KIND and isinstance(child, dict):
                out[key] = {k: rewrite(v, doc, CHILD_KIND[key]) for k, v in child.items()}
            elif key in CHILD_KIND and isinstance(child, list):
                out[key] = [rewrite(v, doc, CHILD_KIND[key]) for v in child]
            else:
                out[key] = rewrite(child, doc, kind)
        return out

    data = copy.deepcopy(contract.data)
    paths = {}
    for template, raw_item in (data.get("paths") or {}).items():
        item, item_doc = contract.resolver.deref(raw_item, root_doc)
        new_item = {}
        for key, value in item.items():
            if key in METHODS:
                op, op_doc = contract.resolver.deref(value, item_doc)
                new_item[key] = rewrite(op, op_doc, "schemas")
            else:
                new_item[key] = rewrite(value, item_doc, "schemas")
        paths[template] = new_item
    data = {k: rewrite(v, root_doc, "schemas") if k != "paths" else paths for k, v in data.items()}
    components = data.setdefault("components", {})
    for section, entries in store.items():
        components.setdefault(section, {}).update(entries)
    return data
