"""User text is shown as text: escaped for Markdown, never rendered as markup or HTML."""

import html
import re

from schemas.inert import escape_markdown


def highlighted(fragment: str) -> str:
    """A search-highlight fragment as Markdown: user text escaped, the server's <em> markers made bold."""
    parts = re.split(r"</?em>", fragment)
    return "".join(
        escape_markdown(html.unescape(part)) if i % 2 == 0 else f"**{escape_markdown(html.unescape(part))}**"
        for i, part in enumerate(parts)
    )
