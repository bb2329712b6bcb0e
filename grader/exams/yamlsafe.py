"""Reading YAML that someone else wrote: exam specifications (instructors) and answer sheets (students).

`yaml.safe_load` never runs code, but it still trusts a file's shape: an alias bomb (a billion
laughs of anchors), nesting deep enough to exhaust the stack, or a file too large to be a sheet.
`scan` refuses those from the event stream first, which never recurses and never builds anything;
only then is the file composed. Two loaders:

- `LocatedLoader` keeps the line of every mapping value and list item (`Located`, `LocatedList`),
  so a specification error can name the line of the field;
- `TextLoader` reads every plain scalar as text, so an answer is what the student typed: `0.10`
  stays `0.10` (not 0.1), `013` stays `013` (not 11), `no` stays `no` (not False).
"""

from __future__ import annotations

from typing import Any

import yaml

from grader.i18n import _

MAX_EVENTS = 100_000
MAX_DEPTH = 32


class Refused(ValueError):
    """A YAML text refused before it is built; the message says why (and where, when it can)."""


def _where(mark: Any) -> str:
    if mark is None:
        return _("unknown position")
    return _("line {line}, column {column}").format(line=mark.line + 1, column=mark.column + 1)


def scan(text: str) -> None:
    """Refuse anchors and aliases, nesting deeper than MAX_DEPTH and more than MAX_EVENTS nodes.
    Raises `Refused`, or `yaml.YAMLError` for text that is not YAML."""
    depth = 0
    for count, event in enumerate(yaml.parse(text, Loader=yaml.SafeLoader)):
        if count > MAX_EVENTS:
            raise Refused(_("more than {limit} YAML nodes").format(limit=MAX_EVENTS))
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Refused(_("anchors and aliases (&, *) are not accepted ({where})").format(
                where=_where(event.start_mark)))
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(_("nested deeper than {limit} levels ({where})").format(limit=MAX_DEPTH,
                                                                                      where=_where(event.start_mark)))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def describe_error(exc: yaml.YAMLError) -> str:
    """A YAML error as one line: what and where."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return _("{problem} ({where})").format(problem=problem, where=_where(mark)) if mark is not None else str(problem)


class Located(dict):
    """A mapping that remembers its own line and the line of each value (1-based)."""

    line: int = 0
    lines: dict[Any, int]


class LocatedList(list):
    """A list that remembers its own line and the line of each item (1-based)."""

    line: int = 0
    lines: list[int]


class LocatedLoader(yaml.SafeLoader):
    """Safe loading, with `Located` mappings and `LocatedList` lists; a key given twice is an error."""


def _located_mapping(loader: LocatedLoader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    mapping = Located()
    mapping.line = node.start_mark.line + 1
    mapping.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in mapping
        except TypeError:
            raise yaml.constructor.ConstructorError(None, None, _("a key must be plain text"),
                                                    key_node.start_mark) from None
        if duplicate:
            raise yaml.constructor.ConstructorError(None, None, _("key {key} is given twice").format(key=repr(key)),
                                                    key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = value_node.start_mark.line + 1
    return mapping


def _located_list(loader: LocatedLoader, node: yaml.SequenceNode) -> LocatedList:
    items = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.lines = [child.start_mark.line + 1 for child in node.value]
    return items


LocatedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _located_mapping)
LocatedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _located_list)


class TextLoader(yaml.SafeLoader):
    """Safe loading in which no plain scalar is resolved to a number, boolean, date or null."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class-level table, emptied


def load_located(text: str) -> Any:
    """`text` scanned, then loaded with `LocatedLoader`."""
    scan(text)
    return yaml.load(text, Loader=LocatedLoader)  # a SafeLoader subclass: never constructs Python objects


def load_text(text: str) -> Any:
    """`text` scanned, then loaded with `TextLoader`."""
    scan(text)
    return yaml.load(text, Loader=TextLoader)  # a SafeLoader subclass: never constructs Python objects
