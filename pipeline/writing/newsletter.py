"""The newsletter's "listen" block: what the host pastes at the top of the issue the essay goes
out in, pointing readers at the audio version and at where to subscribe.

Three forms of one block: `newsletter.html` for email (a table layout with inline styles,
the only HTML every mail client renders alike; the artwork at 120 px with its size in the
tag, so it keeps its place while images are blocked), `newsletter.md` for platforms that
take Markdown (Substack, Ghost, Buttondown) and `newsletter.txt` for those that take plain
text. Only http(s) addresses are written: nothing from show.toml can become a script link.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..show.config import Show

FONT = "font-family:Georgia,'Times New Roman',serif"


@dataclass(frozen=True)
class ListenBlock:
    html: str
    markdown: str
    text: str


def _web(url: str) -> str:
    """The address if it is an http(s) one, else nothing (no javascript:, data: or mailto: links)."""
    return url if url.strip().lower().startswith(("https://", "http://")) else ""


def subscribe_links(show: Show, feed_url: str) -> list[tuple[str, str]]:
    """(label, address) of every place listeners can subscribe, the show's own feed last."""
    links = [("Apple Podcasts", show.links.apple), ("Spotify", show.links.spotify), ("YouTube", show.links.youtube),
             ("RSS", feed_url)]
    return [(label, _web(url)) for label, url in links if _web(url)]


def _minutes(duration: float) -> int:
    return max(1, round(duration / 60))


def _html(show: Show, title: str, minutes: int, page: str, image: str, links: list[tuple[str, str]]) -> str:
    e = html.escape
    art = (f'<td width="120" valign="top" style="padding:0 16px 0 0;"><a href="{e(page)}"><img src="{e(image)}" '
           f'width="120" height="120" alt="{e(show.title)}" style="display:block;border:0;border-radius:8px;'
           f'width:120px;height:120px;"></a></td>') if image else ""
    subscribe = " · ".join(f'<a href="{e(url)}" style="color:#2458a6;">{e(label)}</a>' for label, url in links)
    return (f'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
            f'style="max-width:600px;border:1px solid #e3e6ea;border-radius:8px;background:#f7f8fa;">'
            f'<tr><td style="padding:16px;"><table role="presentation" cellpadding="0" cellspacing="0" border="0">'
            f'<tr>{art}<td valign="top" style="{FONT};color:#1d2430;font-size:16px;line-height:1.5;">'
            f'<p style="margin:0 0 4px;font-size:13px;color:#677;">{e(show.title)}</p>'
            f'<p style="margin:0 0 12px;font-size:18px;"><strong>{e(title)}</strong></p>'
            f'<p style="margin:0 0 12px;"><a href="{e(page)}" style="display:inline-block;padding:8px 16px;'
            f'background:#202d40;color:#ffffff;text-decoration:none;border-radius:20px;font-family:Arial,'
            f'sans-serif;font-size:15px;">&#9654; Listen to the audio version ({minutes} min)</a></p>'
            f'<p style="margin:0;font-size:14px;">Listen and subscribe: {subscribe}</p>'
            f'</td></tr></table></td></tr></table>\n')


def listen_block(show: Show, title: str, duration: float, page_url: str, image_url: str,
                 feed_url: str) -> ListenBlock:
    """The block for the episode `title` of `duration` seconds, whose page is at `page_url`."""
    page, image, minutes = _web(page_url), _web(image_url), _minutes(duration)
    links = subscribe_links(show, feed_url)
    listen = f"Listen to the audio version ({minutes} min)"
    markdown = (f"**[{listen}]({page})**\n\n"
                + "Listen and subscribe: " + " · ".join(f"[{label}]({url})" for label, url in links) + "\n")
    text = (f"{listen}: {page}\n\n" + "Listen and subscribe:\n"
            + "".join(f"- {label}: {url}\n" for label, url in links))
    return ListenBlock(_html(show, title, minutes, page, image, links), markdown, text)
