"""One post, written out the way each newsletter platform publishes it: its feed and its page.

The markup follows what each platform really emits (Substack's `available-content` body,
subscription widget and captioned images; Ghost's Casper theme, `gh-content` and Koenig
cards; WordPress block markup with Jetpack's share and related-posts boxes and the feed's
"appeared first on" line; Beehiiv's `beehiiv__body` with inline styles; Buttondown's
escaped description; LinkedIn's `article-main__content`), each with the host's own
"Listen to the audio version" and "Listen and subscribe" lines. A test then asks that
what `produce new --from` makes of it is the essay the clean Markdown gives.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from email.utils import format_datetime

from markdown_it import MarkdownIt

SITE = "https://walkingnotes.example"
TITLE = "Why We Walk"
SUBTITLE = "On the loop around the reservoir, and what it does to a sentence"
DATE = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.timezone.utc)

CLEAN = """---
title: "Why We Walk"
date: 2026-11-29
---

Every morning I walk the same loop around the reservoir, and every morning it’s a different walk. *That* is the
whole point of this essay.

Rebecca Solnit wrote in [Wanderlust](https://rebeccasolnit.net/book/wanderlust/) that walking is how the body
measures itself against the earth, and I’ve come to think she undersold it.

## The pace of thought

Thinking at three miles an hour is **different** from thinking at sixty. Three things change:

- the length of a sentence you can hold in your head;
- what you notice at the edge of the path;
- how long a worry lasts before it gets bored and leaves.

> The mind, like the feet, works at about three miles an hour.

## Walking with others

A walk with a friend is a conversation with the scenery doing half the talking. We walked for two hours last
Sunday and said perhaps a hundred words; see [the map of the route](https://maps.example.org/route?from=a&to=b).

PS: If you walk the reservoir loop this week, write and tell me what you saw.
"""

LISTEN = f'<p><em><a href="{SITE}/podcast/why-we-walk">Listen to the audio version here</a></em></p>'
SUBSCRIBE = ('<p>Listen and subscribe on <a href="https://podcasts.apple.com/podcast/id1">Apple</a>, '
             '<a href="https://open.spotify.com/show/x">Spotify</a> or <a href="https://youtube.com/@w">YouTube</a></p>')


def body_html() -> str:
    """The clean post's body as plain HTML, before any platform dresses it."""
    body = CLEAN.split("---\n", 2)[2]
    return MarkdownIt("commonmark").render(body)


def _paragraphs(body: str) -> list[str]:
    return [m.group(0) for m in re.finditer(r"<(p|h2|ul|blockquote)>.*?</\1>", body, re.DOTALL)]


def _with(parts: list[str], after_first: str, middle: str, end: str) -> str:
    """The body with the platform's furniture put where each platform puts it."""
    half = len(parts) // 2
    return "\n".join([LISTEN, parts[0], after_first, *parts[1:half], middle, *parts[half:], SUBSCRIBE, end])


def _rss(channel: str, items: str, generator: str = "", extra_ns: str = "") -> bytes:
    head = f"<generator>{generator}</generator>" if generator else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom"'
            f'{extra_ns}><channel><title>Walking Notes</title><link>{SITE}/</link>'
            f'<description>A weekly essay about walking</description>{head}'
            f'<lastBuildDate>{format_datetime(DATE)}</lastBuildDate>{channel}{items}</channel></rss>').encode()


def _older_item(link: str) -> str:
    older = DATE - dt.timedelta(days=7)
    return (f"<item><title><![CDATA[The Shortcut]]></title><link>{link}</link><guid>{link}</guid>"
            f"<pubDate>{format_datetime(older)}</pubDate><content:encoded><![CDATA[<p>An older post about a shortcut "
            "through the park that turned out to be longer than the path it replaced, and what that taught me about "
            "hurry.</p>]]></content:encoded></item>")


# --- Substack ---------------------------------------------------------------------------------------------------

SUBSTACK_IMAGE = ('<div class="captioned-image-container"><figure><a class="image-link image2 is-viewable-img" '
                  'target="_blank" href="https://substackcdn.com/image/fetch/f_auto/reservoir.jpeg" data-component-name='
                  '"Image2ToDOM"><div class="image2-inset"><picture><source type="image/webp" srcset="https://substack'
                  'cdn.com/image/fetch/w_424/reservoir.jpeg 424w"><img src="https://substackcdn.com/image/fetch/'
                  'reservoir.jpeg" width="1456" height="970" alt="" class="sizing-normal" loading="lazy"></picture>'
                  '<div class="image-link-expand"><div class="pencraft pc-display-flex pc-gap-8 pc-reset"><button '
                  'tabindex="0" type="button" class="pencraft pc-reset pencraft icon-container restack-image">'
                  '<svg role="img" width="20" height="20"><g><title></title></g></svg></button></div></div></div></a>'
                  '<figcaption class="image-caption">The reservoir at dawn. Photo by the author.</figcaption></figure>'
                  '</div>')
SUBSTACK_SUBSCRIBE = ('<div class="subscription-widget-wrap-editor" data-attrs="{&quot;url&quot;:&quot;https://walking'
                      'notes.substack.com/subscribe?&quot;,&quot;text&quot;:&quot;Subscribe&quot;,&quot;language&quot;'
                      ':&quot;en&quot;}" data-component-name="SubscribeWidgetToDOM"><div class="subscription-widget '
                      'show-subscribe"><div class="preamble"><p class="cta-caption">Thanks for reading Walking Notes! '
                      'Subscribe for free to receive new posts and support my work.</p></div><form class="subscription-'
                      'widget-subscribe"><input type="email" class="email-input" name="email" placeholder="Type your '
                      'email…" tabindex="-1"><input type="submit" class="button primary" value="Subscribe"><div class='
                      '"fake-input-wrapper"><div class="fake-input"></div><div class="fake-button"></div></div></form>'
                      '</div></div>')
SUBSTACK_SHARE = ('<p class="button-wrapper" data-attrs="{&quot;url&quot;:&quot;https://walkingnotes.substack.com/p/'
                  'why-we-walk?utm_source=substack&amp;utm_medium=email&amp;utm_content=share&amp;action=share&quot;}" '
                  'data-component-name="ButtonCreateButton"><a class="button primary" href="https://walkingnotes.'
                  'substack.com/p/why-we-walk?utm_source=substack&amp;utm_medium=email&amp;utm_content=share&amp;'
                  'action=share"><span>Share</span></a></p>')


def substack_body() -> str:
    return _with(_paragraphs(body_html()), SUBSTACK_IMAGE, SUBSTACK_SUBSCRIBE, SUBSTACK_SHARE)


def substack_feed() -> bytes:
    link = "https://walkingnotes.substack.com/p/why-we-walk"
    item = (f"<item><title><![CDATA[{TITLE}]]></title><description><![CDATA[{SUBTITLE}]]></description>"
            f"<link>{link}</link><guid isPermaLink=\"false\">{link}</guid><dc:creator><![CDATA[Sam Host]]>"
            f"</dc:creator><pubDate>{format_datetime(DATE)}</pubDate><enclosure url=\"https://substackcdn.com/image/"
            f"fetch/reservoir.jpeg\" length=\"0\" type=\"image/jpeg\"/><content:encoded><![CDATA[{substack_body()}]]>"
            "</content:encoded></item>")
    return _rss('<image><url>https://substackcdn.com/image/fetch/logo.png</url><title>Walking Notes</title>'
                f'<link>{SITE}</link></image>', item + _older_item("https://walkingnotes.substack.com/p/the-shortcut"),
                "Substack")


def _ld(headline: str, url: str) -> str:
    return ('<script type="application/ld+json">' + json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "url": url, "headline": headline,
        "description": SUBTITLE, "datePublished": DATE.isoformat(), "author": [{"@type": "Person", "name": "Sam Host"}]})
        + "</script>")


def _head(url: str, extra: str = "") -> str:
    return (f'<head><meta charset="utf-8"><title>{TITLE} - by Sam Host - Walking Notes</title>'
            f'<meta property="og:title" content="{TITLE}"><meta property="og:url" content="{url}">'
            f'<meta name="description" content="{html.escape(SUBTITLE)}">{extra}</head>')


def substack_page() -> bytes:
    url = "https://walkingnotes.substack.com/p/why-we-walk"
    return (f'<!DOCTYPE html><html lang="en">{_head(url, _ld(TITLE, url))}<body><div id="entry"><div id="main" '
            'class="main typography use-theme-bg"><div class="single-post-container"><div class="single-post">'
            '<article class="typography newsletter-post post"><div class="post-header"><h1 dir="auto" class="post-'
            f'title published title-X77sOw">{TITLE}</h1><h3 dir="auto" class="subtitle subtitle-HEEcLo">{SUBTITLE}'
            '</h3><div class="pencraft pc-display-flex byline-wrapper"><div class="pencraft pc-reset meta-EgzBVA">'
            'Nov 29, 2026</div></div><div class="post-ufi"><button class="like-button-container post-ufi-button">'
            '<div class="label">12</div></button><a class="post-ufi-button post-ufi-comment-button">3</a></div></div>'
            f'<div class="available-content"><div dir="auto" class="body markup">{substack_body()}</div></div>'
            '<div class="visibility-check"></div><div class="post-footer use-separators"><div class="subscribe-footer">'
            '<p>Thanks for reading Walking Notes! Subscribe for free to receive new posts.</p></div></div></article>'
            '<div class="comments-section"><h4>Discussion about this post</h4></div></div></div></div></div>'
            '<script>window._preloads = JSON.parse("{}")</script></body></html>').encode()


# --- Ghost --------------------------------------------------------------------------------------------------------

GHOST_IMAGE = ('<figure class="kg-card kg-image-card kg-card-hascaption"><img src="https://walkingnotes.ghost.io/'
               'content/images/2026/11/reservoir.jpg" class="kg-image" alt loading="lazy" width="2000" height="1333" '
               'srcset="https://walkingnotes.ghost.io/content/images/size/w600/2026/11/reservoir.jpg 600w"><figcaption>'
               '<span style="white-space: pre-wrap;">The reservoir at dawn.</span></figcaption></figure>')
GHOST_SIGNUP = ('<div class="kg-card kg-signup-card kg-width-regular" data-lexical-signup-form style="background-color:'
                ' #F0F0F0;"><div class="kg-signup-card-content"><h2 class="kg-signup-card-heading">'
                'Sign up for Walking Notes</h2><form class="kg-signup-card-form" data-members-form="signup"><input '
                'class="kg-signup-card-input" type="email" placeholder="Your email"><button class="kg-signup-card-'
                'button" type="submit"><span class="kg-signup-card-button-default">Subscribe</span></button></form>'
                '</div></div>')
GHOST_BUTTON = ('<div class="kg-card kg-button-card kg-align-center"><a href="#/portal/signup" class="kg-btn '
                'kg-btn-accent">Subscribe</a></div>')


def ghost_body() -> str:
    parts = [p.replace("<p>", '<p><span style="white-space: pre-wrap;">', 1).replace("</p>", "</span></p>", 1)
             if p.startswith("<p>Thinking") else p for p in _paragraphs(body_html())]
    return _with(parts, GHOST_IMAGE, GHOST_SIGNUP, GHOST_BUTTON)


def ghost_feed() -> bytes:
    link = f"{SITE}/why-we-walk/"
    item = (f"<item><title><![CDATA[{TITLE}]]></title><description><![CDATA[{SUBTITLE}]]></description><link>{link}"
            "</link><guid isPermaLink=\"false\">6747a1c2e4b0d3001b2f9a10</guid><category><![CDATA[Essays]]></category>"
            f"<dc:creator><![CDATA[Sam Host]]></dc:creator><pubDate>{format_datetime(DATE)}</pubDate><media:content "
            f"url=\"{SITE}/content/images/2026/11/reservoir.jpg\" medium=\"image\"/><content:encoded><![CDATA[<img src="
            f"\"{SITE}/content/images/2026/11/reservoir.jpg\" alt=\"{TITLE}\">{ghost_body()}]]></content:encoded>"
            "</item>")
    return _rss(f'<atom:link href="{SITE}/rss/" rel="self" type="application/rss+xml"/><ttl>60</ttl>',
                item + _older_item(f"{SITE}/the-shortcut/"), "Ghost 5.96",
                ' xmlns:media="http://search.yahoo.com/mrss/"')


def ghost_page() -> bytes:
    url = f"{SITE}/why-we-walk/"
    extra = (f'<meta name="generator" content="Ghost 5.96"><meta property="article:published_time" content="'
             f'{DATE.isoformat()}"><link rel="alternate" type="application/rss+xml" href="{SITE}/rss/">')
    return (f'<!DOCTYPE html><html lang="en">{_head(url, extra)}<body class="post-template"><div class="viewport">'
            '<header id="gh-head" class="gh-head outer"><nav class="gh-head-inner inner"><a class="gh-head-logo" '
            'href="/">Walking Notes</a><ul class="nav"><li><a href="/">Home</a></li><li><a href="/about/">About</a>'
            '</li></ul><a class="gh-head-button" href="#/portal/signup">Subscribe</a></nav></header><div class="site-'
            'content"><main id="site-main" class="site-main"><article class="article post featured"><header class='
            '"article-header gh-canvas"><section class="article-tag"><a href="/tag/essays/">Essays</a></section><h1 '
            f'class="article-title">{TITLE}</h1><p class="article-excerpt">{SUBTITLE}</p><div class="article-byline">'
            f'<time class="byline-meta-date" datetime="{DATE.date().isoformat()}">Nov 29, 2026</time><span class='
            '"byline-reading-time"><span class="bull">•</span> 3 min read</span></div></header><section class="gh-'
            f'content gh-canvas">{ghost_body()}</section></article></main><aside class="read-more-wrap outer"><div '
            'class="read-more inner"><article class="post-card"><h2 class="post-card-title">The Shortcut</h2>'
            '</article></div></aside><footer class="site-footer outer"><section class="copyright"><a href="/">'
            'Walking Notes</a> © 2026</section></footer></div></body></html>').encode()


# --- WordPress ----------------------------------------------------------------------------------------------------

def _blocks(tag_html: str) -> str:
    """WordPress's block comments and classes around plain HTML."""
    kind = {"<p": "paragraph", "<h2": "heading", "<ul": "list", "<blockquote": "quote"}
    name = next(v for k, v in kind.items() if tag_html.startswith(k))
    dressed = (tag_html.replace("<h2>", '<h2 class="wp-block-heading">').replace("<ul>", '<ul class="wp-block-list">')
               .replace("<blockquote>", '<blockquote class="wp-block-quote is-layout-flow">'))
    dressed = dressed.replace("’", "&#8217;")
    return f"<!-- wp:{name} -->\n{dressed}\n<!-- /wp:{name} -->"


WP_IMAGE = ('<!-- wp:image {"id":41,"sizeSlug":"large"} -->\n<figure class="wp-block-image size-large"><img src="https://'
            'walkingnotes.example/wp-content/uploads/2026/11/reservoir-1024x683.jpg" alt="" class="wp-image-41"/>'
            '<figcaption class="wp-element-caption">Photo by Sam Host</figcaption></figure>\n<!-- /wp:image -->')
WP_JETPACK = ("<div class=\"sharedaddy sd-sharing-enabled\"><div class=\"robots-nocontent sd-block sd-social "
              "sd-social-icon-text sd-sharing\"><h3 class=\"sd-title\">Share this:</h3><div class=\"sd-content\"><ul>"
              "<li class=\"share-twitter\"><a class=\"share-twitter sd-button\" href=\"https://walkingnotes.example/"
              "2026/11/29/why-we-walk/?share=twitter\"><span>Twitter</span></a></li></ul></div></div></div>"
              "<div class='sharedaddy sd-block sd-like jetpack-likes-widget-wrapper jetpack-likes-widget-unloaded' "
              "id='like-post-wrapper-1-123'><h3 class=\"sd-title\">Like this:</h3><span class='sd-text-color'></span>"
              "</div><div id='jp-relatedposts' class='jp-relatedposts'><h3 class=\"jp-relatedposts-headline\"><em>"
              "Related</em></h3></div>")


def wordpress_body(feed: bool) -> str:
    parts = [_blocks(p) for p in _paragraphs(body_html())]
    end = (f'<p>The post <a href="{SITE}/2026/11/29/why-we-walk/">{TITLE}</a> appeared first on <a href="{SITE}">'
           'Walking Notes</a>.</p>') if feed else WP_JETPACK
    return _with(parts, WP_IMAGE, "", end)


def wordpress_feed() -> bytes:
    link = f"{SITE}/2026/11/29/why-we-walk/"
    item = (f"<item><title>{TITLE}</title><link>{link}</link><comments>{link}#respond</comments><dc:creator>"
            f"<![CDATA[Sam Host]]></dc:creator><pubDate>{format_datetime(DATE)}</pubDate><category><![CDATA[Essays]]>"
            f"</category><guid isPermaLink=\"false\">{SITE}/?p=123</guid><description><![CDATA[Every morning I walk "
            "the same loop around the reservoir, and every morning it&#8217;s a different walk. That is the whole "
            f"point of this essay. [&#8230;]]]></description><content:encoded><![CDATA[{wordpress_body(True)}]]>"
            f"</content:encoded><wfw:commentRss>{link}feed/</wfw:commentRss><slash:comments>3</slash:comments></item>")
    return _rss('<language>en-US</language><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1'
                '</sy:updateFrequency>', item + _older_item(f"{SITE}/2026/11/22/the-shortcut/"),
                "https://wordpress.org/?v=6.7.1",
                ' xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:sy="http://purl.org/rss/1.0/modules/'
                'syndication/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"')


def wordpress_page() -> bytes:
    url = f"{SITE}/2026/11/29/why-we-walk/"
    extra = '<meta name="generator" content="WordPress 6.7.1"><link rel="canonical" href="' + url + '">'
    return (f'<!DOCTYPE html><html lang="en-US">{_head(url, extra)}<body class="post-template-default single '
            'single-post postid-123 single-format-standard wp-embed-responsive"><div class="wp-site-blocks"><header '
            'class="wp-block-template-part"><p class="wp-block-site-title"><a href="/">Walking Notes</a></p></header>'
            '<main class="wp-block-group"><h1 class="wp-block-post-title">' + TITLE + '</h1><div class="wp-block-'
            f'post-date"><time datetime="{DATE.isoformat()}">November 29, 2026</time></div><div class="entry-content '
            'alignfull wp-block-post-content has-global-padding is-layout-constrained">' + wordpress_body(False) +
            '</div><div class="wp-block-comments"><h2>Leave a Reply</h2><form id="commentform"><textarea></textarea>'
            '</form></div></main><footer class="wp-block-template-part"><p>Proudly powered by WordPress</p></footer>'
            '</div></body></html>').encode()


# --- Beehiiv ------------------------------------------------------------------------------------------------------

def _beehiiv_dress(part: str) -> str:
    return (part.replace("<p>", '<p class="paragraph" style="text-align:left;">')
            .replace("<h2>", '<h2 class="heading" style="text-align:left;">')
            .replace("<blockquote>", '<div class="blockquote"><blockquote class="blockquote__quote">')
            .replace("</blockquote>", '<figcaption class="blockquote__byline"></figcaption></blockquote></div>'))


def beehiiv_body() -> str:
    image = ('<div class="image"><img alt="" class="image__image" style="" src="https://media.beehiiv.com/cdn-cgi/'
             'image/fit=scale-down,format=auto/uploads/asset/file/reservoir.jpg"/><div class="image__source"><span '
             'class="image__source_text"><p>Photo by Sam Host</p></span></div></div>')
    button = ('<div class="button" style="text-align:center;"><a class="button__link" href="https://walkingnotes.'
              'beehiiv.com/subscribe" rel="noopener noreferrer nofollow" target="_blank"><span class="button__text">'
              'Subscribe</span></a></div>')
    parts = [_beehiiv_dress(part) for part in _paragraphs(body_html())]
    return ("<div class='beehiiv'><style>.bh__table, .bh__table_header, .bh__table_cell { border: 1px solid "
            "#C0C0C0; }</style><div class='beehiiv__body'>" + _with(parts, image, button, "") + "</div></div>")


def beehiiv_feed() -> bytes:
    link = "https://walkingnotes.beehiiv.com/p/why-we-walk"
    item = (f"<item><title><![CDATA[{TITLE}]]></title><description><![CDATA[{SUBTITLE}]]></description><link>{link}"
            f"</link><guid isPermaLink=\"true\">{link}</guid><pubDate>{format_datetime(DATE)}</pubDate><dc:creator>"
            f"Sam Host</dc:creator><content:encoded><![CDATA[{beehiiv_body()}]]></content:encoded></item>")
    return _rss("", item + _older_item("https://walkingnotes.beehiiv.com/p/the-shortcut"))


def beehiiv_page() -> bytes:
    url = "https://walkingnotes.beehiiv.com/p/why-we-walk"
    return (f'<!DOCTYPE html><html lang="en">{_head(url, _ld(TITLE, url))}<body><div class="min-h-screen"><nav '
            'class="w-full"><a href="/">Walking Notes</a><a href="/subscribe">Subscribe</a></nav><div class="mx-'
            f'auto max-w-2xl"><h1 class="text-wt-text-on-background-color font-bold">{TITLE}</h1><h2 class="text-lg">'
            f'{SUBTITLE}</h2><span class="text-sm">November 29, 2026</span><div id="content-blocks">{beehiiv_body()}'
            '</div><div class="rounded-md"><h3>Reply</h3><p>Login or Subscribe to participate in polls.</p></div>'
            '</div></div></body></html>').encode()


# --- Buttondown and LinkedIn --------------------------------------------------------------------------------------

def buttondown_feed() -> bytes:
    link = "https://buttondown.com/walkingnotes/archive/why-we-walk/"
    body = _with(_paragraphs(body_html()), "", "", "")
    item = (f"<item><title>{TITLE}</title><link>{link}</link><description>{html.escape(body)}</description>"
            f"<pubDate>{format_datetime(DATE)}</pubDate><guid>{link}</guid></item>")
    return _rss('<atom:link href="https://buttondown.com/walkingnotes/rss" rel="self"/><language>en-us</language>',
                item + _older_item("https://buttondown.com/walkingnotes/archive/the-shortcut/"))


def buttondown_page() -> bytes:
    url = "https://buttondown.com/walkingnotes/archive/why-we-walk/"
    extra = f'<meta property="article:published_time" content="{DATE.isoformat()}">'
    return (f'<!DOCTYPE html><html lang="en">{_head(url, extra)}<body><div class="email-detail"><div class="email-'
            f'detail__header"><h1 class="email-detail__subject">{TITLE}</h1><div class="email-detail__date">November '
            '29, 2026</div></div><div class="email-body-content">' + _with(_paragraphs(body_html()), "", "", "") +
            '</div><div class="subscribe-form"><form action="https://buttondown.com/api/emails/embed-subscribe/'
            'walkingnotes" method="post"><input type="email" name="email"><input type="submit" value="Subscribe">'
            '</form></div></div></body></html>').encode()


def linkedin_page() -> bytes:
    url = "https://www.linkedin.com/pulse/why-we-walk-sam-host-abc1f"
    body = _with([p.replace("<h2>", "<h3>").replace("</h2>", "</h3>") for p in _paragraphs(body_html())], "", "", "")
    return (f'<!DOCTYPE html><html lang="en">{_head(url, _ld(TITLE, url))}<body><header class="header"><nav><a href='
            '"/">LinkedIn</a><a href="/signup">Join now</a><a href="/login">Sign in</a></nav></header><main class='
            '"main" id="main-content" role="main"><section class="core-rail"><article class="article-main relative">'
            f'<h1 class="pulse-title">{TITLE}</h1><div class="base-main-card flex"><h3 class="base-main-card__title">'
            'Sam Host</h3><h4 class="base-main-card__subtitle">Writer</h4><span class="base-main-card__metadata">'
            'Published Nov 29, 2026</span><button class="follow-button">+ Follow</button></div><div class="article-'
            f'main__content" data-test-id="article-content-blocks"><div class="article-main__content">{body}</div>'
            '</div><div class="social-action-bar"><button class="like-button">Like</button><button class="comment-'
            'button">Comment</button><button class="share-button">Share</button></div></article><section class='
            '"more-articles"><h2>More articles by Sam Host</h2></section></section></main></body></html>').encode()


FEEDS = {"substack": substack_feed, "ghost": ghost_feed, "wordpress": wordpress_feed, "beehiiv": beehiiv_feed,
         "buttondown": buttondown_feed}
PAGES = {"substack": substack_page, "ghost": ghost_page, "wordpress": wordpress_page, "beehiiv": beehiiv_page,
         "buttondown": buttondown_page, "linkedin": linkedin_page}
