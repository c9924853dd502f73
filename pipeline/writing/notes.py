"""essay + chapters → show notes (Markdown and HTML) and the YouTube description.

The HTML is rendered by markdown-it-py and sanitised by nh3 down to the tags Apple
Podcasts allows, so nothing the essay contains (a <script>, an onclick, a
javascript: link) reaches a listener's app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

from .chapters import Chapter, clock
from ..show.config import Show
from ..show.essay import Essay

APPLE_TAGS = {"p", "a", "ul", "ol", "li", "b", "i", "strong", "em", "br"}
SUMMARY_CHARS = 600
SUMMARY_SENTENCES = 3
FEED_DESCRIPTION_BYTES = 4000
YOUTUBE_TITLE_CHARS = 49


@dataclass(frozen=True)
class Notes:
    summary: str
    markdown: str
    html: str                  # full, for content:encoded and the episode page
    short_html: str            # at most 4000 bytes, for <description>
    youtube: str
    youtube_problem: str       # why the chapter block was left out of the YouTube text, or ""


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9“\"])", text) if s.strip()]


STOPWORDS = set("""a about above after again against all am an and any are as at be because been before being
below between both but by can did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
off on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves also every one""".split())


def _content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z']+", text.lower()) if w not in STOPWORDS and len(w) > 2]


def summary_of(essay: Essay) -> str:
    """The front matter's summary, else an extractive one: the essay's key sentences.

    Each sentence scores the frequency of its content words across the essay (words the
    essay keeps coming back to), normalised by length, with a bonus for the opening;
    the best three are kept in reading order, within 600 characters. Deterministic.
    """
    if essay.front.summary.strip():
        return plain(essay.front.summary.strip())
    sentences = [s for b in essay.blocks if b.kind == "paragraph" for s in _sentences(b.text)]
    if not sentences:
        return ""
    counts: dict[str, int] = {}
    for sentence in sentences:
        for word in _content_words(sentence):
            counts[word] = counts.get(word, 0) + 1
    def score(i: int) -> float:
        words = _content_words(sentences[i])
        base = sum(counts[w] for w in words) / (len(words) ** 0.5) if words else 0.0
        return base * (1.5 if i == 0 else 1.0)
    chosen, length = [], 0
    for i in sorted(range(len(sentences)), key=lambda i: (-score(i), i)):
        if len(chosen) < SUMMARY_SENTENCES and length + len(sentences[i]) + 1 <= SUMMARY_CHARS:
            chosen.append(i)
            length += len(sentences[i]) + 1
    if not chosen:
        return sentences[0][: SUMMARY_CHARS - 1].rstrip() + "…"
    return plain(" ".join(sentences[i] for i in sorted(chosen)))


def ai_summary(essay: Essay, url: str, model: str, timeout_s: float = 60.0) -> str:
    """A summary from an OpenAI-compatible chat API (optional, off by default).

    The key is read from $PRODUCE_SUMMARISER_KEY. Raises UserError naming the URL on
    any failure, so the caller can fall back to the extractive summary with a warning.
    """
    import json
    import os
    import urllib.error
    import urllib.request

    from ..errors import UserError

    text = "\n\n".join(b.text for b in essay.blocks if b.kind != "heading")[:20000]
    body = {"model": model, "temperature": 0,
            "messages": [{"role": "system", "content": "Summarise this podcast episode's essay for podcast apps in "
                                                      "at most three sentences and 600 characters. Plain text."},
                         {"role": "user", "content": f"{essay.title}\n\n{text}"}]}
    request = urllib.request.Request(url.rstrip("/") + "/chat/completions", json.dumps(body).encode(),
                                     {"Content-Type": "application/json",
                                      "Authorization": f"Bearer {os.environ.get('PRODUCE_SUMMARISER_KEY', '')}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            answer = json.loads(response.read())["choices"][0]["message"]["content"]
    except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError) as exc:
        raise UserError(f"{url}: the summariser did not answer ({exc.__class__.__name__}); "
                        "used the essay's own key sentences") from None
    answer = plain(" ".join(answer.split()))
    return answer if len(answer) <= SUMMARY_CHARS else answer[: SUMMARY_CHARS - 1].rstrip() + "…"


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", text)


# Bidirectional overrides can make text read differently than it is; other controls break XML.
INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain(text: str) -> str:
    return INVISIBLE.sub("", text)


def sanitise(html: str) -> str:
    return nh3.clean(plain(html), tags=APPLE_TAGS, attributes={"a": {"href"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener nofollow")


def youtube_chapters(chapters: list[Chapter], duration: float) -> tuple[list[str], str]:
    """YouTube's chapter lines, or ([], why not): 0:00 first, 3+ entries, each 10 s+, ascending."""
    if len(chapters) < 3:
        return [], f"YouTube needs at least 3 chapters; this episode has {len(chapters)}"
    if chapters[0].start != 0:
        return [], "the first chapter must start at 0:00"
    ends = [c.start for c in chapters[1:]] + [duration]
    for chapter, end in zip(chapters, ends):
        if end - chapter.start < 10:
            return [], f"chapter “{chapter.title}” is shorter than YouTube's 10 s minimum"
    lines = []
    for chapter in chapters:
        title = chapter.title if len(chapter.title) <= YOUTUBE_TITLE_CHARS else chapter.title[:48].rstrip() + "…"
        lines.append(f"{clock(chapter.start)} {title}")
    return lines, ""


def build_notes(show: Show, essay: Essay, chapters: list[Chapter], duration: float,
                transcript_url: str = "", warnings: list[str] | None = None) -> Notes:
    summary = summary_of(essay)
    settings = show.notes
    if settings.summariser_url and settings.summariser_model and not essay.front.summary.strip():
        from ..errors import UserError
        try:
            summary = ai_summary(essay, settings.summariser_url, settings.summariser_model)
        except UserError as exc:
            if warnings is not None:
                warnings.append(str(exc))
    md = [f"**{_md_escape(essay.title)}**", "", _md_escape(summary), ""]
    if len(chapters) > 1:
        md += ["**Chapters**", ""] + [f"- {clock(c.start)} {_md_escape(c.title)}" for c in chapters] + [""]
    if essay.links:
        md += ["**Links**", ""] + [f"- [{_md_escape(l.text)}]({l.url})" for l in essay.links] + [""]
    if essay.ps:
        md += [_md_escape(essay.ps), ""]
    links = show.links
    follow = [(name, url) for name, url in (("Apple Podcasts", links.apple), ("Spotify", links.spotify),
                                            ("YouTube", links.youtube), ("Newsletter", links.newsletter),
                                            (links.donate_label, links.donate)) if url]
    if follow:
        md += ["**Follow and support**", ""] + [f"- [{name}]({url})" for name, url in follow] + [""]
    if transcript_url:
        md += [f"[Read the transcript]({transcript_url})", ""]
    markdown = plain("\n".join(md).strip() + "\n")
    html = sanitise(MarkdownIt("commonmark").render(markdown))
    short = html
    if len(short.encode()) > FEED_DESCRIPTION_BYTES:
        short = sanitise(MarkdownIt("commonmark").render(_md_escape(summary)))
    yt_lines, problem = youtube_chapters(chapters, duration)
    youtube = [essay.title, "", summary, ""]
    if yt_lines:
        youtube += yt_lines + [""]
    youtube += [f"{l.text}: {l.url}" for l in essay.links]
    youtube += [f"{name}: {url}" for name, url in follow]
    return Notes(summary, markdown, html, short, "\n".join(youtube).strip() + "\n", problem)
