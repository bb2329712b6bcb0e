"""Assembly: which questions, in which order and which variants, go on one paper.

A paper is drawn for a *paper id*: the student's id, or `form-A`… with `--forms`. Every choice is
made by sorting on a SHA-256 seed (`grader.seeds.derive_seed`) of the exam seed, the paper id and
what is being chosen, never by a shared random stream, so a student's paper depends only on (exam
seed, paper id, slot, question id and version): adding or removing a student changes nobody
else's paper, and the same inputs give the same paper on every machine.

- `pick` sections take the `count` questions of their pool that come first in that order, leaving
  out those an earlier section already put on the paper;
- `shuffle` orders a section's questions the same way (otherwise: as listed, or in pool order);
- each slot's variant seed is `derive_seed("exam", seed, paper id, slot, question id, version)`;
- options are shuffled by the question's own rule (`make_variant`) unless the section says
  `shuffle_choices: false` or the question's settings do.
"""

from __future__ import annotations

from grader.bank import Bank, Variant, make_variant
from grader.exams.manifest import Slot
from grader.exams.spec import ExamSpec
from grader.seeds import derive_seed

# 53 bits: below 2**53 every JSON reader (JavaScript's doubles included) keeps the seed exactly.
VARIANT_SEED_BITS = 53


def paper_questions(spec: ExamSpec, paper_id: str) -> list[tuple[int, str]]:
    """(section number, question id) for each slot of the paper, in slot order."""
    used: set[str] = {qid for s in spec.sections for qid in s.questions}
    out: list[tuple[int, str]] = []
    for number, section in enumerate(spec.sections, start=1):
        if section.pick is None:
            ids = list(section.questions)
        else:
            draw = sorted((q for q in section.pool if q not in used),
                          key=lambda qid: derive_seed("exam", spec.seed, paper_id, "pick", number, qid))
            ids = sorted(draw[: section.count], key=section.pool.index)
            used.update(ids)
        if section.shuffle:
            ids.sort(key=lambda qid: derive_seed("exam", spec.seed, paper_id, "order", number, qid))
        out.extend((number, qid) for qid in ids)
    return out


def variant_for(bank: Bank, *, qid: str, seed: int, shuffle_choices: bool) -> Variant:
    """The variant of `qid` for `seed`, its options in the question's original order when
    `shuffle_choices` is False."""
    question = bank.get(qid)
    variant = make_variant(question, seed=seed)
    if not shuffle_choices and variant.kind_info.uses_options:
        variant = Variant(question, seed, variant.params, list(question.module.options(variant.params)))
    return variant


def choice_order(variant: Variant) -> tuple[int, ...] | None:
    """The original index of each option, in the order shown; None for kinds without options."""
    if not variant.kind_info.uses_options:
        return None
    original = list(variant.question.module.options(variant.params))
    free = list(range(len(original)))
    order: list[int] = []
    for option in variant.options:
        index = next(i for i in free if original[i] == option)
        free.remove(index)
        order.append(index)
    return tuple(order)


def assemble(spec: ExamSpec, bank: Bank, paper_id: str) -> list[tuple[Slot, Variant]]:
    """The slots of one paper with their variants."""
    out: list[tuple[Slot, Variant]] = []
    for number, (section_number, qid) in enumerate(paper_questions(spec, paper_id), start=1):
        section = spec.sections[section_number - 1]
        question = bank.get(qid)
        seed = derive_seed("exam", spec.seed, paper_id, number, qid, question.meta.version, bits=VARIANT_SEED_BITS)
        variant = variant_for(bank, qid=qid, seed=seed, shuffle_choices=section.shuffle_choices)
        points = section.points if section.points is not None else question.meta.points
        slot = Slot(number=number, section=section_number, id=qid, version=question.meta.version,
                    kind=variant.kind, variant_seed=seed, params=variant.params, points=points,
                    key=variant.answer_text(), choice_order=choice_order(variant))
        out.append((slot, variant))
    return out
