"""JSON Schema checks with messages a contributor can act on.

jsonschema finds the errors; this module turns each one into a Problem that names the
field and its line, says what is expected and, for unknown ids or keys, offers the
closest valid value ("did you mean") and lists the valid ones.
"""
from __future__ import annotations

import copy
import difflib
import functools
import json
from pathlib import Path

import fastjsonschema
import jsonschema
from jsonschema import Draft202012Validator

from .problems import Problem
from .yamlio import YamlDocument, field_name, load_yaml

TYPE_NAMES = {
    "string": "text", "object": "a mapping of keys to values", "array": "a list",
    "integer": "a whole number", "number": "a number", "boolean": "true or false", "null": "nothing",
}
LANGUAGE_NAMES = {"sv": "Swedish", "en": "English"}
MAX_LISTED = 30


def load_schema(path: Path, shown_as: str) -> dict:
    return load_yaml(path, shown_as).data


ALIASES = "x-aliases"  # our own annotation: other words for an id (its labels), for "did you mean"


def with_enums(schema: dict, enums: dict[str, list[str]], aliases: dict[str, dict[str, str]] | None = None) -> dict:
    """A copy of the case schema whose id definitions list the valid ids; aliases maps, per
    definition, other words for an id (such as its labels in each language) to the id."""
    filled = copy.deepcopy(schema)
    for name, values in enums.items():
        filled["$defs"][name] = {"type": "string", "enum": sorted(values)}
        if aliases and aliases.get(name):
            filled["$defs"][name][ALIASES] = aliases[name]
    return filled


def schema_json(schema: dict) -> str:
    """The schema as published: standard keywords only."""
    published = copy.deepcopy(schema)
    for definition in published.get("$defs", {}).values():
        if isinstance(definition, dict):
            definition.pop(ALIASES, None)
    return json.dumps(published, ensure_ascii=False, indent=2) + "\n"


# Keywords of draft 2020-12 that fastjsonschema (drafts 4 to 7) does not know: it would skip them.
NOT_IN_DRAFT_07 = {"unevaluatedProperties", "unevaluatedItems", "prefixItems", "dependentRequired",
                   "dependentSchemas", "$dynamicRef", "$dynamicAnchor", "minContains", "maxContains", "$anchor"}
# Beside a $ref, draft 7 ignores every other keyword; these are only annotations, so no loss.
ANNOTATIONS = {"$ref", "description", "title", "$comment", "examples", "default"}


def draft_07_blind_spots(schema) -> list[str]:
    """Where a draft-07 validator would not check what this 2020-12 schema says: keywords it does
    not know, and keywords beside a $ref. Empty when the compiled fast path is exact."""
    found = []

    def walk(node, where):
        if isinstance(node, dict):
            if "$ref" in node and set(node) - ANNOTATIONS:
                found.append(f"{where}: {', '.join(sorted(set(node) - ANNOTATIONS))} beside $ref")
            found.extend(f"{where}: {key}" for key in sorted(NOT_IN_DRAFT_07 & set(node)))
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(schema, "#")
    return found


class Checker:
    """Checks documents against one schema. Where the schema means the same in draft 7, a
    compiled validator (fastjsonschema, about twenty times faster) answers "valid?" first; a
    document that fails, and every document of a schema with draft-07 blind spots, is checked by
    jsonschema, whose detailed errors become the messages. The fast path is never trusted where
    it would skip a keyword."""

    def __init__(self, schema: dict, definition: str | None = None):
        root = schema if definition is None else {**schema, "$ref": f"#/$defs/{definition}"}
        self._validator = Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)
        self._fast = None if draft_07_blind_spots(schema) else _compiled(json.dumps(root, sort_keys=True))

    def check(self, doc: YamlDocument, shown_as: str) -> list[Problem]:
        if self._fast is not None:
            try:
                self._fast(doc.data)
                return []
            except fastjsonschema.JsonSchemaException:
                pass
        problems: list[Problem] = []
        for error in self._validator.iter_errors(doc.data):
            problems.extend(_describe(error, doc, shown_as))
        return problems


@functools.lru_cache(maxsize=16)
def _compiled(schema_text: str):
    schema = json.loads(schema_text)
    # fastjsonschema knows drafts 4 to 7; the keywords this schema uses mean the same there.
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return fastjsonschema.compile(schema)


def _describe(error: jsonschema.ValidationError, doc: YamlDocument, shown_as: str) -> list[Problem]:
    path = tuple(error.absolute_path)
    line = doc.line_of(path)
    kind = error.validator
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}

    def problem(message, at=path):
        return Problem(shown_as, doc.line_of(at), field_name(at), message)

    if kind in ("anyOf", "oneOf"):
        return _describe_alternatives(error, doc, shown_as)
    if kind == "required":
        missing = [key for key in error.validator_value if not isinstance(instance, dict) or key not in instance]
        out = []
        for key in missing:
            if key in LANGUAGE_NAMES:
                message = f"the {LANGUAGE_NAMES[key]} text is missing; every text needs both sv and en"
            else:
                about = schema.get("properties", {}).get(key, {}).get("description") or schema.get("description")
                message = "required field is missing"
                if about:
                    message += f"; {about[0].lower() + about[1:]}"
            out.append(Problem(shown_as, line, field_name(path + (key,)), message))
        return out
    if kind in ("additionalProperties", "unevaluatedProperties"):
        allowed = sorted(schema.get("properties", {}))
        extra = [key for key in instance if key not in allowed] if isinstance(instance, dict) else []
        return [problem(unknown("field", key, allowed, "Allowed fields")
                        + _comma_hint(allowed, key, instance[key]), at=path + (key,))
                for key in extra] or [problem(error.message)]
    if kind == "enum":
        allowed = [str(v) for v in error.validator_value]
        return [problem(unknown("value", str(instance), allowed, "Valid values", schema.get(ALIASES)))]
    if kind == "const":
        return [problem(f"expected exactly {error.validator_value!r}, got {instance!r}")]
    if kind == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        return [problem(f"expected {' or '.join(TYPE_NAMES.get(t, t) for t in expected)}, "
                        f"got {_kind_of(instance)}")]
    if kind == "pattern":
        return [problem(f"{instance!r} is not allowed here: {_pattern_hint(schema, error.validator_value)}")]
    if kind == "format":
        return [problem(f"{instance!r} is not a valid {error.validator_value} (use YYYY-MM-DD)")]
    if kind == "minItems":
        return [problem(f"needs at least {error.validator_value} entr{'y' if error.validator_value == 1 else 'ies'}")]
    if kind == "uniqueItems":
        return [problem("lists the same value more than once")]
    if kind == "minimum":
        return [problem(f"must be at least {error.validator_value}, got {instance!r}")]
    if kind == "maximum":
        return [problem(f"must be at most {error.validator_value}, got {instance!r}")]
    if kind == "not" and isinstance(error.validator_value, dict) and error.validator_value.get("required"):
        about = schema.get("description")
        return [problem(f"'{key}' is not allowed here" + (f"; {about[0].lower() + about[1:]}" if about else ""),
                        at=path + (key,)) for key in error.validator_value["required"]]
    if kind == "maxLength" and isinstance(instance, str):
        return [problem(f"is {len(instance)} characters long; at most {error.validator_value} are allowed")]
    if kind == "minProperties":
        return [problem("must not be empty")]
    return [problem(error.message)]


def _describe_alternatives(error, doc, shown_as) -> list[Problem]:
    """For 'text in sv and en, or "not stated"' style choices, explain the branch that fits
    the value's shape rather than jsonschema's generic 'not valid under any of the given schemas'."""
    instance = error.instance
    path = tuple(error.absolute_path)
    branch_errors: dict[int, list] = {}
    for sub in error.context:
        branch_errors.setdefault(sub.schema_path[0], []).append(sub)
    for _, subs in sorted(branch_errors.items()):
        at_top = [s for s in subs if tuple(s.absolute_path) == path]
        if any(s.validator in ("type", "const", "enum") for s in at_top):
            continue  # this branch wants another shape of value
        return [p for s in subs for p in _describe(s, doc, shown_as)]
    if instance is None:
        got = "nothing (an empty value)"
    else:
        got = _kind_of(instance) if not isinstance(instance, str) else repr(instance)
    return [Problem(shown_as, doc.line_of(path), field_name(path),
                    f"expected {_expected_shapes(error.validator_value)}, got {got}")]


def _expected_shapes(branches) -> str:
    words = []
    for branch in branches:
        ref = branch.get("$ref", "")
        if "const" in branch or ref.endswith("/notStated"):
            words.append("the words 'not stated'")
        elif ref.endswith("/bilingual") or ref.endswith("/bilingualTitle"):
            words.append("a text in both languages (sv: and en:)")
        elif branch.get("type") == "array":
            words.append("a list of texts, each with sv: and en:")
        elif ref.endswith("/year"):
            words.append("a year such as 2019")
        elif ref.endswith("/plainLine"):
            words.append("one line of text")
        elif branch.get("type") in TYPE_NAMES:
            words.append(TYPE_NAMES[branch["type"]])
        else:
            words.append("a mapping" if "properties" in branch else "another value")
    return " or ".join(dict.fromkeys(words))


def _pattern_hint(schema: dict, pattern: str) -> str:
    if "[^<>" in pattern:
        return "use one line of plain text without < > characters or HTML entities"
    if pattern.startswith("^[a-z0-9]+"):
        return "use lower-case letters a-z, digits and single hyphens, for example 'gavle-study-group'"
    if "[0-9]{4}" in pattern:
        return "use a date written YYYY-MM-DD"
    if pattern == "\\S":
        return "the text is empty"
    if pattern.startswith("^https?://"):
        return "use a full web address starting with https:// (http:// only for an old page with no https address)"
    return schema.get("description") or f"it must match {pattern}"


def _kind_of(value) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def suggest(value: str, allowed: list[str], aliases: dict[str, str] | None = None) -> str:
    """"; did you mean 'x'?" for the closest allowed value, or "." when none is close. The
    comparison ignores case, and also looks at aliases (other words for a value: 'Utbildning',
    'utbilding' -> 'education')."""
    words = {v.casefold(): v for v in allowed}
    for alias, target in (aliases or {}).items():
        words.setdefault(alias.casefold(), target)
    close = difflib.get_close_matches(str(value).casefold(), list(words), n=1, cutoff=0.55)
    return f"; did you mean '{words[close[0]]}'?" if close else "."


def _comma_hint(allowed: list[str], key, value) -> str:
    """In a one-line {sv: ..., en: ...} an unquoted comma ends the text, and the rest becomes a
    field with no value. Say so, since the fix (quotes) is not obvious from 'unknown field'."""
    if set(allowed) == set(LANGUAGE_NAMES) and value is None and isinstance(key, str):
        return (". If this is the rest of a text that contains a comma, put the whole text in"
                ' quotes, e.g. {sv: "a, b", en: "a, b"}')
    return ""


def unknown(what: str, value: str, allowed: list[str], heading: str, aliases: dict[str, str] | None = None) -> str:
    """"unknown value 'educaton'; did you mean 'education'? Valid values: a, b, c" """
    return f"unknown {what} '{value}'{suggest(value, allowed, aliases)} {heading}: {_listing(allowed)}"


def _listing(values: list[str]) -> str:
    if len(values) <= MAX_LISTED:
        return ", ".join(values)
    return ", ".join(values[:MAX_LISTED]) + f", ... ({len(values)} in all)"
