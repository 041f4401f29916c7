"""HTML as a richer text rendering: markup other than our template's gives the same records."""

from __future__ import annotations

from parsers import parse_page

TEXT = """Summer songs for a long drive

Here are some songs for the road.

Summer songs for a long drive (1–3)

Summer DaysSunset Boulevard

Sunset Boulevard – Summer Days (Official Video)
Summer DaysSunset Boulevard

A bright pop song released in July 1999 that still fills the radio every August.

Ocean RoadMika Blue

Released in June 2004, Mika Blue’s breezy single became the theme of a beer commercial.

Night HighwayThe Lanterns

The Lanterns wrote this one about driving home after a festival, and it came out in 2011.
"""


def _keys(content: str) -> list[tuple[object, ...]]:
    return [(r.title, r.artist, r.release, r.rank) for r in parse_page(content).records]


def _page(body: str, wrapper: str = "main") -> str:
    return (
        "<!DOCTYPE html><html><head><title>Summer songs</title></head><body>"
        f"<{wrapper}><h1>Summer songs for a long drive</h1>{body}</{wrapper}></body></html>"
    )


ENTRIES = [
    ("Summer Days", "Sunset Boulevard", "1999-07"),
    ("Ocean Road", "Mika Blue", "2004-06"),
    ("Night Highway", "The Lanterns", "2011"),
]


def test_text_gives_the_entries() -> None:
    assert _keys(TEXT) == [(t, a, r, None) for t, a, r in ENTRIES]


def _generic_body(heading_tag: str, heading: str) -> str:
    return (
        "<p>Here are some songs for the road.</p>"
        "<h2>Summer songs for a long drive (1–3)</h2>"
        f"<{heading_tag}>{heading.format(t='Summer Days', a='Sunset Boulevard')}</{heading_tag}>"
        '<figure><iframe title="Sunset Boulevard – Summer Days (Official Video)"></iframe>'
        "<figcaption>Summer DaysSunset Boulevard</figcaption></figure>"
        "<p>A bright pop song released in July 1999 that still fills the radio every August.</p>"
        f"<{heading_tag}>{heading.format(t='Ocean Road', a='Mika Blue')}</{heading_tag}>"
        "<p>Released in June 2004, Mika Blue’s breezy single became the theme of a beer\n"
        "  commercial.</p>"
        f"<{heading_tag}>{heading.format(t='Night Highway', a='The Lanterns')}</{heading_tag}>"
        "<p>The Lanterns wrote this one about driving home after a festival, and it came out"
        " in 2011.</p>"
    )


def test_any_heading_tag_and_wrapper_give_the_text_records() -> None:
    want = _keys(TEXT)
    for tag in ("h2", "h3", "h4"):
        for wrapper in ("main", "article", "div", "section"):
            page = _page(_generic_body(tag, "{t}{a}"), wrapper)
            assert _keys(page) == want, (tag, wrapper)


def test_two_children_of_a_heading_split_it_whatever_their_classes() -> None:
    for shape in (
        '<span class="q1">{t}</span><span class="zz">{a}</span>',
        "<strong>{t}</strong> <em>{a}</em>",
        "<b>{t}</b><small>{a}</small>",
    ):
        page = _page(_generic_body("h3", shape))
        recs = parse_page(page).records
        assert [(r.title, r.artist) for r in recs] == [(t, a) for t, a, _ in ENTRIES], shape
        assert {r.split.method for r in recs} == {"markup"}


def test_a_heading_in_divs_with_no_heading_tag() -> None:
    body = _generic_body("div", "{t}{a}").replace("<h2>", "<div>").replace("</h2>", "</div>")
    body = body.replace("<p>", '<div class="txt">').replace("</p>", "</div>")
    assert _keys(_page(body, "div")) == _keys(TEXT)


def test_source_line_breaks_are_spaces_and_pre_lines_are_lines() -> None:
    rec = parse_page(_page(_generic_body("h3", "{t}{a}"))).records[1]
    assert "beer commercial" in rec.description
    pre = _page("<pre>" + TEXT.split("\n", 2)[2] + "</pre>")
    assert _keys(pre) == _keys(TEXT)


def test_deep_nesting_keeps_every_entry_and_says_so() -> None:
    body = _generic_body("h3", "{t}{a}")
    for depth in (300, 3000):
        page = _page("<div>" * depth + body + "</div>" * depth)
        result = parse_page(page)
        assert [r.title for r in result.records][-2:] == ["Ocean Road", "Night Highway"]
        assert any("nested" in w for w in result.warnings), depth
    shallow = parse_page(_page("<div>" * 300 + body + "</div>" * 300))
    assert [(r.title, r.release) for r in shallow.records] == [(t, r) for t, _, r in ENTRIES]


def test_a_lone_surrogate_in_a_heading_is_replaced_not_fatal() -> None:
    page = _page(_generic_body("h3", "{t}{a}").replace("Ocean Road", "Ocean\ud800 Road"))
    recs = parse_page(page).records
    assert len(recs) == 3
    assert recs[1].title == "Ocean\ufffd Road"
    recs[1].title.encode("utf-8")


def test_a_link_only_line_after_the_entries_is_navigation() -> None:
    page = _page(_generic_body("h3", "{t}{a}") + '<p><a href="/x">View as article</a></p>')
    assert [r.title for r in parse_page(page).records] == [t for t, _, _ in ENTRIES]


PLAYLIST = """Karaoke hits of the nineties

Playlist

Karaoke hits of the nineties
show_chartTitlePlaylistReview
1Velvet NightsRiver Kane
Velvet NightsRiver Kaneplay_arrow
A smooth ballad for the last song of the night
2Paper PlanesThe Gliders
Paper PlanesThe Glidersplay_arrow
An upbeat singalong released in 1996
3Neon RainAki Sora
Neon RainAki Soraplay_arrow
The chorus everyone knows
"""


def test_bare_number_playlist_rows_are_proven_by_their_player_line() -> None:
    recs = parse_page(PLAYLIST).records
    assert [(r.rank, r.title, r.artist) for r in recs] == [
        (1, "Velvet Nights", "River Kane"),
        (2, "Paper Planes", "The Gliders"),
        (3, "Neon Rain", "Aki Sora"),
    ]
    assert recs[1].release == "1996"
    assert recs[0].description == "A smooth ballad for the last song of the night"


def test_a_playlist_row_laid_out_inline_gives_the_same_rows() -> None:
    rows = "".join(
        f'<li><span class="n">{n}</span><span class="s"><span>{t}</span><span>{a}</span></span>'
        f'<span class="p">{t}{a}play_arrow</span><span class="r">{rv}</span></li>'
        for n, t, a, rv in (
            (1, "Velvet Nights", "River Kane", "A smooth ballad for the last song of the night"),
            (2, "Paper Planes", "The Gliders", "An upbeat singalong released in 1996"),
            (3, "Neon Rain", "Aki Sora", "The chorus everyone knows"),
        )
    )
    page = _page(f"<h2>Playlist</h2><p>show_chartTitlePlaylistReview</p><ol>{rows}</ol>")
    got = parse_page(page).records
    want = parse_page(PLAYLIST).records
    assert [(r.rank, r.title, r.artist, r.release) for r in got] == [
        (r.rank, r.title, r.artist, r.release) for r in want
    ]


def test_a_cut_last_line_is_not_taken_for_a_video_title() -> None:
    text = TEXT.rsplit("\n\n", 1)[0] + "\n\nThe Lanterns wrote this one about “Highway 9,” and the"
    rec = parse_page(text).records[-1]
    assert rec.video_titles == []
    assert rec.description.startswith("The Lanterns wrote")
    assert rec.complete is False


def test_compact_rendering_the_line_after_a_section_title_is_its_first_entry() -> None:
    text = (
        "Songs for a quiet evening\n"
        "A few calm songs for the end of the day.\n"
        "Songs for a quiet evening (1–10)\n"
        "Evening CalmThe Harbor Lights\n"
        "Evening Calm ~ 2020 Ver. [Official Video]\n"
        "A soft folk song that first came out in May 1975.\n"
        "It is still sung at school events every spring.\n"
    )
    rec = parse_page(text).records[0]
    assert (rec.title, rec.artist, rec.release) == ("Evening Calm", "The Harbor Lights", "1975-05")
    assert rec.video_titles == ["Evening Calm ~ 2020 Ver. [Official Video]"]


def test_numbered_rows_without_a_player_line_are_proven_by_their_count() -> None:
    text = "\n".join(line for line in PLAYLIST.splitlines() if not line.endswith("play_arrow"))
    recs = parse_page(text).records
    assert [(r.rank, r.title, r.artist) for r in recs] == [
        (1, "Velvet Nights", "River Kane"),
        (2, "Paper Planes", "The Gliders"),
        (3, "Neon Rain", "Aki Sora"),
    ]
    # two numbered lines are no count: a description may open with a number
    two = "Songs\n\nSongs (1–10)\n\nLong RoadThe Ramblers\n\n1 night, 2 shows, and a 1975 hit.\n"
    assert [r.title for r in parse_page(two).records] == ["Long Road"]


def test_a_short_sentence_about_a_name_with_inner_capitals_is_no_heading() -> None:
    text = (
        "Songs from Korea and Japan\n\nSongs from Korea and Japan (1–10)\n\n"
        "VALENTIBoA\n\nA dance-pop single that came out in January 2003.\n\n"
        "BoA’s powerful voice lifts the chorus.\n\n"
        "It became one of her signature songs in Japan.\n\n"
        "Long RoadThe Ramblers\n\nA folk song first released in 1975.\n"
    )
    recs = parse_page(text).records
    assert [r.heading_raw for r in recs] == ["VALENTIBoA", "Long RoadThe Ramblers"]
    assert recs[0].release == "2003-01"


def test_every_line_its_own_paragraph_gives_the_same_records() -> None:
    lines = [line for line in TEXT.splitlines() if line.strip()]
    spaced = "\n\n".join(lines) + "\n"
    assert _keys(spaced) == _keys(TEXT)
    rec = parse_page(spaced).records[0]
    assert rec.video_titles == [
        "Sunset Boulevard – Summer Days (Official Video)",
        "Summer DaysSunset Boulevard",
    ]


def test_a_redesign_into_cards_with_bold_and_italic_names_is_still_read() -> None:
    """(Once the crawl tests' "layout drift" page: any sensible markup is no drift now.)"""
    cards = "".join(
        f'<div class="c-card"><div class="c-card__name"><b>{t}</b> <i>{a}</i></div>'
        f'<div class="c-card__text"><p>{d}</p></div></div>'
        for t, a, d in (
            ("Marigold", "Aimyon", "A mid-tempo love song released as a single in August 2018."),
            ("Lemon", "Kenshi Yonezu", "Released in March 2018 as the theme of a TBS drama."),
            ("First Love", "Hikaru Utada", "Released in April 1999, a best-selling single."),
        )
    )
    page = _page(
        f'<section class="p-section"><h2>Songs After the Redesign (1–3)</h2>{cards}</section>'
    )
    recs = parse_page(page).records
    assert [(r.title, r.artist, r.release) for r in recs] == [
        ("Marigold", "Aimyon", "2018-08"),
        ("Lemon", "Kenshi Yonezu", "2018-03"),
        ("First Love", "Hikaru Utada", "1999-04"),
    ]


def test_a_number_title_in_its_own_element_is_no_rank() -> None:
    page = _page(
        "<h2>Hip-hop classics (1–10)</h2>"
        "<h3><strong>2057</strong> <em>PUNPEE</em></h3><p>A track released in October 2017.</p>"
        '<h3><span class="r">12</span><span>Night Shift</span><span>The Ramblers</span></h3>'
        "<p>A song from 1999.</p>"
    )
    recs = parse_page(page).records
    assert [(r.title, r.artist) for r in recs] == [
        ("2057", "PUNPEE"),
        ("Night Shift", "The Ramblers"),
    ]


def test_a_layout_table_of_entries_is_read_cell_by_cell() -> None:
    rows = "".join(
        f"<tr><td><h3>{t}{a}</h3></td><td><p>{d}</p></td></tr>"
        for t, a, d in (
            ("Summer Days", "Sunset Boulevard", "A bright pop song released in July 1999."),
            ("Ocean Road", "Mika Blue", "Released in June 2004, Mika Blue’s breezy single."),
        )
    )
    page = _page(f"<h2>Summer songs for a long drive (1–3)</h2><table>{rows}</table>")
    assert [(r.title, r.artist, r.release) for r in parse_page(page).records] == [
        ("Summer Days", "Sunset Boulevard", "1999-07"),
        ("Ocean Road", "Mika Blue", "2004-06"),
    ]


def test_an_entry_laid_out_as_a_one_column_table_has_its_heading_in_the_th() -> None:
    """One table per entry, the heading in a `<th>`: a layout table (no row of two cells), so
    the `<th>` is a line like any other, not the column heads of a data table."""
    tables = "".join(
        f"<table><tr><th>{t}{a}</th></tr><tr><td><p>{v}</p><p>{d}</p></td></tr></table>"
        for t, a, v, d in (
            ("Summer Days", "Sunset Boulevard", "Sunset Boulevard – Summer Days (Official Video)",
             "A bright pop song released in July 1999."),
            ("Ocean Road", "Mika Blue", "Mika Blue - Ocean Road [MV]",
             "Released in June 2004, Mika Blue’s breezy single."),
        )
    )  # fmt: skip
    page = _page(f"<h2>Summer songs for a long drive (1–3)</h2>{tables}")
    recs = parse_page(page).records
    assert [(r.title, r.artist, r.release) for r in recs] == [
        ("Summer Days", "Sunset Boulevard", "1999-07"),
        ("Ocean Road", "Mika Blue", "2004-06"),
    ]
    assert recs[0].video_titles == ["Sunset Boulevard – Summer Days (Official Video)"]


def test_the_column_heads_of_a_playlist_table_stay_out_of_the_songs() -> None:
    head = "<tr><th>Rank</th><th>Song</th><th>Review</th></tr>"
    rows = "".join(
        f"<tr><td>{n}</td><td>{song}</td><td>{review}</td></tr>"
        for n, song, review in (
            (1, "Summer DaysSunset Boulevard", "Still the song of every August."),
            (2, "Ocean RoadMika Blue", "A breezy single from 2004."),
        )
    )
    page = _page(f"<h2>Summer songs for a long drive (1–2)</h2><table>{head}{rows}</table>")
    recs = parse_page(page).records
    assert [(r.rank, r.title, r.artist) for r in recs] == [
        (1, "Summer Days", "Sunset Boulevard"),
        (2, "Ocean Road", "Mika Blue"),
    ]


def test_a_text_with_no_list_gives_no_song() -> None:
    page = parse_page("just some text\nno headings here")
    assert page.records == []
    assert page.warnings == ["no entries found"]


def _feed(articles: str, wrapper: str = "div") -> str:
    return (
        "<!DOCTYPE html><html><head><title>Summer songs</title></head><body>"
        "<header><p>Songs Daily</p></header>"
        f"<{wrapper}><h1>Summer songs for a long drive</h1><p>Here are some songs for the road.</p>"
        f"<h2>Summer songs for a long drive (1–3)</h2>{articles}</{wrapper}></body></html>"
    )


def test_entries_each_an_article_are_a_list_not_the_page_s_own_article() -> None:
    """No `<main>`: one `<article>` per entry. Neither the longest entry nor a lone one is the
    page's content; the element that holds them (and the page title) is."""
    cards = [
        f'<article class="song"><header><h3>{t}{a}</h3></header><p>{d}</p></article>'
        for t, a, d in (
            ("Summer Days", "Sunset Boulevard", "A bright pop song released in July 1999 that "
             "still fills the radio every August, and a long paragraph about it follows."),
            ("Ocean Road", "Mika Blue", "Released in June 2004 as a breezy single."),
            ("Night Highway", "The Lanterns", "It came out in 2011."),
        )
    ]  # fmt: skip
    recs = parse_page(_feed("".join(cards))).records
    assert [(r.title, r.artist, r.release) for r in recs] == [
        ("Summer Days", "Sunset Boulevard", "1999-07"),
        ("Ocean Road", "Mika Blue", "2004-06"),
        ("Night Highway", "The Lanterns", "2011"),
    ]
    assert recs[0].section == "Summer songs for a long drive (1–3)"
    one = parse_page(_feed(cards[0])).records
    assert [(r.title, r.section) for r in one] == [
        ("Summer Days", "Summer songs for a long drive (1–3)")
    ]


def test_the_page_s_own_article_is_still_chosen_over_teasers() -> None:
    body = _generic_body("h3", "{t}{a}")
    teasers = "".join(
        f'<article class="teaser"><h4>Another list {k}</h4><p>More songs.</p></article>'
        for k in range(3)
    )
    page = (
        "<!DOCTYPE html><html><head><title>Summer songs</title></head><body>"
        f"<div><article><h1>Summer songs for a long drive</h1>{body}</article>"
        f"<aside>{teasers}</aside></div></body></html>"
    )
    assert _keys(page) == _keys(TEXT)


def test_title_and_artist_elements_inside_a_link_split_the_heading() -> None:
    """A grid of song cards: the heading is a link wrapping a title and an artist `<span>`
    (a space between them in the source), the description in a sibling `<div>`."""
    cards = "".join(
        f'<div class="cell"><a href="/song/{k}"><span>{t}</span>\n<span>{a}</span></a>'
        f"<div><p>{d}</p></div></div>"
        for k, (t, a, d) in enumerate(
            (
                ("Summer Days", "Sunset Boulevard", "A bright pop song released in July 1999."),
                ("Ocean Road", "Mika Blue", "Released in June 2004 as a breezy single."),
                ("Night Highway", "The Lanterns", "It came out in 2011, after a long tour."),
            )
        )
    )
    page = _page(f'<h2>Summer songs for a long drive (1–3)</h2><div class="cells">{cards}</div>')
    recs = parse_page(page).records
    assert [(r.title, r.artist, r.release) for r in recs] == ENTRIES
    assert {r.split.method for r in recs} == {"markup"}


ROWS = (
    (1, "Velvet Nights", "River Kane", "A smooth ballad for the last song of the night"),
    (2, "Paper Planes", "The Gliders", "An upbeat singalong released in 1996"),
    (3, "Neon Rain", "Aki Sora", "The chorus everyone knows"),
)


def test_a_rank_in_its_own_element_before_title_and_artist_elements_is_the_row_s_rank() -> None:
    """Microdata-style playlist rows: rank, title and artist each a `<span>`, spaces between
    them in the source; the player line and the review in `<div>`s."""
    for rank in ("{n}east", "{n}"):
        rows = "".join(
            '<div itemscope itemtype="https://schema.org/MusicRecording">'
            f'<span itemprop="position">{rank.format(n=n)}</span> <span itemprop="name">{t}</span>'
            f' <span itemprop="byArtist">{a}</span><div>{t}{a}play_arrow</div>'
            f'<div itemprop="review">{rv}</div></div>'
            for n, t, a, rv in ROWS
        )
        page = _page(f"<div>Playlist</div><div>show_chartTitlePlaylistReview</div>{rows}")
        recs = parse_page(page).records
        assert [(r.rank, r.title, r.artist, r.release) for r in recs] == [
            (1, "Velvet Nights", "River Kane", None),
            (2, "Paper Planes", "The Gliders", "1996"),
            (3, "Neon Rain", "Aki Sora", None),
        ], rank
        assert recs[0].description == "A smooth ballad for the last song of the night"


def test_without_an_h1_the_line_the_document_title_names_is_the_page_title() -> None:
    """Not the site's name above it (which the first line rule would take), nor an entry."""
    songs = "".join(
        f'<div class="rec"><span>{t}</span> <span>{a}</span><div class="d"><p>{d}</p></div></div>'
        for t, a, d in (
            ("Summer Days", "Sunset Boulevard", "A bright pop song released in July 1999."),
            ("Ocean Road", "Mika Blue", "Released in June 2004 as a breezy single."),
            ("Night Highway", "The Lanterns", "It came out in 2011, after a long tour."),
        )
    )
    page = (
        "<!DOCTYPE html><html><head><title>Songs for the road | Songs Daily</title></head><body>"
        '<div class="brand">Songs Daily</div><div class="name">Songs for the road</div>'
        "<p>Here are some songs for the road.</p>"
        f"<p>Our ten favourites for a summer drive</p>{songs}</body></html>"
    )
    result = parse_page(page)
    assert [(r.title, r.artist, r.release) for r in result.records] == ENTRIES
    assert result.records[0].article.title == "Songs for the road"


def test_a_table_of_one_row_per_song_reads_its_name_cells_as_the_heading() -> None:
    """A data table without ranks: title and artist in cells of their own, the description in
    the row's last cell. The two name cells are one heading of two parts, as two `<span>`s
    would be; a four-digit title in the first cell is no rank."""
    songs = (
        ("Lemon", "Kenshi Yonezu", "Released in March 2018, it was the theme of the drama"
         " “Unnatural” and stayed on the charts for months."),
        ("Pretender", "Official HIGE DANdism", "This single came out in May 2019 as the theme"
         " song of the film “Confidence Man JP”."),
        ("2002", "Anne-Marie", "A nostalgic pop song released in April 2018."),
    )  # fmt: skip
    rows = "".join(f"<tr><td>{t}</td><td>{a}</td><td><p>{d}</p></td></tr>" for t, a, d in songs)
    page = _page(
        "<h2>Songs everyone sings at karaoke (1–3)</h2><table><thead><tr><th>Song</th>"
        f"<th>Artist</th><th>About</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    recs = parse_page(page).records
    assert [(r.title, r.artist, r.release, r.rank) for r in recs] == [
        ("Lemon", "Kenshi Yonezu", "2018-03", None),
        ("Pretender", "Official HIGE DANdism", "2019-05", None),
        ("2002", "Anne-Marie", "2018-04", None),
    ]
    assert [t.name for t in recs[0].tie_ins] == ["Unnatural"]


def test_a_lazy_or_amp_video_player_s_title_is_a_video_line() -> None:
    """`<lite-youtube>` and `<amp-youtube>` stand where an `<iframe>` would: their `title` is
    the video's, and evidence for the split as an iframe's is."""
    page = _page(
        "<h2>Summer hits of the Reiwa era (1–2)</h2>"
        "<h3>MarigoldAimyon</h3>"
        '<lite-youtube videoid="0xSiBpUdW4E" title="Aimyon – Marigold [OFFICIAL MUSIC VIDEO]">'
        "</lite-youtube><p>Her fifth single, released in August 2018.</p>"
        "<h3>Natsu MatsuriWhiteberry</h3>"
        '<amp-youtube data-videoid="abc123" layout="responsive" width="480" height="270"'
        ' title="Whiteberry – Natsu Matsuri (Music Video)"></amp-youtube>'
        "<p>Released in August 2000, it became the band’s biggest hit.</p>"
    )
    recs = parse_page(page).records
    assert [(r.title, r.artist, r.release) for r in recs] == [
        ("Marigold", "Aimyon", "2018-08"),
        ("Natsu Matsuri", "Whiteberry", "2000-08"),
    ]
    assert [r.video_titles for r in recs] == [
        ["Aimyon – Marigold [OFFICIAL MUSIC VIDEO]"],
        ["Whiteberry – Natsu Matsuri (Music Video)"],
    ]


def test_the_running_number_before_each_heading_is_no_part_of_the_name() -> None:
    """`<h3>1. Title</h3>`, `<h3><span>2.</span> …</h3>`: a number that counts on from one
    heading to the next is the entry's place in the list; a title opening with a number
    ("366 days") alone on its page keeps it."""
    songs = (
        ("Lemon", "Kenshi Yonezu", "Released in March 2018 as the theme of a drama."),
        (
            "Pretender",
            "Official HIGE DANdism",
            "This single came out in May 2019, the theme of a film.",
        ),
        ("366 days", "HY", "HY put this ballad out in 2008 on the album “HeartY”."),
    )
    want = [("Lemon", "Kenshi Yonezu", "2018-03"), ("Pretender", "Official HIGE DANdism",
            "2019-05"), ("366 days", "HY", "2008")]  # fmt: skip
    for head in ("{n}. {t}{a}", '<span class="n">{n}.</span> <b>{t}</b> <i>{a}</i>'):
        body = "".join(
            f"<h3>{head.format(n=n, t=t, a=a)}</h3><p>{d}</p>"
            for n, (t, a, d) in enumerate(songs, 1)
        )
        recs = parse_page(_page(f"<h2>Karaoke classics (1–3)</h2>{body}")).records
        assert [(r.title, r.artist, r.release) for r in recs] == want, head
    alone = _page(f"<h3>366 daysHY</h3><p>{songs[2][2]}</p>")
    assert [(r.title, r.artist) for r in parse_page(alone).records] == [("366 days", "HY")]


def test_aria_headings_and_a_grid_of_cells_read_as_heading_tags_and_table_cells() -> None:
    """No heading tag and no table: `<div role="heading" aria-level="3">` is a heading's
    markup as an `<h3>` is, and a playlist in `<div role="row">`s of `<span role="cell">`s
    is one line per cell, as a table row's cells are."""
    cell = '<span role="cell">{} </span>'
    rows = "".join(
        '<div role="row">' + "".join(cell.format(c) for c in cells) + "</div>"
        for cells in (
            ("1east", "SAKURAIkimonogakari", "Their debut single, a spring song of parting..."),
            ("2east", "SakuraMoriyama Naotaro", "A graduation ballad sung at many schools..."),
        )
    )  # fmt: skip
    page = _page(
        '<div role="heading" aria-level="2">Spring songs (1–2)</div>'
        '<div role="heading" aria-level="3">Haru no UtaSpitz</div>'
        "<div>Spitz released this one in April 2005.</div>"
        '<div role="heading" aria-level="3">TsubomiKobukuro</div>'
        "<div>Kobukuro’s single came out in March 2007.</div>"
        f'<div role="table">{rows}</div>',
        "div",
    )
    recs = parse_page(page).records
    assert [(r.title, r.rank) for r in recs] == [
        ("Haru no Uta", None),
        ("Tsubomi", None),
        ("SAKURA", 1),
        ("Sakura", 2),
    ]


def test_a_song_table_row_with_an_empty_artist_cell_is_still_a_song() -> None:
    """A song without an artist leaves the artist cell empty: the row is still one song."""
    songs = (
        ("赤とんぼ", "", "三木露風の詞に山田耕筰が曲をつけ、1927年に発表された童謡です。"),
        ("翼をください", "赤い鳥", "1971年2月に発売された、赤い鳥のシングルの一曲です。"),
        ("ふるさと", "", "1914年に尋常小学唱歌として発表された、卒業式の定番曲です。"),
    )
    rows = "".join(f"<tr><td>{t}</td><td>{a}</td><td><p>{d}</p></td></tr>" for t, a, d in songs)
    page = _page(f"<h2>日本の歌(1〜3)</h2><table><tbody>{rows}</tbody></table>")
    recs = parse_page(page, url="https://www.ragnet.co.jp/school-songs").records
    assert [(r.title, r.artist, r.release) for r in recs] == [
        ("赤とんぼ", None, "1927"),
        ("翼をください", "赤い鳥", "1971-02"),
        ("ふるさと", None, "1914"),
    ]


def test_headings_that_are_each_one_link_to_the_song_s_page_are_songs() -> None:
    """`<p><a href="/song/N">TitleArtist</a></p>` then the song's paragraphs: a line that is
    one link is navigation unless the page's link lines head descriptions, as these do (a
    video title between them aside); a row of related links stays out of the songs."""
    page = _page(
        '<p><a href="/spring">Spring songs</a></p><p><a href="/summer">Summer songs</a></p>'
        "<h2>Spring songs for a new start (1–3)</h2>"
        '<p><a href="/song/1">Haru no UtaSpitz</a></p>'
        "<p>Spitz released this one as a single in April 2005, and it is still played.</p>"
        '<p><a href="/song/2">TsubomiKobukuro</a></p>'
        "<p>Kobukuro – Tsubomi (Music Video)</p>"
        "<p>Kobukuro’s single came out in March 2007 and topped the Oricon chart.</p>"
        '<p><a href="/song/3">SAKURAIkimonogakari</a></p>'
        "<p>Their debut single, released in March 2006, is a song of parting at a station.</p>"
    )
    recs = parse_page(page).records
    assert [(r.title, r.artist, r.release) for r in recs] == [
        ("Haru no Uta", "Spitz", "2005-04"),
        ("Tsubomi", "Kobukuro", "2007-03"),
        ("SAKURA", "Ikimonogakari", "2006-03"),
    ]


def test_a_caption_naming_the_heading_in_its_own_paragraph_is_a_video_line() -> None:
    """A video's caption written as a plain paragraph, no iframe, between a heading and its
    description: it names the heading another way (its last words the artist, or its first
    the title), so it and the video title above it are video lines, as in a text rendering,
    with or without empty lines between the elements; never a description, nor a song."""
    blank = _page(
        "<h2>Debut singles of the Reiwa era (1–2)</h2>"
        "<h3>Racing into the NightYOASOBI</h3>"
        "<p>YOASOBI「夜に駆ける」Official Music Video</p>"
        "<p>Yoru ni Kakeru YOASOBI</p>"
        "<p>Their debut single came out in December 2019, written from a short story.</p>"
        "<h3>Cherry BlossomsKobukuro</h3>"
        "<p>Kobukuro | Sakura (2005, Warner Music Japan)</p>"
        "<p>Sakura — Kobukuro</p>"
        "<p>Released in November 2005, it is one of Kobukuro’s best-known ballads.</p>"
    )
    compact = (
        blank.replace("<h2>", '<div role="heading" aria-level="2">')
        .replace("</h2>", "</div>")
        .replace("<h3>", '<div role="heading" aria-level="3">')
        .replace("</h3>", "</div>")
        .replace("<p>", "<div>")
        .replace("</p>", "</div>")
    )
    for page in (blank, compact):
        recs = parse_page(page).records
        assert [(r.title, r.artist, r.release) for r in recs] == [
            ("Racing into the Night", "YOASOBI", "2019-12"),
            ("Cherry Blossoms", "Kobukuro", "2005-11"),
        ]
        assert [r.video_titles for r in recs] == [
            ["YOASOBI「夜に駆ける」Official Music Video", "Yoru ni Kakeru YOASOBI"],
            ["Kobukuro | Sakura (2005, Warner Music Japan)", "Sakura — Kobukuro"],
        ]
        assert recs[1].description.startswith("Released in November 2005")
