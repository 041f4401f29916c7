"""Segmentation of text renderings and HTML into entries."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parsers import parse_page

COMPACT = """An article title about songs
An intro sentence that says what the list is.
- A related article
Songs for a rainy day (1–10)
crescent moonAyaka

A first sentence about the song.
Released as a single in September 2006, it reached No.
1 on the chart.
Dinner Songtuki.

Since its release in September 2023, it has drawn attention as tuki.
’s debut work.
"""

BLANK = """RAG MusicLoveSong
Lovely love song

An article title about songs

An intro paragraph that says what the list is.

Songs for a rainy day (1–10)

crescent moonAyaka

Ayaka - crescent moon [Official Video]
crescent moon Ayaka

A first sentence about the song by Ayaka.

Released as a single in September 2006.

Dinner Songtuki.

A song that grips the heart, by tuki.

that was released in September 2023.
"""


def test_compact_rendering() -> None:
    page = parse_page(COMPACT)
    assert [(r.title, r.artist) for r in page.records] == [
        ("crescent moon", "Ayaka"),
        ("Dinner Song", "tuki."),
    ]
    assert page.article.title == "An article title about songs"
    assert page.related == ["A related article"]
    assert "reached No. 1 on the chart." in page.records[0].description
    assert "tuki.’s debut work." in page.records[1].description
    assert page.records[0].section == "Songs for a rainy day (1–10)"


def test_blank_rendering_with_video_lines() -> None:
    page = parse_page(BLANK)
    assert [(r.title, r.artist) for r in page.records] == [
        ("crescent moon", "Ayaka"),
        ("Dinner Song", "tuki."),
    ]
    first = page.records[0]
    assert first.video_titles == ["Ayaka - crescent moon [Official Video]", "crescent moon Ayaka"]
    assert first.split.method == "video_title"
    assert page.article.title == "An article title about songs"
    # a paragraph broken before a lower-case word is one paragraph again
    assert "by tuki. that was released" in page.records[1].description


def test_excerpt_cut_inside_a_heading() -> None:
    page = parse_page(COMPACT.rstrip("\n") + "\nBeyond a thousand nightsAqua Ti")
    assert page.records[-1].heading_raw == "Beyond a thousand nightsAqua Ti"
    assert page.records[-1].complete is False
    assert page.records[0].complete is True


def test_playlist_markdown_table() -> None:
    text = """Enka hits of the 1980s
Playlist
| Enka hits of the 1980s | |||
|---|---|---|---|
| show_chart | Title | Playlist | Review |
| 1east | freezing rainHino Mika | play_arrow | Released in 1982, this song marked a new era... |
| 2east | festivalKitajima Saburō | play_arrow | Released in November 1984, this song... |
"""
    page = parse_page(text)
    assert [(r.rank, r.title, r.artist, r.release) for r in page.records] == [
        (1, "freezing rain", "Hino Mika", "1982"),
        (2, "festival", "Kitajima Saburō", "1984-11"),
    ]


def test_html_markup_gives_the_split_and_skips_icons() -> None:
    html = """<!DOCTYPE html><html lang="en"><head><title>T</title>
<link rel="canonical" href="https://www.ragnet.co.jp/en-us/rainy-songs/2"></head><body>
<header class="l-header">RAG Music <span class="material-icons">search</span></header>
<main><article class="p-article"><h1 class="p-article__title">Rainy songs</h1>
<section class="p-section"><h2 class="p-section__title">Rainy songs (11–20)</h2>
<div class="p-song"><h3 class="p-song__heading"><span class="p-song__title">Dinner Song</span>
<span class="c-badge c-badge--new">NEW!</span><span class="p-song__artist">tuki.</span>
<span class="p-song__rank">11<small>rank/position</small></span></h3>
<div class="p-song__video"><iframe title="tuki. - Dinner Song"></iframe></div>
<div class="p-song__body"><p>Released in September 2023.</p></div></div>
</section>
<nav class="c-pagination"><a href="/en-us/rainy-songs">1</a><a href="/en-us/rainy-songs/2">2</a></nav>
</article></main></body></html>"""
    page = parse_page(html)
    (rec,) = page.records
    assert (rec.title, rec.artist, rec.rank, rec.is_new) == ("Dinner Song", "tuki.", 11, True)
    assert rec.split.method == "markup"
    assert rec.video_titles == ["tuki. - Dinner Song"]
    assert rec.release == "2023-09"
    assert page.article.canonical_url == "https://www.ragnet.co.jp/en-us/rainy-songs/2"
    assert page.article.page == 2
    assert page.next_pages == ["/en-us/rainy-songs", "/en-us/rainy-songs/2"]


def test_video_title_ending_in_a_bracket_is_not_an_entry() -> None:
    text = """Songs that went viral (11–20)

Dancing Hero (Eat You Up)Oginome Yōko

Yoko Oginome / Dancing Hero (Eat You Up) MV [New Dance Ver.]
Dancing Hero (Eat You Up)Oginome Yōko

This disco song, released in 1985, became her seventh single.

It ranked 12th on the year-end chart.
"""
    page = parse_page(text)
    assert [(r.title, r.artist, r.release) for r in page.records] == [
        ("Dancing Hero (Eat You Up)", "Oginome Yōko", "1985")
    ]
    assert len(page.records[0].video_titles) == 2


def test_site_header_is_only_the_header() -> None:
    """A compact rendering without an empty line after the site header keeps its title."""
    text = """RAG MusicRanking
Wonderful Music Rankings
Popular Love Songs Ranking [2026]
An intro sentence that says what the ranking is.
Popular Love Songs Ranking [2026] (1–10)
So it wasn’t me, huh.riria.1rank/position

A heart-stirring ballad by riria., released in October 2021.
"""
    page = parse_page(text)
    assert page.article.title == "Popular Love Songs Ranking [2026]"
    assert [(r.rank, r.title, r.artist) for r in page.records] == [
        (1, "So it wasn’t me, huh.", "riria.")
    ]


def test_long_title_glued_to_its_artist_is_a_heading() -> None:
    text = """Songs (71–80)

Pixels of EmotionOkazaki Taiiku

A song about feelings, released in 2015.

I wonder what kind of face that girl would make if I sank a long shot.Okamura Yasuyuki

This is a youthful love song released in 1990 as his 13th single.
"""
    page = parse_page(text)
    assert [(r.artist, r.release) for r in page.records] == [
        ("Okazaki Taiiku", "2015"),
        ("Okamura Yasuyuki", "1990"),
    ]


# A rendering with no empty line at all (what `get_text("\n")` of the page gives): nothing
# but the lines' own text tells a heading from its description.
FLAT = """An article title about songs for spring
An intro sentence that says what the list is.
Songs for spring days (1–10)
CherryKobukuro
Kobukuro “Cherry” Music Video
CherryKobukuro
Kobukuro released this ballad in 2005.
It is sung at many graduation ceremonies.
Flying DaysSpitz7rank/position
The song opens with a bright guitar riff.
It reached the top ten of the weekly chart.
Sakura Drops (Live)Hikaru Utada
Hikaru Utada – “Sakura Drops” [Official Live Video]
Sakura Drops by Hikaru Utada
Hikaru Utada sang it as the theme of a TV drama in 2002.
It has a warm and wistful melody.
"""


def test_flat_rendering_headings_need_no_empty_line() -> None:
    """A heading proved by its rank or by the caption repeating it, or one that a video
    title and its caption separate from its description, is a heading without the empty
    line a compact rendering puts after it."""
    page = parse_page(FLAT)
    assert [(r.title, r.artist) for r in page.records] == [
        ("Cherry", "Kobukuro"),
        ("Flying Days", "Spitz"),
        ("Sakura Drops (Live)", "Hikaru Utada"),
    ]
    assert page.records[1].rank == 7
    assert page.records[2].description.startswith("Hikaru Utada sang it")


# The seed page's renderer breaks every paragraph after every period: inside names ("Mrs." /
# "GREEN APPLE"), inside video titles ("… ft." / "Quavo"), before a video's lone tag.
BROKEN_AFTER_PERIODS = """An article title about songs for a party

An intro sentence that says what the list is.

Party songs for everyone (1–10)

CongratulationsPost Malone ft. Quavo

Post Malone – Congratulations (Official Music Video) ft.
Quavo
CongratulationsPost Malone ft.
Quavo

A chart hit of 2016 that he sang with the rapper Quavo.
It went on to top the charts.
DancehallMrs. GREEN APPLE

Mrs.
GREEN APPLE – Dancehall (Live Ver.
[Official Video]
DancehallMrs.
GREEN APPLE

A bright song that Mrs.
GREEN APPLE released in 2022.
It was the theme of a morning TV programme.
"""


def test_lines_broken_after_a_period_join_again() -> None:
    page = parse_page(BROKEN_AFTER_PERIODS)
    assert [(r.title, r.artist) for r in page.records] == [
        ("Congratulations", "Post Malone ft. Quavo"),
        ("Dancehall", "Mrs. GREEN APPLE"),
    ]
    first, second = page.records
    assert first.description.startswith("A chart hit of 2016")
    assert first.video_titles[0] == "Post Malone – Congratulations (Official Music Video) ft. Quavo"
    assert "A bright song that Mrs. GREEN APPLE released in 2022." in second.description
    assert not any(t.startswith("GREEN APPLE") for t in second.video_titles)


def _flat(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.strip()) + "\n"


def _spaced(text: str) -> str:
    return "\n\n".join(line for line in text.splitlines() if line.strip()) + "\n"


@pytest.mark.parametrize("render", [str, _flat, _spaced], ids=["as_written", "flat", "spaced"])
@pytest.mark.parametrize(
    "text", [BLANK, FLAT, BROKEN_AFTER_PERIODS], ids=["blank", "flat", "broken"]
)
def test_empty_lines_do_not_change_the_songs(text: str, render: Callable[[str], str]) -> None:
    """With or without empty lines between its lines, a page gives the same songs, and a
    description broken after "Mrs." reads as one sentence again."""
    want = [(r.title, r.artist) for r in parse_page(text).records]
    page = parse_page(render(text))
    assert [(r.title, r.artist) for r in page.records] == want
    assert not any("Mrs.\n" in r.description for r in page.records)


# Old-school HTML: the heading a <b> in a <div>, every other line of an entry joined by a
# single <br> in one <div>, so the end of that <div> is the only break after a description.
BR_JOINED_HTML = """<html><body><div id="main">
<h1>Songs for a long drive</h1>
<div>An intro sentence that says what the list is.</div>
<h2>Songs for a long drive (1–10)</h2>
<div class="t"><b>RideSpitz</b></div>
<div class="d">Spitz – Ride [Official Music Video]<br>Spitz released this song in 1995.<br>The
guitar makes the road feel endless.<br>Play it loud.</div>
<div class="t"><b>Highway StarKobukuro</b></div>
<div class="d">Kobukuro sang it on a summer tour in 2012.<br>Give it a listen.</div>
</div></body></html>"""


def test_a_short_sentence_ending_its_element_is_no_heading() -> None:
    page = parse_page(BR_JOINED_HTML)
    assert [(r.title, r.artist) for r in page.records] == [
        ("Ride", "Spitz"),
        ("Highway Star", "Kobukuro"),
    ]
    assert page.records[0].description.endswith("Play it loud.")


# A song card: the title alone in the heading, the artist (with the rank after it, as the
# text rendering runs them) in a <p> below; a featured artist's "ft." is no video title.
RANKED_CARD_HTML = """<html><body><main>
<h1>Graduation songs from abroad</h1>
<h2>Graduation songs from abroad (31–40)</h2>
<h3>Congratulations</h3>
<p>Post Malone ft. Quavo37rank/position</p>
<div>Post Malone – Congratulations ft. Quavo</div>
<div>CongratulationsPost Malone ft. Quavo</div>
<p>A hip-hop hit about making it, with the rapper Quavo on the second verse.</p>
</main></body></html>"""


def test_a_card_artist_with_a_rank_completes_its_heading() -> None:
    page = parse_page(RANKED_CARD_HTML)
    assert [(r.title, r.artist, r.rank) for r in page.records] == [
        ("Congratulations", "Post Malone ft. Quavo", 37)
    ]


FLAT_UNMARKED_VIDEO = """An article title about anime songs
An intro sentence that says what the list is.
Anime songs of the seventies (1–10)
Star of the SeineColumbia Yurikago-kai
Star of the Seine/Arlène Columbia Yurikago-kai
Star of the SeineColumbia Yurikago-kai
This theme song was released on an LP in June 1975.
A children's choir sings it with a French singer.
"""


def test_flat_rendering_a_line_above_the_caption_is_a_video_title() -> None:
    """With no empty line, a line with no video mark is still a video title when the
    caption repeating the heading follows it."""
    (song,) = parse_page(FLAT_UNMARKED_VIDEO).records
    assert song.video_titles[0] == "Star of the Seine/Arlène Columbia Yurikago-kai"
    assert song.description.startswith("This theme song")


# An excerpt cut inside the description of its only song card.
CUT_CARD_HTML = """<html><body><main>
<h1>Autumn songs of the Showa era</h1>
<h2>Autumn songs of the Showa era (1–10)</h2>
<h3>September</h3>
<p>Mariya Takeuchi</p>
<p>It is a bright song about the end of a summer lo</p>
</main></body></html>"""


def test_an_excerpt_cut_in_a_description_is_no_heading() -> None:
    """The page's last line, the start of a sentence cut off ("… a summer lo"), is the
    description of the card above it, whose artist line completes its heading."""
    (song,) = parse_page(CUT_CARD_HTML).records
    assert (song.title, song.artist) == ("September", "Mariya Takeuchi")
    assert song.description.startswith("It is a bright song")


# Title and artist in two <div>s that are no heading element; the page proves the pair: a
# caption repeats the two run together under one song, a description follows each. The
# date and author above the list are a pair of <div>s too, but nothing proves them a song.
DIV_PAIR_HTML = """<html><body>
<h1>Summer songs for a seaside drive</h1>
<div class="m1">2026-07-01</div><div class="m2">Editorial team</div>
<p>We picked bright songs for a drive along the coast.</p>
<h2>Summer songs for a seaside drive (1–10)</h2>
<div class="c"><div class="c1">Summer Nude</div><div class="c2">Masayoshi Yamazaki</div></div>
<p>Masayoshi Yamazaki – Summer Nude [Official Music Video]</p>
<p>Summer NudeMasayoshi Yamazaki</p>
<p>A breezy song about a summer that has ended, first released in 1995.</p>
<div class="c"><div class="c1">Sea Breeze</div><div class="c2">Tatsuro Yamashita</div></div>
<p>His crisp guitar cutting makes this one perfect for an open window.</p>
<p>It came out on his third album in 1978.</p>
</body></html>"""


def test_title_and_artist_in_two_plain_elements_the_page_proves() -> None:
    page = parse_page(DIV_PAIR_HTML)
    assert [(r.title, r.artist) for r in page.records] == [
        ("Summer Nude", "Masayoshi Yamazaki"),
        ("Sea Breeze", "Tatsuro Yamashita"),
    ]
    assert page.records[1].release == "1978"


# A blog's markup: the title bold, a line break, the artist, all in one <p>.
BOLD_LINE_HTML = """<html><body>
<h1>Rainy season songs</h1>
<h2>Rainy season songs (1–10)</h2>
<p><strong>Ajisai</strong><br>Hideaki Tokunaga</p>
<p>Hideaki Tokunaga – Ajisai [Official Video]</p>
<p>AjisaiHideaki Tokunaga</p>
<p>A quiet ballad that Hideaki Tokunaga sings about hydrangeas in the June rain.</p>
<p><strong>Rain</strong><br>Senri Oe</p>
<p>A piano ballad that Senri Oe released in 1988, covered by many singers since.</p>
</body></html>"""


def test_a_bold_title_and_the_artist_on_the_next_line_are_one_heading() -> None:
    page = parse_page(BOLD_LINE_HTML)
    assert [(r.title, r.artist) for r in page.records] == [
        ("Ajisai", "Hideaki Tokunaga"),
        ("Rain", "Senri Oe"),
    ]


SPACED_HEADER = """RAG MusicKARAOKE

Lovely karaoke song

Karaoke songs from abroad that lift a room

Nothing warms up a karaoke room like a chorus everyone knows.

Here are a few we like.

Top karaoke songs from abroad

Uptown GirlBilly Joel

Billy Joel – Uptown Girl (Official Video)

Uptown GirlBilly Joel

A bright doo-wop pastiche from 1983 that he wrote about a city romance.
"""


def test_an_empty_line_after_every_line_keeps_the_header_apart() -> None:
    """The site's tagline, on a line of its own, is the header's; the line after it that
    the intro follows is the title."""
    page = parse_page(SPACED_HEADER)
    assert page.article.title == "Karaoke songs from abroad that lift a room"
    assert [(r.title, r.artist) for r in page.records] == [("Uptown Girl", "Billy Joel")]


def test_a_pair_the_excerpt_ends_under_does_not_count_against_the_pair() -> None:
    """The second song's description is cut to two words by the excerpt's end: that says
    nothing against the page's pair of elements, which the first song's description proves."""
    page = parse_page(
        "<html><body><h1>Eighties hits from abroad</h1>"
        "<h2>Eighties hits from abroad (21–30)</h2>"
        '<div class="c"><div class="c1">Separate Ways</div><div class="c2">Journey</div></div>'
        "<p>The band scored a string of arena hits in the early eighties.</p>"
        "<p>This one opens with a famous synthesizer riff.</p>"
        '<div class="c"><div class="c1">Hard to Say</div><div class="c2">CHICAGO</div></div>'
        "<p>It’s one</p></body></html>"
    )
    assert [(r.title, r.artist) for r in page.records] == [
        ("Separate Ways", "Journey"),
        ("Hard to Say", "CHICAGO"),
    ]
