"""Essay bodies as plain blocks, from Markdown, HTML or plain text, boilerplate left out.

Hosts paste essays from newsletter platforms: a byline, "Image by ...", share and
subscribe buttons, comment counts, "more articles" lists, interface strings in another
language. None of it was read aloud and none of it belongs in the notes, so it is
dropped here, before the essay becomes the script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it import MarkdownIt


@dataclass
class RawBlock:
    kind: str                    # title | heading | paragraph | item
    text: str
    links: list[tuple[str, str]] = field(default_factory=list)   # (anchor text, url)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def from_markdown(markdown: str) -> list[RawBlock]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    blocks, in_item = [], 0
    for i, token in enumerate(tokens):
        if token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        if token.type != "inline":
            continue
        opener = tokens[i - 1]
        text, links, href, anchor = [], [], None, []
        for child in token.children or []:
            if child.type == "link_open":
                href, anchor = child.attrGet("href"), []
            elif child.type == "link_close":
                if href:
                    links.append((_clean("".join(anchor)) or str(href), str(href)))
                href = None
            elif child.type in ("text", "code_inline"):
                text.append(child.content)
                if href is not None:
                    anchor.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                text.append(" ")
        kind = "paragraph"
        if opener.type == "heading_open":
            kind = "title" if opener.tag == "h1" else "heading" if opener.tag == "h2" else "paragraph"
        elif in_item:
            kind = "item"
        if _clean("".join(text)):
            blocks.append(RawBlock(kind, _clean("".join(text)), links))
    return blocks


class _HtmlBlocks(HTMLParser):
    BLOCK = {"p": "paragraph", "li": "item", "h1": "title", "h2": "heading", "h3": "paragraph",
             "h4": "paragraph", "blockquote": "paragraph", "div": "paragraph", "title": "title"}
    SKIP = {"script", "style", "nav", "footer", "aside", "form", "button", "figure", "figcaption", "svg",
            "noscript", "header", "iframe", "select", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[RawBlock] = []
        self._stack: list[RawBlock] = []
        self._skip = 0
        self._href: str | None = None
        self._anchor: list[str] = []

    def _flush(self):
        if self._stack:
            block = self._stack.pop()
            block.text = _clean(block.text)
            if block.text:
                self.blocks.append(block)

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif self._skip:
            return
        elif tag in self.BLOCK:
            if self._stack and self._stack[-1].text.strip():
                self._flush()
            elif self._stack:
                self._stack.pop()
            self._stack.append(RawBlock(self.BLOCK[tag], ""))
        elif tag == "a":
            self._href, self._anchor = dict(attrs).get("href"), []
        elif tag == "br" and self._stack:
            self._stack[-1].text += " "

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif self._skip:
            return
        elif tag == "a" and self._href and self._stack:
            self._stack[-1].links.append((_clean("".join(self._anchor)) or self._href, self._href))
            self._href = None
        elif tag in self.BLOCK:
            self._flush()

    def handle_data(self, data):
        if self._skip:
            return
        if not self._stack:
            if not data.strip():
                return
            self._stack.append(RawBlock("paragraph", ""))
        self._stack[-1].text += data
        if self._href is not None:
            self._anchor.append(data)


def from_html(html: str) -> list[RawBlock]:
    parser = _HtmlBlocks()
    parser.feed(html)
    parser.close()
    while parser._stack:
        parser._flush()
    seen_title, out = False, []
    for block in parser.blocks:                       # <title> and <h1> usually repeat each other
        if block.kind == "title":
            if seen_title:
                continue
            seen_title = True
        out.append(block)
    return out


def from_text(text: str) -> list[RawBlock]:
    blocks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("## "):
            blocks.append(RawBlock("heading", _clean(chunk[3:])))
        elif chunk.startswith("# "):
            blocks.append(RawBlock("title", _clean(chunk[2:])))
        else:
            links = [(url, url) for url in re.findall(r"https?://[^\s)>\]]+", chunk)]
            blocks.append(RawBlock("paragraph", _clean(chunk), links))
    return blocks


MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
BOILERPLATE = [re.compile(p, re.IGNORECASE) for p in (
    r"^(image|photo|picture|illustration|cover|header image|photograph)s?( \w+)?\s*(by|credit|courtesy|via|source|from)\b.{0,120}$",
    r"^(photo|image) credit.{0,120}$",
    r"^(share|subscribe|like|comment|restack|reply|follow|upgrade|sign up|sign in|log in)"
    r"( (this|now|us|for free|to \w+|on \w+))?[.!]?$",
    r"^\d[\d,.]*k?\s+(likes?|comments?|restacks?|shares?|views?)$",
    r"^(leave a comment|write a comment|comments?|more (articles|posts|from .{1,40})|related( posts| articles| reading)?|"
    r"read more|recommended|you might also like|ready for more\?|share this (post|article)|"
    r"discussion about this post|no posts|top|latest|discussion|thanks for reading.{0,80}|"
    r"type your email.{0,40}|this site requires javascript.{0,80}|previous|next)$",
    r"^by [A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3}$",
    r"^\d+ min(ute)?s? read$",
    rf"^({MONTHS})[a-z]* \d{{1,2}},? \d{{4}}$",
    r"^\d{1,2} (" + MONTHS + r")[a-z]* \d{4}$",
    # The host's own listen links, and the line WordPress feeds append to every post.
    r"^(🎧\s*)?(listen to|hear|play) (the|this) (audio|podcast)( version| episode)?( of this (post|essay|issue))?"
    r"( here| below| above| now)?[.!:]?( \(\d+ min(utes)?\))?$",
    r"^(🎧\s*)?listen here[.!]?$",
    r"^(🎧\s*)?(listen|subscribe|follow)( and (subscribe|listen|follow))?( to (it|us|the \w+))?( on| in| via) "
    r"(apple|spotify|youtube|overcast|pocket casts|your (favou?rite )?podcast app).{0,80}$",
    r"^the post .{1,200} appeared first on .{1,120}$",
)]
# Share / subscribe / comment / like / read more, as newsletter platforms print them in other languages.
UI_WORDS = re.compile(r"^(teilen|abonnieren.*|kommentar(e|ieren)?|gefällt mir|weiterlesen|mehr lesen|"
                      r"partager|s'abonner.*|commentaires?|j'aime|lire la suite|compartir|suscribirse.*|comentarios?|"
                      r"me gusta|leer más|condividi|iscriviti.*|commenti|mi piace|delen|abonneren.*|reacties|"
                      r"compartilhar|inscrever-se.*|curtir|udostępnij|subskrybuj.*|dela|prenumerera.*)$", re.IGNORECASE)
STOPWORDS_EN = set("the a an and or but of to in on for with is are was were be it that this as at by from "
                   "i you he she we they my your our not have has had do does did so if".split())


def _foreign_ui(block: RawBlock, language: str) -> bool:
    """A short string in another language than the show's (a platform's interface text)."""
    if not language.startswith("en"):
        return False
    words = re.findall(r"[^\W\d_]+", block.text.lower())
    return 1 <= len(words) <= 12 and not any(w in STOPWORDS_EN for w in words) and \
        sum(c.isalpha() and ord(c) > 127 for c in block.text) >= 2


def _is_boilerplate(block: RawBlock, language: str) -> bool:
    text = block.text.strip(" .·|•–-")
    if any(p.match(text) for p in BOILERPLATE) or UI_WORDS.match(text):
        return True
    if block.kind != "title" and _foreign_ui(block, language) and len(text) < 120:
        return True
    return False


def _link_only(block: RawBlock) -> bool:
    anchors = " ".join(a for a, _ in block.links)
    return bool(block.links) and len(_clean(anchors)) >= 0.8 * len(block.text)


def without_boilerplate(blocks: list[RawBlock], language: str = "en") -> list[RawBlock]:
    """The essay proper: boilerplate blocks dropped, and a trailing list of bare links
    (a "more articles" list) too."""
    kept = [b for b in blocks if not _is_boilerplate(b, language)]
    while kept and kept[-1].kind == "item" and _link_only(kept[-1]):
        kept.pop()
    return kept
