"""`lms/qti.zip`: the exam as a QTI 1.2 package in Canvas's conventions (Classic Quizzes import).

The zip holds `imsmanifest.xml` and one assessment, `assessment.xml`: a root section holding one
question group per slot (`selection_number` 1, `points_per_item` the slot's points), each with every
variant of that question number as an item. Each item names its Canvas type and points in
`itemmetadata` (`question_type`, `points_possible`):

- numeric: `numerical_question`, accepted in the range key ± the grader's tolerance;
- choice: `multiple_choice_question`, the options in the variant's order, feedback per wrong option;
- multi: `multiple_answers_question` (Canvas gives 1/k per correct option and takes 1/k per wrong
  one, floored at 0: the grader's own rule);
- anything else (symbolic, exact numeric): `short_answer_question` with the key, marked for manual
  review.

Written with `xml.etree`; the zip's entries carry a fixed date, so building twice gives the same bytes.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from grader.bank import Variant
from grader.exams.lms import (
    LmsQuestion,
    LmsSlot,
    exam_langs,
    general_feedback_html,
    needs_review,
    number_text,
    numeric_answers,
    option_feedback_html,
    option_html,
    question_html,
)
from grader.reports.clean import xml_text

FILE_NAME = "qti.zip"
ASSESSMENT = "assessment.xml"
MANIFEST = "imsmanifest.xml"
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)
RESPONSE = "response1"


def question_type(variant: Variant) -> str:
    """Canvas's type for `variant`."""
    if needs_review(variant):
        return "short_answer_question"
    return {"numeric": "numerical_question", "choice": "multiple_choice_question",
            "multi": "multiple_answers_question"}[variant.kind]


def _material(parent: ET.Element, html_text: str) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", texttype="text/html").text = xml_text(html_text)


def _metadata(parent: ET.Element, fields: Mapping[str, str]) -> None:
    meta = ET.SubElement(parent, "qtimetadata")
    for label, entry in fields.items():
        field = ET.SubElement(meta, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _condition(processing: ET.Element, score: str | None, *, feedback: str | None = None) -> ET.Element:
    """A `respcondition`; it stops processing when it sets a score, and shows `feedback` (an
    `itemfeedback` ident) when it holds."""
    condition = ET.SubElement(processing, "respcondition", attrib={"continue": "Yes" if score is None else "No"})
    conditionvar = ET.SubElement(condition, "conditionvar")
    if score is not None:
        ET.SubElement(condition, "setvar", action="Set", varname="SCORE").text = score
    if feedback is not None:
        ET.SubElement(condition, "displayfeedback", feedbacktype="Response", linkrefid=feedback)
    return conditionvar


def _feedback(item: ET.Element, ident: str, html_text: str) -> None:
    block = ET.SubElement(item, "itemfeedback", ident=ident)
    _material(ET.SubElement(block, "flow_mat"), html_text)


def _item(section: ET.Element, entry: LmsQuestion, langs: Sequence[str]) -> None:
    variant, slot = entry.variant, entry.slot
    ident = f"q{slot.number:02d}_{entry.holders[0].replace(' ', '_')}"
    kind = question_type(variant)
    item = ET.SubElement(section, "item", ident=ident, title=entry.name)
    _metadata(ET.SubElement(item, "itemmetadata"), {"question_type": kind, "points_possible": number_text(slot.points)})
    presentation = ET.SubElement(item, "presentation")
    _material(presentation, question_html(variant, langs, with_options=False))
    processing = ET.SubElement(item, "resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    feedbacks: list[tuple[str, str]] = [("general_fb", general_feedback_html(variant, slot.key, langs))]
    if kind in ("multiple_choice_question", "multiple_answers_question"):
        feedbacks += _choices(presentation, processing, variant, langs, multi=kind == "multiple_answers_question")
    elif kind == "numerical_question":
        response = ET.SubElement(presentation, "response_str", ident=RESPONSE, rcardinality="Single")
        ET.SubElement(ET.SubElement(response, "render_fib", fibtype="Decimal"), "response_label", ident="answer1")
        key = numeric_answers(variant, langs)[0]
        condition = _condition(processing, "100")
        ET.SubElement(condition, "vargte", respident=RESPONSE).text = number_text(key.low)
        ET.SubElement(condition, "varlte", respident=RESPONSE).text = number_text(key.high)
    else:
        response = ET.SubElement(presentation, "response_str", ident=RESPONSE, rcardinality="Single")
        ET.SubElement(ET.SubElement(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        ET.SubElement(_condition(processing, "100"), "varequal", respident=RESPONSE).text = xml_text(slot.key)
    for feedback_ident, text in feedbacks:
        if text:
            _feedback(item, feedback_ident, text)


def _choices(presentation: ET.Element, processing: ET.Element, variant: Variant, langs: Sequence[str], *,
             multi: bool) -> list[tuple[str, str]]:
    """Options in the variant's order; returns the per-option feedback blocks to add."""
    response = ET.SubElement(presentation, "response_lid", ident=RESPONSE,
                             rcardinality="Multiple" if multi else "Single")
    render = ET.SubElement(response, "render_choice", shuffle="No")
    letters = [choice["letter"] for choice in variant.choices(langs[0])]
    for index, letter in enumerate(letters):
        label = ET.SubElement(render, "response_label", ident=letter)
        _material(label, option_html(variant, index, langs))
    feedbacks = []
    correct = set(variant.key)
    for letter in letters:  # feedback first: these conditions do not stop processing
        text = "" if letter in correct else option_feedback_html(variant, letter, langs)
        if text:
            ident = f"{letter}_fb"
            ET.SubElement(_condition(processing, None, feedback=ident), "varequal", respident=RESPONSE).text = letter
            feedbacks.append((ident, text))
    condition = _condition(processing, "100")
    if multi:
        both = ET.SubElement(condition, "and")
        for letter in letters:
            parent = both if letter in correct else ET.SubElement(both, "not")
            ET.SubElement(parent, "varequal", respident=RESPONSE).text = letter
    else:
        ET.SubElement(condition, "varequal", respident=RESPONSE).text = variant.key[0]
    return feedbacks


def assessment_xml(exam: Mapping[str, Any], slots: Sequence[LmsSlot]) -> ET.Element:
    """The `<questestinterop>` element: one question group per slot under the root section."""
    langs = exam_langs(exam)
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    assessment = ET.SubElement(root, "assessment", ident="exam", title=xml_text(" ".join(str(exam["title"]).split())))
    _metadata(assessment, {"cc_maxattempts": "1"})
    top = ET.SubElement(assessment, "section", ident="root_section")
    for slot in slots:
        group = ET.SubElement(top, "section", ident=f"slot_{slot.number:02d}", title=f"Q{slot.number:02d}")
        selection = ET.SubElement(ET.SubElement(group, "selection_ordering"), "selection")
        ET.SubElement(selection, "selection_number").text = "1"
        if slot.points is not None:
            extension = ET.SubElement(selection, "selection_extension")
            ET.SubElement(extension, "points_per_item").text = number_text(slot.points)
        for entry in slot.questions:
            _item(group, entry, langs)
    return root


def manifest_xml(exam: Mapping[str, Any]) -> ET.Element:
    """`imsmanifest.xml`: one QTI 1.2 resource, the assessment file."""
    manifest = ET.Element("manifest", identifier="grade_exam", xmlns=CP_NS)
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    resource = ET.SubElement(resources, "resource", identifier="exam", type="imsqti_xmlv1p2", href=ASSESSMENT)
    ET.SubElement(resource, "file", href=ASSESSMENT)
    return manifest


def _bytes(element: ET.Element) -> bytes:
    tree = ET.ElementTree(element)
    ET.indent(tree, space=" ")
    buffer = io.BytesIO()
    tree.write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue()


def write_qti(exam: Mapping[str, Any], slots: Sequence[LmsSlot], folder: Path) -> Path:
    """Write `folder/qti.zip`."""
    path = folder / FILE_NAME
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, element in ((MANIFEST, manifest_xml(exam)), (ASSESSMENT, assessment_xml(exam, slots))):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, _bytes(element))
    return path
