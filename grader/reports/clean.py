"""All cleaning of student text, one function per destination.

Student code controls much of what a report shows: exception messages, printed output, descriptions
of the values it returned. Each destination has its own dangerous characters, so each has its own
rule, written once:

- a message stored in a report, one bounded line → `plain_line`: CR, LF and tab become spaces;
  other C0 controls, DEL and CSI (U+009B) are deleted; `::` pairs become `: :`; clipped with `…`;
- a name in a table row (text, Markdown, Classroom) → `one_line`: whitespace runs become one space;
- the terminal (the `text` report) → `printable`: C0 controls but tab and newline, DEL and C1
  controls are shown as `\\xNN`;
- a Markdown table cell → `md_cell`: `one_line`, then Markdown and HTML metacharacters escaped;
- a Markdown block → `md_fence`: a code fence longer than any backtick or tilde run inside;
- HTML → no function here: jinja autoescape, which `grader.render` turns on for `*.html.j2`;
- XML 1.0 (the `junit` report) → `xml_text`: characters XML 1.0 cannot carry shown as `\\xNN`;
- the GitHub Actions log → `neutralize_commands` (no workflow command can start) and
  `stop_commands` (whole log text wrapped so the runner obeys none);
- a gradebook cell or a progress line naming a student folder → `visible_line`: NFC, and controls,
  line breaks and invisible format characters (bidi overrides, zero-width) shown as escapes, so
  nothing reorders, hides or breaks the line;
- a CSV cell → `csv_cell`: a text a spreadsheet would run as a formula gets a leading `'`.

Why the rules differ where they do:

- *Shown, not deleted* (`printable`, `xml_text`): in a report a reader must see that something was
  there (`\\x1b[31m` tells what the program printed). Both use the one `_show` rule; only the
  character sets differ, because the dangers do. A terminal obeys C0/C1 controls (ESC starts ANSI
  and CSI sequences, CR overwrites a line, U+009B is a one-byte CSI) but is indifferent to lone
  surrogates; XML 1.0 allows C1 controls and CR but cannot hold NUL, ESC, lone surrogates or
  U+FFFE/U+FFFF at all (a parser rejects the whole file). Turning ESC into visible text is enough
  to disarm an ANSI sequence: what follows it (`[31m`) is plain text. (A character beyond U+00FF,
  such as a lone surrogate, is written with all its hex digits: `\\xd800`.)
- *Deleted and clipped* (`plain_line`): messages are built by the grader from student values and
  stored in the report, then cleaned again for each destination above; the bounded line keeps them
  short. Lone surrogates become `\\udXXX` escapes here: no report writer could encode them. Its ESC
  deletion leaves a sequence's parameters (`[31m`) as harmless text. It is the rule
  `grader.codegrade.compare.sanitize` applied before it moved here: NEL, U+2028 and U+2029 pass
  through it, which is safe because the destinations where a line break matters clean again
  (`one_line` for table rows, `neutralize_commands` for the Actions log).
- *One line* (`one_line`): a name sits in a table row; any line break, including U+2028 and U+0085,
  would break the table, so whitespace of every kind collapses.
- *Markdown*: inside a table cell nothing may act (pipes end the cell, `<` starts HTML, `*`
  emphasises, `[` links), so all of it is escaped; a longer message goes in a fence instead, where
  nothing is interpreted and only a fence as long as ours could end the block.
- *HTML*: escaping is the template engine's job. A function here would escape twice (`&amp;lt;`)
  or invite a `|safe`; the `report.html.j2` template relies on autoescape alone.
- *Workflow commands*: the Actions runner reads `::name::` at the start of a log line (after
  blanks) and the legacy `##[` anywhere. Every line break the runner or a log viewer may honour
  (the set of `str.splitlines`: CR, LF, VT, FF, FS, GS, RS, NEL, U+2028, U+2029) becomes `\\n`
  first, so no hidden separator starts a line behind our back; then each opening is broken
  (`: :`, `# #[`). `stop_commands` additionally wraps whole log text in `::stop-commands::TOKEN`.

Pure functions over strings: no I/O, nothing beyond the standard library.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

LINE_LIMIT = 400  # characters `plain_line` keeps by default

# Character classes, spelled once so the rules below differ only where they say so.
_C0_BUT_TAB_AND_NEWLINE = "\x00-\x08\x0b-\x1f"
_DEL = "\x7f"
_C1 = "\x80-\x9f"
_CSI = "\x9b"  # the one-character form of ESC [

_TERMINAL_UNSAFE = re.compile(f"[{_C0_BUT_TAB_AND_NEWLINE}{_DEL}{_C1}]")
_LINE_UNSAFE = re.compile(f"[{_C0_BUT_TAB_AND_NEWLINE}{_DEL}{_CSI}]")
_XML_INVALID = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # str.splitlines' set
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~&])")
_FENCE_RUNS = re.compile(r"`+|~+")


def _show(unsafe: re.Pattern[str], text: str) -> str:
    """Each character `unsafe` matches written as a visible `\\xNN` escape."""
    return unsafe.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def printable(text: str) -> str:
    """Text for a terminal: no escape sequence or control character from student output acts on
    the reader's terminal; tabs and newlines stay, so multi-line messages stay readable."""
    return _show(_TERMINAL_UNSAFE, text)


def xml_text(text: str) -> str:
    """Text XML 1.0 can carry (NUL, ESC of colour codes and lone surrogates shown as `\\xNN`).
    Markup characters are left to the XML writer, which escapes them."""
    return _show(_XML_INVALID, text)


def one_line(text: str) -> str:
    """A name for a table row: every run of whitespace, line breaks of every kind included, is one
    space, and none leads or trails."""
    return " ".join(text.split())


def plain_line(text: object, limit: int = LINE_LIMIT) -> str:
    """One bounded line of plain text for a message stored in a report: no line break from CR, LF
    or tab, no control character, each `::` pair broken so that no line opens a workflow command
    (a CI log would obey `::notice::…`), at most `limit` characters (the last one `…` if clipped)."""
    text = str(text).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    # A lone surrogate (`raise ValueError("\ud800")` in student code) cannot be written as UTF-8:
    # it would crash every report writer, so it is shown as its escape instead.
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    text = _LINE_UNSAFE.sub("", text).replace("::", ": :")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def md_cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, no pipes, no HTML, no emphasis, no links."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


def md_fence(text: str) -> str:
    """A fenced code block whose fence is longer than any backtick or tilde run in `text`."""
    longest = max((len(run) for run in _FENCE_RUNS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def neutralize_commands(text: str) -> str:
    """Break every opening the Actions runner reads as a workflow command: `::` at a line start
    (leading blanks are skipped by the runner) and the legacy `##[` anywhere. Line breaks of every
    kind become `\\n`, so no hidden separator can start a new log line behind our back."""
    out = []
    for line in _LINE_BREAKS.split(text):
        stripped = line.lstrip()
        if stripped.startswith("::"):
            line = line[: len(line) - len(stripped)] + ": :" + stripped[2:]
        out.append(line.replace("##[", "# #["))
    return "\n".join(out)


def stop_commands(text: str, *, token: str | None = None) -> str:
    """Log text wrapped so the runner executes no workflow command inside it, as GitHub's own
    autograding action did: `::stop-commands::TOKEN` … `::TOKEN::`, with a random token a student
    cannot guess, around the neutralized text."""
    token = token or secrets.token_hex(16)
    return f"::stop-commands::{token}\n{neutralize_commands(text)}\n::{token}::\n"


_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})  # controls, bidi/zero-width, lone surrogates, breaks
_FORMULA_START = frozenset("=+-@\t\r\n")  # a spreadsheet reads a cell starting so as a formula


def visible_line(text: str, limit: int = 500) -> str:
    """One line in which every character shows: NFC; controls, line breaks and invisible format
    characters as `\\xNN` / `\\uNNNN` escapes; at most `limit` characters."""
    text = unicodedata.normalize("NFC", text)
    shown = "".join(ch if unicodedata.category(ch) not in _INVISIBLE
                    else f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}" for ch in text)
    return shown[:limit]


def csv_cell(value: object) -> object:
    """A cell no spreadsheet runs: a text starting with = + - @ (in any width) is prefixed with `'`;
    anything else (numbers included) is returned as it is."""
    if not isinstance(value, str) or not value:
        return value
    first = unicodedata.normalize("NFKC", value.lstrip(" ")[:1] or value[0])
    return "'" + value if first and first[0] in _FORMULA_START else value
