"""Keep the translation catalogues in step with the code (a developer tool; needs Babel, which the
`test` and `dev` extras install).

    python -m grader.catalogue            # extract messages, update zh's .po, compile the .mo
    python -m grader.catalogue --check    # exit 1 naming every message without a translation

The English messages in the code are the source; `grader/locale/zh/LC_MESSAGES/grade.po` holds the
Chinese and is what a translator edits; the `.mo` beside it is compiled from it and committed, so an
installed grader needs no Babel.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from grader.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]  # English is the source language


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    """Every message the code and the templates mark for translation."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    template = Catalog(project="grade", domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def load(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN)
    with open(path, "rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def missing(template: Catalog, catalog: Catalog) -> list[str]:
    """Messages of `template` that `catalog` leaves untranslated (or marks fuzzy)."""
    out = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found is not None else None
        values = strings if isinstance(strings, tuple) else (strings,)
        if found is None or found.fuzzy or not all(values):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def compiled(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def update(lang: str, template: Catalog) -> Catalog:
    """The .po of `lang` brought in line with `template` (new messages empty, gone ones dropped)."""
    catalog = load(lang)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    return catalog


def write(lang: str, catalog: Catalog) -> None:
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, sort_output=True, omit_header=False)
    path.write_bytes(buf.getvalue())
    path.with_suffix(".mo").write_bytes(compiled(load(lang)))  # what the test compiles


def main(argv: list[str]) -> int:
    template = extract()
    status = 0
    for lang in TRANSLATED:
        catalog = update(lang, template)
        gaps = missing(template, catalog)
        if "--check" in argv:
            for msgid in gaps:
                print(f"{lang}: untranslated: {msgid!r}")
            status |= bool(gaps)
        else:
            write(lang, catalog)
            print(f"{po_path(lang).relative_to(ROOT)}: {len(template)} messages, {len(gaps)} untranslated")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
