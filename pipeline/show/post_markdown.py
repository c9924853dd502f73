"""A newsletter post's HTML → the body of essay.md, safe and without the platform's furniture.

The post becomes the script and, through the notes, a web page and an email block, so the
conversion is an allow-list: it writes only paragraphs, `##`/`###` headings, list items,
quotations, emphasis and links with http(s) or mailto targets, every character of text
escaped. Scripts, styles, forms, embeds, images and their captions, hidden elements,
event handlers and `javascript:` links have no way through. Subscribe widgets, share bars
and buttons are recognised by the class names the platforms give them; the lines they
print anywhere else (Substack's "Thanks for reading", WordPress's "The post ... appeared
first on", the host's own "Listen to the audio version") by `essay_text`'s boilerplate rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from . import essay_text
from .essay_text import RawBlock

SKIP_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "embed", "form", "input", "button",
             "select", "textarea", "svg", "canvas", "video", "audio", "picture", "img", "figure", "figcaption",
             "nav", "header", "footer", "aside", "head", "title", "meta", "link", "math", "dialog", "source"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
CONTAINERS = {"div", "section", "article", "main", "body", "html", "center", "table", "tbody", "thead", "tr",
              "td", "th", "dl", "dd", "dt", "details", "summary", "span", "font"}
# Class or id words the platforms give to furniture inside a post's body.
FURNITURE = re.compile(
    r"(^|[-_])(subscribe|subscription|share|sharing|sharedaddy|social|signup|cta|related|relatedposts|comments?|"
    r"paywall|button|buttons|caption|captioned|image|gallery|video|audio|embed|embedded|bookmark|toc|"
    r"footnote-anchor|likes|author-bio|newsletter-form|promo|advert|ads|adsense)([-_]|$)", re.IGNORECASE)
BREAKING = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "td"}
SAFE_SCHEMES = {"http", "https", "mailto"}
LINE_START = re.compile(r"^(\d*)([-+=.)])")     # "1. ", "- ", "---" would start a list or a rule
ESCAPED = re.compile(r"([\\`*_\[\]<>&|~#!])")


@dataclass
class _Block:
    kind: str                     # heading | paragraph | item | quote
    markdown: str
    plain: str
    level: int = 0
    links: list[tuple[str, str]] = field(default_factory=list)


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return el.get("hidden") is not None or el.get("aria-hidden") == "true" or "display:none" in style \
        or "visibility:hidden" in style


def _furniture(el) -> bool:
    words = (el.get("class") or "").split() + [el.get("id") or ""]
    return any(FURNITURE.search(w) for w in words if w)


def skipped(el) -> bool:
    """Comments, furniture, and everything not meant to be read."""
    return not isinstance(el.tag, str) or el.tag.lower() in SKIP_TAGS or _hidden(el) or _furniture(el)


def _escape(text: str) -> str:
    return ESCAPED.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _safe_url(href: str | None, base: str) -> str | None:
    if not href:
        return None
    url = urljoin(base, re.sub(r"[\x00-\x20]", "", href))
    if urlsplit(url).scheme.lower() not in SAFE_SCHEMES:
        return None
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


class _Inline:
    """The Markdown and the plain text of a run of inline content."""

    def __init__(self, base: str):
        self.base = base
        self.md: list[str] = []
        self.plain: list[str] = []
        self.links: list[tuple[str, str]] = []

    def text(self, text: str | None) -> None:
        if text:
            self.md.append(_escape(text))
            self.plain.append(text)

    def element(self, el, in_link: bool = False) -> None:
        if skipped(el):
            self.text(el.tail)
            return
        tag = el.tag.lower()
        if tag == "br" or tag in BREAKING:
            self.text(" ")
            if tag != "br":
                self.children(el, in_link)
                self.text(" ")
        elif tag == "a" and not in_link:
            self._link(el)
        elif tag in ("em", "i", "strong", "b"):
            self._wrap(el, "**" if tag in ("strong", "b") else "*", in_link)
        else:
            self.children(el, in_link)
        self.text(el.tail)

    def children(self, el, in_link: bool = False) -> None:
        self.text(el.text)
        for child in el:
            self.element(child, in_link)

    def _sub(self, el, in_link: bool) -> "_Inline":
        return _inline_of(el, self.base, in_link)

    def _wrap(self, el, mark: str, in_link: bool) -> None:
        inner = self._sub(el, in_link)
        md, plain = "".join(inner.md), "".join(inner.plain)
        self.links += inner.links
        core = md.strip()
        if not core:
            self.md.append(md)
        else:
            lead, trail = md[:len(md) - len(md.lstrip())], md[len(md.rstrip()):]
            self.md.append(f"{lead}{mark}{core}{mark}{trail}")
        self.plain.append(plain)

    def _link(self, el) -> None:
        inner = self._sub(el, True)
        md, plain = re.sub(r"\s+", " ", "".join(inner.md)).strip(), re.sub(r"\s+", " ", "".join(inner.plain)).strip()
        href = el.get("href") or ""
        if href.startswith("#") and plain.strip("[]()").isdigit():
            return                                            # a footnote number: not read, not a link
        url = _safe_url(href, self.base)
        if url and md:
            self.md.append(f"[{md}]({url})")
            self.links.append((plain, url))
        else:
            self.md.append(md)
        self.plain.append(plain)


def _inline_of(el, base: str, in_link: bool = False) -> _Inline:
    """The inline content of `el` (its text and its children's), as one run."""
    run = _Inline(base)
    run.children(el, in_link)
    return run


class _Walker:
    """Block structure: headings, paragraphs, items and quotations, in reading order."""

    def __init__(self, base: str):
        self.base = base
        self.blocks: list[_Block] = []

    def emit(self, kind: str, run: _Inline, level: int = 0) -> None:
        plain = re.sub(r"\s+", " ", "".join(run.plain)).strip()
        markdown = LINE_START.sub(r"\1\\\2", re.sub(r"\s+", " ", "".join(run.md)).strip())
        if plain:
            self.blocks.append(_Block(kind, markdown, plain, level, run.links))

    def block(self, el, quote: bool = False) -> None:
        if skipped(el):
            return
        tag = el.tag.lower()
        if tag in HEADINGS:
            self.emit("heading", _inline_of(el, self.base), HEADINGS[tag])
        elif tag in ("ul", "ol"):
            for item in el:
                if not skipped(item):
                    self.list_item(item, quote)
        elif tag == "blockquote":
            self.mixed(el, quote=True)
        elif tag == "li":
            self.list_item(el, quote)
        elif tag in ("p", "pre") or not self._has_blocks(el):
            self.emit("quote" if quote else "paragraph", _inline_of(el, self.base))
        else:
            self.mixed(el, quote)

    def list_item(self, item, quote: bool) -> None:
        """An item's own text (its paragraphs joined) is one item; a list inside it follows."""
        nested = [c for c in item if isinstance(c.tag, str) and c.tag.lower() in ("ul", "ol")]
        run = _Inline(self.base)
        run.text(item.text)
        for child in item:
            if child in nested:
                run.text(child.tail)
            else:
                run.element(child)
        self.emit("quote" if quote else "item", run)
        for child in nested:
            self.block(child, quote)

    def mixed(self, el, quote: bool) -> None:
        """A container whose text runs between block children become paragraphs of their own."""
        kind = "quote" if quote else "paragraph"
        run = _Inline(self.base)
        run.text(el.text)
        for child in el:
            if isinstance(child.tag, str) and self._is_block(child):
                self.emit(kind, run)
                self.block(child, quote)
                run = _Inline(self.base)
                run.text(child.tail)
            elif isinstance(child.tag, str) and child.tag.lower() == "br" and self._double_break(child):
                self.emit(kind, run)                     # its tail is blank: the next <br> follows at once
                run = _Inline(self.base)
            else:
                run.element(child)
        self.emit(kind, run)

    @staticmethod
    def _double_break(br) -> bool:
        following = br.getnext()
        return following is not None and following.tag == "br" and not (br.tail or "").strip()

    def _is_block(self, el) -> bool:
        tag = el.tag.lower()
        if tag in HEADINGS or tag in ("p", "ul", "ol", "li", "blockquote", "pre", "hr"):
            return True
        return tag in CONTAINERS and tag not in ("span", "font") and \
            (bool((el.text or "").strip()) or self._has_blocks(el))

    def _has_blocks(self, el) -> bool:
        return any(isinstance(c.tag, str) and not skipped(c) and self._is_block(c) for c in el)


def _render(blocks: list[_Block]) -> str:
    top = min((b.level for b in blocks if b.kind == "heading"), default=2)
    lines = []
    for block in blocks:
        if block.kind == "heading":
            lines.append(("## " if block.level == top else "### ") + block.markdown)
        elif block.kind == "item":
            lines.append("- " + block.markdown)
        elif block.kind == "quote":
            lines.append("> " + block.markdown)
        else:
            lines.append(block.markdown)
    out = []
    for i, line in enumerate(lines):               # list items stay together; everything else is spaced
        if out and not (line.startswith("- ") and lines[i - 1].startswith("- ")):
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"


def _same(a: str, b: str) -> bool:
    def norm(text):
        return re.sub(r"\W+", " ", text).strip().lower()
    return norm(a) == norm(b)


def to_markdown(element, base_url: str, title: str = "", language: str = "en") -> str:
    """The essay body in Markdown from a post's content element (lxml)."""
    walker = _Walker(base_url)
    walker.block(element)
    blocks = walker.blocks
    raw = [RawBlock("item" if b.kind == "item" else "paragraph", b.plain, b.links) for b in blocks]
    kept = {id(r) for r in essay_text.without_boilerplate(raw, language)}
    blocks = [b for b, r in zip(blocks, raw) if id(r) in kept]
    if blocks and title and _same(blocks[0].plain, title):      # the title again, as <h1> or a first line
        blocks = blocks[1:]
    return _render(blocks)


def fragment_markdown(fragment: str, base_url: str, title: str = "", language: str = "en") -> str:
    """The same for an HTML fragment, as feeds carry the post (content:encoded)."""
    if not fragment.strip():
        return ""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    return to_markdown(root, base_url, title, language)
