"""Safe, strict YAML loading that remembers the line of every value.

PyYAML's safe loader is the base, made stricter for hand-written data files:
- duplicate keys are errors (PyYAML silently keeps the last one);
- aliases are refused (a node met twice while walking the tree), which also rules out
  "billion laughs" alias bombs before they can expand;
- only the standard safe tags are known, so `!!python/object` and friends are refused;
- only true/false are booleans (not yes/no/on/off), and dates stay text;
- size, byte-order mark and encoding are checked before parsing, and nesting depth before
  composing (libyaml's composer recurses in C and crashes the process on deep nesting);
- control characters (other than tab and newline) are refused: they break XML exports and can
  fake terminal output.
Every problem becomes a Problem with file, line and field, never a traceback.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import InvalidInput, Problem

MAX_BYTES = 512 * 1024  # a real case is about 10 KB; anything near this is a mistake
MAX_DEPTH = 20  # a case nests four levels deep; the limit keeps every walk over the tree shallow
# C0 and C1 control characters except tab and newline, as they may appear in a value.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# libyaml's parser is about fifty times faster than PyYAML's pure-Python one; the Python
# resolver and constructor below still decide what each scalar means.
_Base = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


class _StrictLoader(_Base):
    pass


_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _TIMESTAMP)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


@dataclass
class YamlDocument:
    """Parsed data plus the 1-based line of each value, keyed by its path of keys and indexes."""
    data: object
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, path) -> int | None:
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


def field_name(path) -> str:
    """('sources', 0, 'section') -> 'sources[0].section'"""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml(path: Path, shown_as: str) -> YamlDocument:
    try:
        with open(path, "rb") as handle:  # never read more than the limit, whatever the file's size
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        what = "a link to a file that does not exist" if path.is_symlink() else "missing"
        raise InvalidInput([Problem(shown_as, None, "", f"file is {what}; remove it or restore the file")]) from None
    except OSError as err:
        raise InvalidInput([Problem(shown_as, None, "", f"file cannot be read ({err.strerror})")]) from None
    if len(raw) > MAX_BYTES:
        raise InvalidInput([Problem(shown_as, None, "", (
            f"file is too large (over {MAX_BYTES // 1024} KB); a file here should be well under that"))])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise InvalidInput([Problem(shown_as, 1, "", (
            "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"))])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        raise InvalidInput([Problem(shown_as, line, "", (
            f"byte 0x{raw[err.start]:02x} is not valid UTF-8; save the file as UTF-8"))]) from None
    if "\x00" in text:
        raise InvalidInput([Problem(shown_as, None, "", "file contains NUL bytes; it is not a text file")])
    return parse_yaml(text, shown_as)


def parse_yaml(text: str, shown_as: str) -> YamlDocument:
    _check_depth(text, shown_as)
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        doc = YamlDocument(data=None)
        problems: list[Problem] = []
        if node is not None:
            doc.data = _build(loader, node, (), doc.lines, problems, shown_as, set())
    except _Refused as found:
        raise InvalidInput([found.args[0]]) from None
    except yaml.YAMLError as err:
        raise InvalidInput([_yaml_problem(err, text, shown_as)]) from None
    finally:
        loader.dispose()
    if problems:
        raise InvalidInput(problems)
    return doc


def _check_depth(text: str, shown_as: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH. libyaml's event parser keeps a stack, not a
    recursion, so reading events is safe where composing the tree would not be."""
    loader = _StrictLoader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise InvalidInput([Problem(shown_as, event.start_mark.line + 1, "", (
                        f"lists and mappings are nested more than {MAX_DEPTH} levels deep; "
                        "a case needs only a few levels"))])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as err:
        raise InvalidInput([_yaml_problem(err, text, shown_as)]) from None
    finally:
        loader.dispose()


def _yaml_problem(err: yaml.YAMLError, text: str, shown_as: str) -> Problem:
    if isinstance(err, yaml.MarkedYAMLError):
        return _syntax_problem(err, text, shown_as)
    if isinstance(err, yaml.reader.ReaderError):  # a character YAML does not allow in a file
        line = text[:err.position].count("\n") + 1
        code = err.character if isinstance(err.character, int) else ord(err.character)
        return Problem(shown_as, line, "", f"character U+{code:04X} is not allowed in the file; remove it")
    return Problem(shown_as, None, "", f"YAML error: {err}")


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, shown_as: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    at_end = err.problem_mark is None or err.problem_mark.index >= len(text.rstrip())
    if err.context_mark and at_end:
        mark = err.context_mark  # an unclosed bracket or quote: point at where it opened
    line = mark.line + 1 if mark else None
    opened = _unclosed_quote_line(text, line)
    if opened is not None:
        return Problem(shown_as, opened, "", (
            "a quote (\" or ') opened on this line is not closed on it, so YAML read on to line "
            f"{line}; close the quote, or write a quote inside the text as \\\" (or '' inside '...')"))
    problem = (err.problem or str(err)).strip()
    source_lines = text.splitlines()
    bad_line = source_lines[line - 1] if line and line <= len(source_lines) else ""
    if "'\\t'" in problem or bad_line[:len(bad_line) - len(bad_line.lstrip())].count("\t"):
        message = "tab character used for indentation; YAML needs spaces"
    elif "aliases" in problem:
        message = problem
    else:
        context = f" ({err.context.strip()})" if err.context else ""
        message = f"YAML syntax error: {problem}{context}; check indentation, colons and quotes"
    return Problem(shown_as, line, "", message)


def _unclosed_quote_line(text: str, error_line: int | None) -> int | None:
    """Where an error follows a quoted text that runs over several lines and ends on the error's
    line, the real mistake is almost always a quote left open where that text started."""
    if error_line is None:
        return None
    loader = _StrictLoader(text)
    last_quoted = None
    try:
        while (token := loader.get_token()) is not None:
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last_quoted = token
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    if last_quoted is None:
        return None
    start, end = last_quoted.start_mark.line + 1, last_quoted.end_mark.line + 1
    return start if start < end and end >= error_line - 1 else None


class _Refused(Exception):
    pass


def _build(loader, node, path, lines, problems, shown_as, seen):
    lines[path] = node.start_mark.line + 1
    if len(path) > MAX_DEPTH:  # _check_depth has refused this already; never recurse without bound
        raise _Refused(Problem(shown_as, lines[path], field_name(path), "nested too deeply"))
    if id(node) in seen:  # composed once, reached twice: written as an alias (*name)
        where = lines.get(path[:-1], lines[path])  # the alias's own place, not its anchor's
        raise _Refused(Problem(shown_as, where, field_name(path),
                                  "aliases (*name) are not allowed; write the value out in full"))
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            problems.append(Problem(shown_as, lines[path], field_name(path), f"tag {node.tag} is not allowed"))
            return None
        result: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(shown_as, key_line, field_name(path), "a key must be plain text"))
                continue
            key = _scalar(loader, key_node, path, problems, shown_as)
            if key == "<<":
                problems.append(Problem(shown_as, key_line, field_name(path), "merge keys (<<) are not allowed"))
                continue
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                problems.append(Problem(shown_as, key_line, field_name(path + (key,)), (
                    f"duplicate key '{key}' (first given on line {first_line[key]}); keep only one")))
                continue
            first_line[key] = key_line
            result[key] = _build(loader, value_node, path + (key,), lines, problems, shown_as, seen)
            lines[path + (key,)] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            problems.append(Problem(shown_as, lines[path], field_name(path), f"tag {node.tag} is not allowed"))
            return None
        return [_build(loader, item, path + (i,), lines, problems, shown_as, seen)
                for i, item in enumerate(node.value)]
    return _scalar(loader, node, path, problems, shown_as)


def _scalar(loader, node, path, problems, shown_as):
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        problems.append(Problem(shown_as, node.start_mark.line + 1, field_name(path), (
            f"tag {node.tag} is not allowed; write plain text, numbers, lists and mappings only")))
        return None
    if isinstance(value, str) and (bad := CONTROL_CHARACTERS.search(value)):
        problems.append(Problem(shown_as, node.start_mark.line + 1, field_name(path), (
            f"contains the control character U+{ord(bad.group()):04X} (written as an escape such as \\x01); "
            "remove it: only tab and line breaks are allowed")))
    return value
