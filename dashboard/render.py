"""User text is shown as text: escaped for Markdown, never rendered as markup or HTML."""

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def highlighted(fragment: str) -> str:
    """A search-highlight fragment as Markdown: user text escaped, the server's <em> markers made bold."""
    parts = re.split(r"</?em>", fragment)
    return "".join(
        escape_markdown(html.unescape(part)) if i % 2 == 0 else f"**{escape_markdown(html.unescape(part))}**"
        for i, part in enumerate(parts)
    )
