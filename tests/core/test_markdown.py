"""Markdown from city staff: bounded, linear, and one failure never spoils the next text."""

import time

import pytest
from django.core.exceptions import ValidationError

from core import markdown
from core.markdown import MAX_DEPTH, MAX_LENGTH, plain_text, render_markdown, validate_markdown

DEEP_LIST = "\n".join("    " * level + f"- item {level}" for level in range(300))
LOOSE_LIST = "Intro\n\n1. one\n2. two\n\n    continued\n\nEnd"


@pytest.fixture(autouse=True)
def _fresh_converter():
    markdown._local.converter = None
    markdown._render.cache_clear()
    markdown.plain_text.cache_clear()


@pytest.mark.parametrize(
    "text",
    [
        "[" * 20_000,
        "[ " * 10_000,
        "![" * 10_000,
        "[a](" * 5_000,
        ("[a] " * 19 + "[b](c " * 19 + "\n\n") * 150,
        "[" * MAX_DEPTH + "x" * 20_000 + "]" * MAX_DEPTH,
    ],
    ids=["brackets", "spaced", "images", "open-links", "paragraphs", "deep-within-limit"],
)
def test_hostile_text_renders_fast(text):
    started = time.monotonic()
    html = render_markdown(text)
    assert time.monotonic() - started < 5  # 20,000 "[" took over 20 s
    assert "[" in html and "<script" not in html


def test_a_deep_list_is_shown_as_text_instead_of_failing():
    html = render_markdown(DEEP_LIST)
    assert "item 299" in html
    assert "<ul>" not in html
    assert plain_text(DEEP_LIST).startswith("- item 0")


def test_a_failed_conversion_does_not_spoil_the_next_text():
    expected = markdown._convert(LOOSE_LIST)
    assert "<p>continued</p>" in expected
    with pytest.raises(RecursionError):
        markdown._convert(DEEP_LIST)
    assert markdown._convert(LOOSE_LIST) == expected


def test_a_converter_failure_falls_back_to_text(monkeypatch):
    def broken(text):
        raise RuntimeError("boom")

    monkeypatch.setattr(markdown, "_convert", broken)
    assert render_markdown("Halo *dunia* <b>x</b>") == "<p>Halo *dunia* &lt;b&gt;x&lt;/b&gt;</p>"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a" * (MAX_LENGTH + 1), "markdown_too_long"),
        ("\n".join("  " * level + "- x" for level in range(MAX_DEPTH + 1)), "markdown_too_deep"),
        (">" * (MAX_DEPTH + 1) + " quote", "markdown_too_deep"),
        ("[" * 20_000, "markdown_too_deep"),
        ("(" * (MAX_DEPTH + 1), "markdown_too_deep"),
    ],
)
def test_limits(text, code):
    with pytest.raises(ValidationError) as raised:
        validate_markdown(text)
    assert raised.value.code == code


def test_ordinary_text_is_within_the_limits():
    text = (
        "# Latar\n\n- satu\n    - dua\n        - tiga\n\n> kutipan (dengan [tautan](https://a.id))"
        "\n\n" + "Kalimat biasa (dengan catatan). " * 500
    )
    validate_markdown(text)
    assert "<li>tiga</li>" in render_markdown(text)


def test_links_carry_rel_attributes():
    html = render_markdown("[Situs](https://example.org)")
    assert 'rel="noopener noreferrer nofollow"' in html
    assert 'href="https://example.org"' in html
