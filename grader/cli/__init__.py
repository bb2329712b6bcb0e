"""The `grade` command: thin click wiring over the library modules, one module per command group
(`bank`, `submit`, `batch`, `classroom`, `exercises`).

Every command turns `UsageError` into one line on stderr and exit status 2; nothing the user types
should ever produce a traceback. click lives only here.

Language: the group reads `GRADE_LANG` and the locale; `@lang_option` gives a command `--lang`.
Help texts are written `help=N_("...")` (commands and options) and translated when shown; click's
own messages (usage, errors) go through the same catalogue. May import every other subpackage, inside
the command functions, so that `grade bank list` never pays for torch or sympy.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from grader import __version__
from grader.errors import UsageError
from grader.i18n import LANGUAGES, N_, _, set_language

if TYPE_CHECKING:
    from grader.bank import Bank


def _translate_click() -> None:
    """Route click's own messages ("Usage:", "No such option") through our catalogue."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types

    from grader import i18n

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser,
                   click.termui, click.types):
        if hasattr(module, "_"):
            module._ = i18n._  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]


_translate_click()


class _Command(click.Command):
    """A command whose help (its own and its options') is translated when shown."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _translate_help(self)
        super().format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        _translate_help(self)
        return super().get_short_help_str(limit)


def _translate_help(command: click.Command) -> None:
    """Set the help texts of `command` and its options to the current language (the English
    source of each is kept, so that a later call in another language translates it afresh)."""
    for obj, attr in [(command, "help"), (command, "short_help"),
                      *((p, "help") for p in command.params if isinstance(p, click.Option))]:
        sources = obj.__dict__.setdefault("_grade_sources", {})
        source = sources.setdefault(attr, getattr(obj, attr))
        if source:
            setattr(obj, attr, _(source))


class _Group(_Command, click.Group):
    """A click group that reports UsageError as one clean line with exit status 2, and whose
    commands and sub-groups are of the same kind."""

    command_class = _Command
    group_class = type  # sub-groups made with @group.group() are _Group too

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        if parent is None:  # a fresh run of `grade`: the environment's language until --lang says
            set_language(None)
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            click.echo(_("grade: error: {message}").format(message=exc), err=True)
            ctx.exit(2)


def _set_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """`--lang` of the group (`grade --lang zh bank list`) or of the command; a command's own
    `--lang` wins, and its absence keeps what the group was given."""
    root = ctx.find_root().meta
    if value is None and root.get("grade.lang"):
        return None
    if value is not None:
        root["grade.lang"] = value
    return set_language(value)


def language_option(help_text: str) -> Callable[[Any], Any]:
    """A `--lang` option (eager, no function argument) with its own help text."""
    return click.option("--lang", type=click.Choice(LANGUAGES), default=None, is_eager=True, expose_value=False,
                        callback=_set_language, help=help_text)


lang_option = language_option(N_("Language of every message: en or zh (default: GRADE_LANG, then the locale)."))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]},
             help=N_("Question banks, answer checking and sandboxed grading for the deep-learning course."))
@click.version_option(__version__, prog_name="grade")
@lang_option
def cli() -> None:
    pass


config_option = click.option(
    "--config", "config_path", type=click.Path(path_type=Path), default=None,
    help=N_("Settings file (default: ./grade.yaml when present)."))


def course_bank(banks: tuple[Path, ...], config_path: Path | None) -> Bank:
    """The bundled bank, the banks grade.yaml lists (`banks:`) and those given with `--bank`."""
    from grader.bank import load_bank
    from grader.config import load_config

    return load_bank([*load_config(config_path).banks, *banks])


def main() -> None:
    """The `grade` console script."""
    try:
        cli.main(prog_name="grade", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo(_("grade: interrupted"), err=True)
        sys.exit(130)

def _register_commands() -> None:
    """Command groups register themselves on `cli` when imported: import every module of this package."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if info.name not in ("__main__", "click_messages"):
            importlib.import_module(f"{__name__}.{info.name}")


_register_commands()

if __name__ == "__main__":
    main()
