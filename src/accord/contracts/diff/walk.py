"""Walk two versions of an OpenAPI contract side by side and run every check where it applies.

Schemas are compared breadth-first per operation, each (old schema, new schema, direction)
pair once: a change in a shared component is reported once, at the shortest path of the
first operation that reaches it, instead of once per use.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from accord.contracts.diff.model import Change, Direction, Hit
from accord.contracts.diff.normalize import Api
from accord.contracts.diff.pairs import ApiPair, OperationPair, SchemaPair
from accord.contracts.diff.registry import Check, Scope, keywords_of, rules_in
from accord.contracts.diff.schema_refs import holds_ref
from accord.contracts.diff.schemas import build_view
from accord.contracts.diff.shapes import Node, Operation
from accord.contracts.diff.subschemas import subschema_pairs
from accord.contracts.diff.sunset import Notice
from accord.contracts.diff.unchanged import Unchanged
from accord.contracts.registry import Rule

__all__ = ["Differ", "SchemaTask"]

SchemaTask = tuple[Node, Node, Direction, str, str, str]  # old, new, direction, operation, where, path


class Differ:
    """Collects the changes between two versions; `changes` in the order they were found."""

    def __init__(self, old: Api, new: Api, notice: Notice | None = None) -> None:
        self.old, self.new = old, new
        self.notice = notice or Notice()
        self.changes: list[Change] = []
        self._seen_pairs: set[tuple[tuple[str, str], tuple[str, str], Direction]] = set()
        self._seen_changes: set[tuple[str, str, str, str]] = set()
        rules = rules_in(Scope.schema)
        # Check ids carry their direction: a request check never fires on a response.
        self._schema_rules = {
            direction: [(r, keywords_of(r)) for r in rules if not r.id.startswith(f"{other.value}-")]
            for direction, other in (
                (Direction.request, Direction.response),
                (Direction.response, Direction.request),
            )
        }
        # The checks that apply to a schema, by the keywords written in it: most schemas of a
        # contract hold one of a few dozen sets of keywords, and there are some 60 checks.
        self._applicable: dict[tuple[Direction, frozenset[str]], list[Rule[Check]]] = {}

    def emit(
        self, rule: Rule[Check], hits: Iterable[Hit], operation: str, where: str = "", path: str = ""
    ) -> None:
        for hit in hits:
            self._record(rule, hit, operation, where, path)

    def _record(self, rule: Rule[Check], hit: Hit, operation: str, where: str, path: str) -> None:
        """A change, once per check, place and detail (a shared schema is reached many times)."""
        key = (rule.id, hit.document.name, hit.pointer, hit.detail)
        if key in self._seen_changes:
            return
        self._seen_changes.add(key)
        spot = f"{where} {path}{hit.subpath}".strip() if (path or hit.subpath) else where
        op = hit.operation if hit.operation is not None else operation
        self.changes.append(
            Change(rule.id, rule.severity, op, spot, hit.detail, hit.document, hit.pointer, hit.side)
        )

    def diff_openapi(self) -> list[Change]:
        old_ops, new_ops = self.old.operations(), self.new.operations()
        old_hooks, new_hooks = self.old.reversed_operations(), self.new.reversed_operations()
        api = ApiPair(self.old, self.new, old_ops, new_ops, old_hooks, new_hooks, self.notice)
        for rule in rules_in(Scope.api):
            self.emit(rule, rule.check(api), "")
        first: deque[SchemaTask] = deque()
        last: deque[SchemaTask] = deque()
        unchanged = Unchanged(self.old, self.new)
        for new_side, old_side in ((new_ops, old_ops), (new_hooks, old_hooks)):
            for key, new_op in new_side.items():
                old_op = old_side.get(key)
                if old_op is not None and not unchanged.operation(old_op, new_op):
                    self._operation(old_op, new_op, first, last)
        # One breadth-first walk over every operation: a shared schema is reported at the
        # shortest path that reaches it from a request or success response, else from an error.
        self.compare_schemas(first)
        self.compare_schemas(last)
        return self.changes

    def _operation(
        self, old: Operation, new: Operation, tasks: deque[SchemaTask], errors: deque[SchemaTask]
    ) -> None:
        pair = OperationPair(old, new, self.old, self.new)
        label = new.label
        if not pair.unchanged():
            for rule in rules_in(Scope.webhook if new.reverse else Scope.operation):
                for hit in rule.check(pair):
                    self._record(rule, hit, label, "", "")
        # A webhook's request is sent by the API and its response by the subscriber.
        sent, answered = (
            (Direction.response, Direction.request)
            if new.reverse
            else (Direction.request, Direction.response)
        )
        for key, param in new.parameters.items():
            before = old.parameters.get(key)
            a, b = (self.old.param_schema(before), self.new.param_schema(param)) if before else (None, None)
            if a is not None and b is not None and not _settled(a, b):
                name = param.value.get("name", key[1]) if isinstance(param.value, dict) else key[1]
                tasks.append((a, b, sent, label, f"{key[0]} parameter {name!r}", ""))
        for media, schema in new.body.items():
            before = old.body.get(media)
            if before is not None and schema is not None and not _settled(before, schema):
                tasks.append((before, schema, sent, label, f"request body {media}", "$"))
        for code, response in new.responses.items():
            previous = old.responses.get(code)
            if previous is None:
                continue
            queue = tasks if code.startswith(("1", "2", "3")) else errors
            for media, schema in response.content.items():
                before = previous.content.get(media)
                if before is not None and schema is not None and not _settled(before, schema):
                    queue.append((before, schema, answered, label, f"response {code} {media}", "$"))
            for name, header in response.headers.items():
                old_header = previous.headers.get(name)
                a, b = (
                    (self.old.param_schema(old_header), self.new.param_schema(header))
                    if old_header
                    else (None, None)
                )
                if a is not None and b is not None and not _settled(a, b):
                    tasks.append((a, b, answered, label, f"response {code} header {name!r}", ""))

    def compare_schemas(self, tasks: deque[SchemaTask]) -> None:
        """Breadth-first over pairs of schemas; children of a pair are queued, never recursed."""
        old_api, new_api, seen = self.old, self.new, self._seen_pairs
        while tasks:
            old_node, new_node, direction, operation, where, path = tasks.popleft()
            old_node, new_node = old_api.resolve(old_node), new_api.resolve(new_node)
            key = (old_node.key, new_node.key, direction)
            if key in seen:
                continue
            seen.add(key)
            if old_node.value == new_node.value:
                refs = self._same_text_refs(old_node, new_node, direction, operation, where, path)
                if refs is not None:
                    tasks.extend(refs)
                    continue
            old, new = build_view(old_api, old_node), build_view(new_api, new_node)
            pair = SchemaPair(old, new, direction, old_api, new_api)
            for rule in self._rules_for(direction, old.keywords | new.keywords):
                for hit in rule.check(pair):
                    self._record(rule, hit, operation, where, path)
            tasks.extend(self._children(pair, operation, where, path))

    def _rules_for(self, direction: Direction, written: frozenset[str]) -> list[Rule[Check]]:
        """The schema checks, in their order, that can find something where `written` are."""
        key = (direction, written)
        rules = self._applicable.get(key)
        if rules is None:
            rules = self._applicable[key] = [
                rule
                for rule, keywords in self._schema_rules[direction]
                if keywords is None or not keywords.isdisjoint(written)
            ]
        return rules

    def _same_text_refs(
        self, old: Node, new: Node, direction: Direction, operation: str, where: str, path: str
    ) -> list[SchemaTask] | None:
        """Same text: nothing here changed, but what its `$ref`s point at may have. None when
        only a full comparison can tell (a `$ref` standing for a whole `properties` map)."""
        tasks: list[SchemaTask] = []
        before = self.old.refs_under(old)
        if not before:  # the same text holds the same `$ref`s: none here, none there
            return tasks
        # ... at the same places: each `$ref` of the new side is the old one's, moved.
        cut, document, pointer = len(old.pointer), new.document, new.pointer
        for a, subpath in before:
            if subpath is None:
                return None
            b = Node(a.value, document, pointer + a.pointer[cut:])
            tasks.append((a, b, direction, operation, where, path + subpath))
        return tasks

    def _hidden(self, old: Node, new: Node, direction: Direction) -> bool:
        """readOnly properties are never sent and writeOnly ones never received: not compared."""
        flag = "readOnly" if direction is Direction.request else "writeOnly"
        return _flag(self.old.resolve(old), flag) and _flag(self.new.resolve(new), flag)

    def _children(self, pair: SchemaPair, operation: str, where: str, path: str) -> list[SchemaTask]:
        old, new, direction = pair.old, pair.new, pair.direction
        children: list[SchemaTask] = []
        for name, node in new.properties.items():
            before = old.properties.get(name)
            if before is None or _settled(before, node) or self._hidden(before, node, direction):
                continue
            children.append((before, node, direction, operation, where, f"{path}.{name}"))
        steps: list[tuple[Node, Node, str]] = []
        if old.items is not None and new.items is not None:
            steps.append((old.items, new.items, "[]"))
        if isinstance(old.additional, Node) and isinstance(new.additional, Node):
            steps.append((old.additional, new.additional, ".*"))
        if old.branches or new.branches:
            union = new.union or old.union
            steps += [(a, b, f"<{union} {index}>") for index, (a, b) in enumerate(pair.branches.pairs)]
        steps += subschema_pairs(old, new)
        for a, b, step in steps:
            if not _settled(a, b):
                children.append((a, b, direction, operation, where, f"{path}{step}"))
        return children


def _settled(old: Node, new: Node) -> bool:
    """The same text, and no `$ref` in it through which anything could have changed: comparing
    the pair would find nothing, as `compare_schemas` itself would stop at it. Most properties
    and parameters are such (thousands on a large contract): they are not queued."""
    return old.value == new.value and not holds_ref(new.value)


def _flag(node: Node, keyword: str) -> bool:
    return isinstance(node.value, dict) and node.value.get(keyword) is True
