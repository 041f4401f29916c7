"""What the spiders know about the RAG Music sites: entry points, link selectors, URL keys.

All navigation knowledge lives here (extraction knowledge lives in `parsers/`). A change to the
site's index pages or sitemap location is a change to this module alone; the article template's
pagination and related-article links are the template's (parsers.sites.html_template).

    https://www.ragnet.co.jp/sitemap.xml           sitemap index (when the site has one)
    https://www.ragnet.co.jp/en-us/                edition index page (links to articles/categories)
    https://www.ragnet.co.jp/en-us/category/NAME   category page (links to articles, may paginate)
    https://www.ragnet.co.jp/en-us/SLUG[/N]        article page N (see parsers.sites.urls)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from parsers.sites.urls import (
    EDITION_PREFIXES,
    LANG_PREFIXES,
    SITES,
    ArticleUrl,
    canonical_url,
    parse_article_url,
)

__all__ = [
    "ALL_LANGS",
    "DEFAULT_PREFERRED_SITE",
    "SITES",
    "LinkKind",
    "Target",
    "classify_link",
    "edition_index_url",
    "sitemap_url",
]

DEFAULT_PREFERRED_SITE = SITES[0]
ALL_LANGS = ("ja", *EDITION_PREFIXES.values())

# Everything a listing (index/category) page links to (CSS, for Scrapy's response.css);
# classify_link() decides what to follow.
LISTING_LINKS = "a::attr(href)"

# First path segments (after the edition prefix) that are site sections, not article slugs.
LISTING_SECTIONS = frozenset({"category", "tag", "ranking", "genre", "list"})
NON_ARTICLE_SLUGS = frozenset(
    {"search", "about", "contact", "privacy", "terms", "login", "mypage", "feed", "rss"}
)
_FILE_LIKE = re.compile(r"\.[a-z0-9]{2,5}$", re.IGNORECASE)

LinkKind = Literal["article", "listing", "sitemap"]


@dataclass(frozen=True)
class Target:
    """A URL worth requesting, in the form the spider requests it."""

    kind: LinkKind
    url: str  # canonical, on the preferred site for articles
    lang: str | None
    article: ArticleUrl | None = None

    @property
    def article_key(self) -> str | None:
        """Host-free identity of an article page: `lang/slug/page`."""
        if self.article is None:
            return None
        return f"{self.article.lang}/{self.article.slug}/{self.article.page}"


def sitemap_url(site: str) -> str:
    return f"https://{site}/sitemap.xml"


def edition_index_url(site: str, lang: str) -> str:
    prefix = LANG_PREFIXES.get(lang)
    return f"https://{site}/{prefix}/" if prefix else f"https://{site}/"


def lang_of_path(path: str) -> str:
    first = next((s for s in path.split("/") if s), "")
    return EDITION_PREFIXES.get(first, "ja")


def _is_article(article: ArticleUrl) -> bool:
    slug = article.slug
    return not (
        slug in LISTING_SECTIONS or slug in NON_ARTICLE_SLUGS or _FILE_LIKE.search(slug) is not None
    )


def _is_listing(path: str) -> bool:
    segments = [s for s in path.split("/") if s]
    if segments and segments[0] in EDITION_PREFIXES:
        segments = segments[1:]
    return not segments or segments[0] in LISTING_SECTIONS


def classify_link(url: str, preferred_site: str = DEFAULT_PREFERRED_SITE) -> Target | None:
    """What an absolute URL found on a page is to the spider; None when it is not to be followed.

    Article URLs on either site are rewritten to the preferred site (the same slug on both
    domains is one article) and canonicalised (`?disp=more` is page 1). The playlist view
    (`?disp=playlist`) and off-site URLs give None.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname not in SITES:
        return None
    path = parts.path or "/"
    if path.endswith(".xml"):
        return Target("sitemap", urlunsplit(("https", parts.netloc, path, "", "")), None)
    article = parse_article_url(url)
    if article is not None and _is_article(article):
        if article.view is not None:
            return None  # another view of the same article, not more entries
        canon = canonical_url(urlunsplit(("https", preferred_site, path, parts.query, "")))
        return Target("article", canon, article.lang, article)
    if _is_listing(path):
        return Target(
            "listing",
            urlunsplit(("https", parts.netloc, path, parts.query, "")),
            lang_of_path(path),
        )
    return None


def other_site(url: str) -> str | None:
    """The same URL on the sister domain (fallback when an article is missing on one)."""
    parts = urlsplit(url)
    others = [s for s in SITES if s != parts.hostname]
    if not others or parts.hostname not in SITES:
        return None
    return urlunsplit((parts.scheme, others[0], parts.path, parts.query, parts.fragment))


def is_offsite(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.hostname not in SITES
