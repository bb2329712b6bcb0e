"""The catalogue: every message the code marks has a Chinese translation with the same placeholders,
the committed .mo is the compiled .po, and the language is chosen as documented."""

from __future__ import annotations

import re
import string

import pytest
from click.testing import CliRunner

from grader import i18n
from grader.cli import cli

catalogue = pytest.importorskip("grader.catalogue", reason="Babel (the test extra) is not installed")


@pytest.fixture(scope="module")
def extracted():
    return catalogue.extract()


def test_no_message_is_missing_a_translation(extracted):
    assert len(extracted) > 0
    for lang in catalogue.TRANSLATED:
        gaps = catalogue.missing(extracted, catalogue.load(lang))
        assert not gaps, f"untranslated in {lang} (run `python -m grader.catalogue`, then translate): {gaps}"


def test_committed_mo_is_the_compiled_po():
    for lang in catalogue.TRANSLATED:
        po = catalogue.load(lang)
        mo = catalogue.po_path(lang).with_suffix(".mo").read_bytes()
        assert mo == catalogue.compiled(po), f"{lang}: .mo is stale; run `python -m grader.catalogue`"


def _fields(text: str) -> set[str]:
    if "%(" in text:  # templates' newstyle gettext
        return set(re.findall(r"%\((\w+)\)", text))
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_translations_keep_every_placeholder(extracted):
    for lang in catalogue.TRANSLATED:
        for message in catalogue.load(lang):
            if not message.id or not message.string:
                continue
            # Chinese has one plural form: it serves every n, so it takes the plural's placeholders
            source = message.id[-1] if isinstance(message.id, tuple) else message.id
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for translated in strings:
                assert _fields(translated) == _fields(source), (message.id, translated)


def test_language_from_option_then_environment_then_locale(monkeypatch):
    for var in ("GRADE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert i18n.detect() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.detect() == "zh"
    monkeypatch.setenv("LC_ALL", "C")
    assert i18n.detect() == "en"  # the first locale variable set decides
    monkeypatch.setenv("GRADE_LANG", "zh")
    assert i18n.detect() == "zh"
    assert i18n.normalize("zh-Hans") == "zh" and i18n.normalize("fr_FR") is None


def test_the_empty_message_is_not_the_catalogue_header():
    # gettext answers "" with the .po header ("Project-Id-Version: ..."); an empty text stays empty.
    assert i18n._("", lang="zh") == ""
    assert i18n._("", lang="en") == ""


def test_click_usage_errors_and_help_follow_the_language(monkeypatch):
    monkeypatch.setenv("GRADE_LANG", "zh")
    runner = CliRunner()
    result = runner.invoke(cli, ["--help"])
    assert "深度学习课程" in result.output
    result = runner.invoke(cli, ["bank", "list", "--no-such-option"])
    assert result.exit_code == 2
    assert re.search(r"[\u4e00-\u9fff]", result.output), result.output
    monkeypatch.setenv("GRADE_LANG", "en")
    result = runner.invoke(cli, ["--help"])
    assert "Question banks" in result.output  # translated help texts do not stick


def test_lang_before_the_command_applies_and_the_commands_own_wins():
    runner = CliRunner()
    zh = runner.invoke(cli, ["--lang", "zh", "bank", "list"])
    assert zh.exit_code == 0 and "题型" in zh.output
    en = runner.invoke(cli, ["--lang", "zh", "bank", "list", "--lang", "en"])
    assert en.exit_code == 0 and "kind" in en.output and "题型" not in en.output
    plain = runner.invoke(cli, ["bank", "list"])  # nothing sticks from the runs before
    assert "kind" in plain.output
