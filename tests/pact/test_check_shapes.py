"""`pact check` on nested bodies, typed query values and regexes: every field a consumer relies
on is looked up where the provider declares it (nested objects, array items, pattern and
additional properties, `allOf`/`anyOf`/`oneOf` branches and theirs), and each finding names its
path and line. The interactions without a finding (the first four) are the ones that must pass."""

from __future__ import annotations

from accord.contracts.pact.check import check_pacts
from tests.pact.conftest import PACT_FIXTURES

SHAPES = PACT_FIXTURES / "shapes"
NEVER = "'a shape with fields the provider never declares'"
WRONG_TYPE = "'a shape asked for with query values of the wrong type'"
REGEXES = "'a shape matched by regexes the provider cannot meet'"


def _relies_on(path: str) -> tuple[str, int, str]:
    message = f"{NEVER}: the consumer relies on {path}, which the provider's response schema does not declare"
    return ("pact-check.undeclared-field", 117, message)


def test_each_incompatibility_is_found_at_its_path_and_nothing_else() -> None:
    report = check_pacts(None, [SHAPES / "web-shapes.json"], SHAPES / "shapes.yaml")

    found = [(f.rule, f.line, f.message.removeprefix("web -> shapes: ")) for f in report.findings]
    assert found == [
        (
            "pact-check.response-body",
            117,
            f"{NEVER}: response body $.closed: Additional properties are not allowed ('any' was unexpected)",
        ),
        (
            "pact-check.response-body",
            117,
            f"{NEVER}: response body $.choice: {{'e': 'ee'}} is not valid under any of the given schemas",
        ),
        _relies_on("$.owner.email"),
        _relies_on("$.parts[1].color"),
        _relies_on("$.labels.team"),  # `x-team` fits the pattern property
        _relies_on("$.meta.k.w"),  # `k` is an additional property, `w` is not declared in it
        _relies_on("$.closed.any"),
        _relies_on("$.choice.e"),
        (
            "pact-check.parameter",
            155,
            f"{WRONG_TYPE}: path parameter 'id' = 'x': 'x' is not of type 'integer'",
        ),
        (
            "pact-check.parameter",
            156,
            f"{WRONG_TYPE}: query parameter 'ratio' = '2': 2.0 is greater than the maximum of 1",
        ),
        (
            "pact-check.parameter",
            156,
            f"{WRONG_TYPE}: query parameter 'flag' = 'yes': 'yes' is not of type 'boolean'",
        ),
        (
            "pact-check.parameter",
            156,
            f"{WRONG_TYPE}: query parameter 'page' = '0': 0 is less than the minimum of 1",
        ),
        (
            "pact-check.parameter",
            170,
            f"{REGEXES}: query parameter 'ratio' = 'half': 'half' is not of type 'number'",
        ),
        (
            "pact-check.parameter",
            170,
            f"{REGEXES}: query parameter 'page' = 'x': 'x' is not of type 'integer', 'null'",
        ),
        (
            "pact-check.matcher",
            192,
            f"{REGEXES}: $.status: the regex '^shut$' matches none of the values the provider declares "
            "(['open', 'closed'])",
        ),
        (
            "pact-check.matcher",
            192,
            f"{REGEXES}: $.owner: a regex matcher ('^ann$') on a value the provider declares as object",
        ),
        (
            "pact-check.matcher",
            192,  # a rule through array items
            f"{REGEXES}: $.parts[*].kind: the regex '^z$' matches none of the values the provider declares "
            "(['a', 'b'])",
        ),
        (
            "pact-check.matcher",
            192,  # a rule through an anyOf branch
            f"{REGEXES}: $.choice.c: the regex '^see$' matches none of the values the provider declares "
            "(['cee'])",
        ),
        (
            "pact-check.matcher",
            192,  # a rule through a oneOf branch
            f"{REGEXES}: $.pick.g: a regex matcher ('^true$') on a value the provider declares as boolean",
        ),
    ]
    assert report.exit_code == 1


def test_parts_open_branches_type_matchers_and_regexes_of_a_kit() -> None:
    # fields the consumer leaves out of array items, a recursive schema, keywords beside a `$ref`
    # and branches kept open by their own parts give no finding; a field undeclared beside
    # `additionalProperties: true` or beside `allOf` parts does; a type matcher excuses the
    # exact value at its path, below it and through `[*]`, and nothing else; a regex is checked
    # against a type list, a value without a type and a field an `allOf` part declares
    report = check_pacts(None, [SHAPES / "web-kits.json"], SHAPES / "kits.yaml")

    found = [(f.rule, f.line, f.message.removeprefix("web -> kits: ")) for f in report.findings]
    every_part = "'a kit read through every kind of part'"
    excused = "'a kit whose values type matchers excuse'"
    regexes = "'a kit matched by regexes'"
    undeclared = "which the provider's response schema does not declare"
    assert found == [
        ("pact-check.undeclared-field", 10, f"{every_part}: the consumer relies on $.open.b, {undeclared}"),
        ("pact-check.undeclared-field", 10, f"{every_part}: the consumer relies on $.base.c, {undeclared}"),
        (
            "pact-check.response-body",
            27,
            f"{excused}: response body $.count: 12 is greater than the maximum of 9",
        ),
        (
            "pact-check.matcher",
            48,
            f"{regexes}: $.owner: a regex matcher ('^[a-z]$') on a value the provider declares as "
            "null/object",
        ),
        (
            "pact-check.matcher",
            48,
            f"{regexes}: $.base.a: the regex '^z$' matches none of the values the provider declares "
            "(['x', 'y'])",
        ),
        (
            "pact-check.matcher",
            48,
            f"{regexes}: $.code: the regex '^(?=c)[a-z]$' is not one pact can run: "
            "invalid perl operator: (?=",
        ),
    ]


def test_the_most_specific_matching_rule_applies_as_pact_weighs_them() -> None:
    """Pact applies the rule of the most specific path: an `equality` rule on `$.status` holds the
    consumer to "pending" though a type rule on `$` covers it too (a status the provider's enum
    never has); with the type rule alone the value is only an example. And the other way round: a
    type rule on `$.count` excuses its value (above the maximum) below an equality rule on `$`."""
    report = check_pacts(None, [SHAPES / "web-orders-matchers.json"], SHAPES / "kits.yaml")

    found = [(f.rule, f.message.removeprefix("web -> kits: ")) for f in report.findings]
    assert found == [
        (
            "pact-check.response-body",
            "'an order whose status an equality rule below a type rule holds to its value': "
            "response body $.status: 'pending' is not one of ['open', 'shut']",
        )
    ]
