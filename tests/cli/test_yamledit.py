"""Comment-preserving YAML edits: each edit changes its own lines and nothing else."""

from __future__ import annotations

import difflib

import pytest
import yaml

from kalshi_orders.spec.yamledit import Edit, EditError, apply_edits

DOC = """\
# A header comment that must survive.
openapi: 3.0.3
components:
  schemas:
    # The status enum.
    OrderStatus:
      type: string
      enum: [resting, canceled, executed]
    Side:
      enum: ['yes', 'no']
    Order:
      type: object
      required:
        - order_id
        - user_id   # sent on every order
        - status
      properties:
        order_id: {type: string}
        user_id: {type: string, description: The member.}
        status: {$ref: '#/components/schemas/OrderStatus'}
        price:
          allOf: [{$ref: '#/components/schemas/Price'}]
          description: A price.

      example:
        order_id: abc
        expiration_time: null
paths:
  /x:
    get:
      x-kalshi-error-codes: {'404': [order_not_found]}
      responses:
        '200': {description: ok}
"""

S = ("components", "schemas")


def _changed(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_extend_a_flow_list_touches_one_line() -> None:
    out = apply_edits(DOC, [Edit("extend", (*S, "OrderStatus"), "enum", ["pending"])])
    assert _changed(DOC, out) == [
        "-      enum: [resting, canceled, executed]",
        "+      enum: [resting, canceled, executed, pending]",
    ]


def test_yes_and_no_stay_quoted_for_yaml_1_1_readers() -> None:
    out = apply_edits(DOC, [Edit("extend", (*S, "Side"), "enum", ["maybe"])])
    assert "      enum: ['yes', 'no', maybe]" in out
    assert yaml.safe_load(out)["components"]["schemas"]["Side"]["enum"] == ["yes", "no", "maybe"]


def test_remove_from_a_block_list_drops_one_line_and_keeps_the_rest() -> None:
    out = apply_edits(DOC, [Edit("remove", (*S, "Order"), "required", ["user_id"])])
    assert _changed(DOC, out) == ["-        - user_id   # sent on every order"]
    assert out.startswith("# A header comment that must survive.\n")
    assert "    # The status enum.\n" in out


def test_a_new_property_is_appended_to_the_block_mapping() -> None:
    schema = {"type": "string", "x-observed": {"count": 3, "of": 4, "samples": ["a"]}}
    out = apply_edits(DOC, [Edit("set", (*S, "Order", "properties"), "reason", schema)])
    assert _changed(DOC, out) == [
        "+        reason:",
        "+          type: string",
        "+          x-observed:",
        "+            count: 3",
        "+            of: 4",
        "+            samples: [a]",
    ]
    # Inserted after the last property, before the blank line and `example`.
    assert out.index("reason:") < out.index("\n\n      example:")


def test_an_edit_inside_a_flow_mapping_rewrites_that_key() -> None:
    out = apply_edits(DOC, [Edit("set", (*S, "Order", "properties", "user_id"), "nullable", True)])
    assert _changed(DOC, out) == [
        "-        user_id: {type: string, description: The member.}",
        "+        user_id: {type: string, description: The member., nullable: true}",
    ]
    evidence = {"null": {"count": 2, "source": "cassette.yaml"}}
    out = apply_edits(DOC, [Edit("set", (*S, "Order", "properties", "user_id"), "x-observed", evidence)])
    assert _changed(DOC, out) == [
        "-        user_id: {type: string, description: The member.}",
        "+        user_id:",
        "+          type: string",
        "+          description: The member.",
        "+          x-observed:",
        "+            'null': {count: 2, source: cassette.yaml}",
    ]


def test_a_nested_flow_mapping_is_rewritten_from_its_block_parent() -> None:
    path = ("paths", "/x", "get", "x-kalshi-error-codes")
    out = apply_edits(DOC, [Edit("extend", path, "404", ["not_found"])])
    assert _changed(DOC, out) == [
        "-      x-kalshi-error-codes: {'404': [order_not_found]}",
        "+      x-kalshi-error-codes:",
        "+        '404': [order_not_found, not_found]",
    ]


def test_several_edits_at_once_and_untouched_nulls_and_refs_stay() -> None:
    edits = [
        Edit("extend", (*S, "OrderStatus"), "enum", ["pending"]),
        Edit("set", (*S, "OrderStatus"), "x-observed", {"enum-values": {"pending": 2}}),
        Edit("remove", (*S, "Order"), "required", ["user_id"]),
        Edit("set", (*S, "Order", "properties"), "reason", {"type": "string"}),
    ]
    out = apply_edits(DOC, edits)
    assert "        expiration_time: null\n" in out
    assert "          allOf: [{$ref: '#/components/schemas/Price'}]\n" in out
    parsed = yaml.safe_load(out)["components"]["schemas"]
    assert parsed["OrderStatus"]["enum"][-1] == "pending"
    assert parsed["OrderStatus"]["x-observed"] == {"enum-values": {"pending": 2}}
    assert parsed["Order"]["required"] == ["order_id", "status"]
    assert list(parsed["Order"]["properties"]) == ["order_id", "user_id", "status", "price", "reason"]


def test_replacing_a_ref_property_keeps_its_place() -> None:
    new = {"allOf": [{"$ref": "#/components/schemas/OrderStatus"}], "nullable": True}
    out = apply_edits(DOC, [Edit("set", (*S, "Order", "properties"), "status", new)])
    assert _changed(DOC, out) == [
        "-        status: {$ref: '#/components/schemas/OrderStatus'}",
        "+        status:",
        "+          allOf:",
        "+            - {$ref: '#/components/schemas/OrderStatus'}",
        "+          nullable: true",
    ]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (Edit("extend", (*S, "Nope"), "enum", ["x"]), "no node at /components/schemas/Nope"),
        (Edit("extend", (*S, "Order"), "type", ["x"]), "is not a list"),
        (Edit("set", ("openapi",), "x", 1), "is not a mapping"),
    ],
)
def test_an_edit_that_does_not_fit_is_refused(edit: Edit, message: str) -> None:
    with pytest.raises(EditError, match=message):
        apply_edits(DOC, [edit])


def test_the_curated_spec_takes_an_edit_without_other_changes() -> None:
    from .upstream_fixtures import CURATED

    text = CURATED.read_text(encoding="utf-8")
    out = apply_edits(text, [Edit("extend", (*S, "OrderStatus"), "enum", ["pending"])])
    assert _changed(text, out) == [
        "-      enum: [resting, canceled, executed]",
        "+      enum: [resting, canceled, executed, pending]",
    ]


def test_scalars_are_written_on_their_key_line_multi_line_text_included() -> None:
    out = apply_edits(DOC, [Edit("set", (*S, "OrderStatus"), "type", "integer")])
    assert _changed(DOC, out) == ["-      type: string", "+      type: integer"]
    text = "two\nlines: with a colon"
    out = apply_edits(DOC, [Edit("set", (*S, "OrderStatus"), "description", text)])
    assert yaml.safe_load(out)["components"]["schemas"]["OrderStatus"]["description"] == text
    assert len(_changed(DOC, out)) == 1
