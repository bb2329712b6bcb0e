"""The plots of `grade exam analyze`: PNGs with matplotlib's Agg backend, reproducible.

matplotlib is imported inside each function (it is slow to import and only `analyze` needs it).
The files carry no metadata (no "Software" text chunk, no time), and the text is drawn with the
fonts bundled with matplotlib unless a Chinese font is installed, so the same data on the same
machine gives the same bytes. Labels are in English and Chinese when a font with Chinese glyphs
is found, in English otherwise (DejaVu has no Chinese, and boxes help nobody).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from grader.i18n import N_, _

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
             "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _font() -> str | None:
    """The first installed font with Chinese glyphs, if any."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _text(message: str, font: str | None, **values: object) -> str:
    """A gettext message in English and Chinese ("total (%) / 总分（%）"), in English alone
    without a font for Chinese."""
    en = _(message, lang="en").format(**values)
    if not font:
        return en
    zh = _(message, lang="zh").format(**values)
    return en if zh == en else f"{en} / {zh}"


def _save(fig: Any, path: Path) -> Path:
    fig.savefig(path, format="png", dpi=100, metadata={"Software": None})
    _pyplot().close(fig)
    return path


def plot_histogram(percents: Sequence[float], summary: Mapping[str, Any], path: Path) -> Path:
    """The totals as percentages, in 10-point bins, with the mean marked."""
    plt, font = _pyplot(), _font()
    with plt.rc_context({"font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"]}):
        fig, ax = plt.subplots(figsize=(7, 4))
        ax.hist(list(percents), bins=[10 * i for i in range(11)], color="#4878a8", edgecolor="white")
        mean = summary.get("mean_percent")
        if mean is not None:
            label = _text(N_("mean {mean} %"), font, mean=f"{mean:.1f}")
            ax.axvline(mean, color="#c44e52", linestyle="--", label=label)
            ax.legend()
        ax.set_xlim(0, 100)
        ax.set_xlabel(_text(N_("total (%)"), font))
        ax.set_ylabel(_text(N_("students"), font))
        ax.set_title(_text(N_("Totals (n = {n})"), font, n=summary.get("n", len(percents))))
        fig.tight_layout()
        return _save(fig, path)


def plot_items(rows: Sequence[Mapping[str, Any]], path: Path) -> Path:
    """Each slot's difficulty against its corrected item–total correlation, numbered, with the
    flag thresholds drawn (slots without a correlation sit on the zero line, hollow)."""
    from grader.exams.analysis import LOW_DISCRIMINATION, TOO_EASY, TOO_HARD

    plt, font = _pyplot(), _font()
    with plt.rc_context({"font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"]}):
        fig, ax = plt.subplots(figsize=(7, 5))
        ax.axhspan(-1, LOW_DISCRIMINATION, color="#f2d7d5", zorder=0)
        for x in (TOO_HARD, TOO_EASY):
            ax.axvline(x, color="#999999", linestyle=":", zorder=1)
        for row in rows:
            p, r = row["difficulty"], row["item_total_r"]
            if p is None:
                continue
            flagged = bool(row["flags"])
            ax.scatter([p], [0.0 if r is None else r], s=40, zorder=2,
                       facecolors="none" if r is None else ("#c44e52" if flagged else "#4878a8"),
                       edgecolors="#c44e52" if flagged else "#4878a8")
            ax.annotate(str(row["number"]), (p, 0.0 if r is None else r), textcoords="offset points", xytext=(4, 4),
                        fontsize=8)
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-1.02, 1.02)
        ax.set_xlabel(_text(N_("difficulty (mean score fraction)"), font))
        ax.set_ylabel(_text(N_("discrimination (corrected item–total r)"), font))
        ax.set_title(_text(N_("Questions"), font))
        fig.tight_layout()
        return _save(fig, path)
