"""The title/artist splitter: each source of evidence, on the headings the site really makes."""

from __future__ import annotations

import pytest

from parsers.model import Piece
from parsers.split import Evidence, parse_heading, split_core, split_heading
from parsers.split.heading import split_review_tail


def split(heading: str, **evidence: object) -> tuple[str, str | None, str]:
    h = parse_heading(heading)
    s = split_heading(h, Evidence(**evidence))  # type: ignore[arg-type]
    return s.title, s.artist, s.method


def test_camel_glue_is_a_boundary() -> None:
    assert split("crescent moonAyaka")[:2] == ("crescent moon", "Ayaka")


def test_description_naming_the_artist_beats_casing() -> None:
    # "Lagtraininabakumori": no case change at all; the description names the producer
    title, artist, method = split(
        "Lagtraininabakumori",
        description="Posted in 2020, it became the signature song of inabakumori’s quiet style.",
    )
    assert (title, artist, method) == ("Lagtrain", "inabakumori", "description")


def test_word_evidence_splits_a_fused_lowercase_token() -> None:
    # "voicegood-for-nothing" is no word; "voice" and "good-for-nothing" are.
    title, artist, method = split("Only a single voicegood-for-nothing")
    assert (title, artist) == ("Only a single voice", "good-for-nothing")
    assert method == "words"


def test_abbreviation_period_is_not_a_boundary() -> None:
    assert split("I want to hug you.Mr.Children")[:2] == ("I want to hug you.", "Mr.Children")


def test_new_badge_between_title_and_artist_is_markup() -> None:
    h = parse_heading("not enoughNEW!wacci")
    assert h.is_new
    s = split_heading(h, Evidence())
    assert (s.title, s.artist, s.method, s.confidence) == ("not enough", "wacci", "markup", 1.0)


def test_markup_pieces_decide() -> None:
    pieces = (Piece("title", "Dinner Song"), Piece("artist", "tuki."), Piece("rank", "7"))
    h = parse_heading("Dinner Songtuki.7", pieces)
    s = split_heading(h, Evidence())
    assert (s.title, s.artist, s.method, h.rank) == ("Dinner Song", "tuki.", "markup", 7)


def test_video_caption_with_a_space_gives_the_boundary() -> None:
    title, artist, method = split(
        "The Door to TomorrowI WiSH",
        video_titles=["Official live video", "The Door to Tomorrow I WiSH"],
    )
    assert (title, artist, method) == ("The Door to Tomorrow", "I WiSH", "video_title")


def test_video_title_artist_slash_title() -> None:
    title, artist, _ = split(
        "So it wasn’t me, huh.riria.29rank/position",
        video_titles=["riria. / So it wasn’t me. [Music Video]"],
    )
    assert (title, artist) == ("So it wasn’t me, huh.", "riria.")


def test_rank_digits_glued_to_artist_digits_use_the_section_range() -> None:
    h = parse_heading("365 Days’ Paper AirplaneAKB4858rank/position", rank_range=(51, 60))
    assert h.rank == 58
    assert h.core == "365 Days’ Paper AirplaneAKB48"


def test_rank_follows_the_previous_entry() -> None:
    h = parse_heading("Happy Endingback number1rank/position", expected_rank=1)
    assert (h.rank, h.core) == (1, "Happy Endingback number")


def test_page_gazetteer_names_the_artist() -> None:
    title, artist, method = split(
        "Polka of the Tavernsugiyama kouichi",
        page_cores=["The city is alive.sugiyama kouichi", "Endless Worldsugiyama kouichi"],
    )
    assert (title, artist) == ("Polka of the Tavern", "sugiyama kouichi")
    assert method in ("gazetteer", "words")


def test_known_artist_from_gazetteer() -> None:
    s = split_core("Snow Countrychūrippu", Evidence(known_artists=frozenset({"chūrippu"})))
    assert (s.title, s.artist) == ("Snow Country", "chūrippu")


def test_heading_without_artist() -> None:
    title, artist, method = split("Light of Fireflies")
    assert (title, artist, method) == ("Light of Fireflies", None, "no_artist")


def test_romanised_artist_after_a_word() -> None:
    assert split("Beard and Boobsyunikōn")[:2] == ("Beard and Boobs", "yunikōn")


def test_tilde_subtitle_stays_with_the_title() -> None:
    assert split("SMILE ~Like a Clear, Sunlit Sky~Kuwata Keisuke")[:2] == (
        "SMILE ~Like a Clear, Sunlit Sky~",
        "Kuwata Keisuke",
    )


def test_digits_then_artist() -> None:
    assert split("Love Dial 6700Fingā 5")[:2] == ("Love Dial 6700", "Fingā 5")


@pytest.mark.parametrize(
    ("row", "heading", "review"),
    [
        (
            "Sakura SongYu TakahashiAn unfinished promise with a cherished person...",
            "Sakura SongYu Takahashi",
            "An unfinished promise with a cherished person...",
        ),
        ("ponytailVickeblanka", "ponytailVickeblanka", None),
        (
            "Spring DayAimyonAimyon’s third single, full of the warmth of spring...",
            "Spring DayAimyon",
            "Aimyon’s third single, full of the warmth of spring...",
        ),
    ],
)
def test_playlist_review_tail(row: str, heading: str, review: str | None) -> None:
    assert split_review_tail(row) == (heading, review)


def test_confidence_is_a_probability() -> None:
    s = split_core("crescent moonAyaka", Evidence(description="Ayaka’s outstanding voice."))
    assert 0.5 < s.confidence <= 1.0


@pytest.mark.parametrize(
    ("core", "title", "artist"),
    [
        ("風の憧憬光田康典", "風の憧憬", "光田康典"),
        ("愛のこもれびすぎやまこういち", "愛のこもれび", "すぎやまこういち"),
        ("蒼のワルツEVE", "蒼のワルツ", "EVE"),
        ("マリーゴールドあいみょん", "マリーゴールド", "あいみょん"),
        ("366日HY", "366日", "HY"),
        ("チェリースピッツ", "チェリー", "スピッツ"),
    ],
)
def test_japanese_headings(core: str, title: str, artist: str) -> None:
    s = split_core(core, Evidence(lang="ja"))
    assert (s.title, s.artist) == (title, artist)


def test_korean_name_start_must_be_a_word_start() -> None:
    description = "‘신 오바케의 Q타로’의 주제가. 가수 호리 아야코가 부른 노래다."
    s = split_core("오바케 Q타로호리 아야코/뉴로열", Evidence(lang="ko", description=description))
    assert (s.title, s.artist) == ("오바케 Q타로", "호리 아야코/뉴로열")


@pytest.mark.parametrize(
    ("core", "title", "artist"),
    [
        (
            "Overnight Sensation ~The Times Are in Your Hands~trf",
            "Overnight Sensation ~The Times Are in Your Hands~",
            "trf",
        ),
        ("Banzai ~ So glad I loved you ~Ulfuls", "Banzai ~ So glad I loved you ~", "Ulfuls"),
        ("Cheer up!Hitomi Shimatani", "Cheer up!", "Hitomi Shimatani"),
        ("R.Y.U.S.E.I.三代目 J Soul Brothers", "R.Y.U.S.E.I.", "三代目 J Soul Brothers"),
    ],
)
def test_boundaries_right_after_a_mark(core: str, title: str, artist: str) -> None:
    s = split_core(core, Evidence())
    assert (s.title, s.artist) == (title, artist)


def test_no_artist_starts_inside_brackets() -> None:
    s = split_core(
        "to clear up (weather)Yorushika",
        Evidence(description="It quotes to clear up (weather)Yorushika in passing."),
    )
    assert (s.title, s.artist) == ("to clear up (weather)", "Yorushika")


# Japanese headings the fresh pages showed wrong (classes, each with our own examples)
@pytest.mark.parametrize(
    ("core", "title", "artist"),
    [
        ("赤とんぼ", "赤とんぼ", None),  # one word, no artist: a children's song
        ("ふるさと", "ふるさと", None),  # a school song
        (
            "ロンリー・チャップリン鈴木聖美、鈴木雅之",
            "ロンリー・チャップリン",
            "鈴木聖美、鈴木雅之",
        ),
        ("翼をください赤い鳥", "翼をください", "赤い鳥"),  # an artist never starts with を
        ("いとしのエリーサザンオールスターズ", "いとしのエリー", "サザンオールスターズ"),
        ("なごり雪イルカ", "なごり雪", "イルカ"),
        ("ふるさと作詞：高野辰之／作曲：岡野貞一", "ふるさと", "作詞：高野辰之／作曲：岡野貞一"),
    ],
)
def test_japanese_heading_classes(core: str, title: str, artist: str | None) -> None:
    got = split_core(core, Evidence(lang="ja"))
    assert (got.title, got.artist) == (title, artist)


def test_a_japanese_duet_is_mentioned_name_by_name() -> None:
    ev = Evidence(
        lang="ja", description="姉の鈴木聖美さんと弟の鈴木雅之さんが歌うデュエット曲です。"
    )
    got = split_core("ロンリー・チャップリン鈴木聖美、鈴木雅之", ev)
    assert got.artist == "鈴木聖美、鈴木雅之"


def test_a_short_common_word_in_the_text_is_not_a_name() -> None:
    ev = Evidence(lang="ja", description="夕焼けの空に飛ぶとんぼを見て、幼い日を思い出す童謡です。")
    assert split_core("赤とんぼ", ev).artist is None


def test_a_rank_that_lost_its_label_is_the_rank_the_order_expects() -> None:
    assert parse_heading("楓スピッツ8", expected_rank=8).rank == 8
    assert parse_heading("楓スピッツ8", expected_rank=8).core == "楓スピッツ"
    assert parse_heading("夜に駆けるYOASOBI1", rank_range=(1, 10)).rank == 1
    # a name ending in digits keeps them when the order expects another rank
    assert parse_heading("恋するフォーチュンクッキーAKB48", expected_rank=47).core.endswith("48")


# --- the artist lexicon (parsers/split/_artists.py): well-known names, no page evidence needed


@pytest.mark.parametrize(
    ("heading", "title", "artist"),
    [
        # a lower-case name glued to a romanised title: no case change, both halves romaji
        ("Kabutomushiaiko", "Kabutomushi", "aiko"),
        ("Haru wo Tsugeruyama", "Haru wo Tsugeru", "yama"),
        # katakana run into katakana: the script does not change at the boundary
        ("勝手にシンドバッドサザンオールスターズ", "勝手にシンドバッド", "サザンオールスターズ"),
        # a one-letter title before a capitalised band
        ("MPRINCESS PRINCESS", "M", "PRINCESS PRINCESS"),
    ],
)
def test_a_well_known_artist_marks_the_boundary(heading: str, title: str, artist: str) -> None:
    assert split(heading)[:2] == (title, artist)
    assert split(heading)[2] == "gazetteer"


def test_well_known_names_match_across_romanisations_and_name_orders() -> None:
    from parsers.split.evidence import well_known

    # long vowels written ō, ou or o; family name first or given name first
    for name in ("Kitajima Saburō", "KITAJIMA SABUROU", "Saburo Kitajima"):
        assert well_known(name) == 1, name
    assert well_known("Kitajima") == 0


def test_a_credit_of_two_known_names_beats_its_last_name_alone() -> None:
    # "南こうせつとかぐや姫": かぐや姫 alone is known too, but the whole credit is surer
    assert split("神田川南こうせつとかぐや姫")[:2] == ("神田川", "南こうせつとかぐや姫")
    assert split("Kanda RiverMinami Kosetsu to Kaguyahime")[:2] == (
        "Kanda River",
        "Minami Kosetsu to Kaguyahime",
    )


def test_a_known_name_after_a_list_separator_does_not_cut_the_credit() -> None:
    # 鈴木雅之 is known, 鈴木聖美 is not: "…鈴木聖美、|鈴木雅之" would cut the duet in two
    title, artist, _ = split(
        "ロンリー・チャップリン鈴木聖美、鈴木雅之",
        description="鈴木聖美さんと鈴木雅之さんのデュエット曲です。",
        lang="ja",
    )
    assert (title, artist) == ("ロンリー・チャップリン", "鈴木聖美、鈴木雅之")


# --- a separator written between title and artist (candidates.separator_candidates)


@pytest.mark.parametrize(
    ("heading", "title", "artist"),
    [
        ("Lagtrain / inabakumori", "Lagtrain", "inabakumori"),
        (
            "Koi ni Ochite – Fall in Love – Kobayashi Akiko",
            "Koi ni Ochite – Fall in Love",
            "Kobayashi Akiko",
        ),
        (
            "“When Someone’s Wish Comes True” Utada Hikaru",
            "When Someone’s Wish Comes True",
            "Utada Hikaru",
        ),
        ("「夜に駆ける」 YOASOBI", "夜に駆ける", "YOASOBI"),
        ("マリーゴールド／あいみょん", "マリーゴールド", "あいみょん"),
        ("Lagtrain/inabakumori", "Lagtrain", "inabakumori"),
        ("マリーゴールド\u3000あいみょん", "マリーゴールド", "あいみょん"),
        ("Lagtrain\tinabakumori", "Lagtrain", "inabakumori"),
    ],
)
def test_a_written_separator_divides_a_lone_heading(heading: str, title: str, artist: str) -> None:
    assert split(heading)[:2] == (title, artist)


def test_a_slash_inside_a_run_together_title_is_the_titles_own() -> None:
    # the part after the slash is itself a title and an artist run together
    assert split("to go see (someone) / to go meetAimyon")[:2] == (
        "to go see (someone) / to go meet",
        "Aimyon",
    )
    assert split("Stand by MeBen E. King")[:2] == ("Stand by Me", "Ben E. King")


def test_a_caption_repeating_a_separated_heading_proves_nothing() -> None:
    # "produced by" is no separator; the caption repeats the heading as it is
    core = "Zenryoku Shonen produced by Okuda TamioSukima Switch"
    title, artist, _ = split(core, video_titles=[core])
    assert (title, artist) == ("Zenryoku Shonen produced by Okuda Tamio", "Sukima Switch")


def test_a_page_written_title_dash_artist_splits_every_heading_at_its_last_dash() -> None:
    from parsers import parse_page

    page = (
        "Eighties ballads: songs to sing slowly\n\n"
        "Some ballads from the decade, picked for a quiet evening of karaoke.\n\n"
        "Eighties ballads: songs to sing slowly (1–3)\n"
        "Koi ni Ochite – Fall in Love – Kobayashi Akiko\n\n"
        "Released in 1985 as the theme of a TV drama, it sold over a million copies.\n\n"
        "Ruby no Yubiwa – Terao Akira\n\n"
        "A 1981 single that topped the Oricon chart for ten weeks.\n\n"
        "Kanashimi ni Sayonara – Anzen Chitai\n\n"
        "A 1985 single with a melody many still sing today.\n"
    )
    records = parse_page(page).records
    assert [(r.title, r.artist, r.split.method) for r in records] == [
        ("Koi ni Ochite – Fall in Love", "Kobayashi Akiko", "markup"),
        ("Ruby no Yubiwa", "Terao Akira", "markup"),
        ("Kanashimi ni Sayonara", "Anzen Chitai", "markup"),
    ]


def test_a_slash_inside_a_name_or_a_number_is_no_separator() -> None:
    assert split("Highway to HellAC/DC")[:2] == ("Highway to Hell", "AC/DC")
    assert split("1/2Kawamoto Makoto")[:2] == ("1/2", "Kawamoto Makoto")


def test_a_numbered_lists_number_is_the_rank() -> None:
    h = parse_heading("3. Lagtraininabakumori")
    assert (h.rank, h.core) == (3, "Lagtraininabakumori")
    assert parse_heading("99.9Kawamoto Makoto").rank is None  # no space: part of the title


def test_a_space_next_to_japanese_is_a_boundary_unless_a_name_starts_later() -> None:
    # NFKC turns a full-width space into a plain one: "マリーゴールド　あいみょん"
    assert split("マリーゴールド あいみょん", lang="ja")[:2] == ("マリーゴールド", "あいみょん")
    assert split("紅蓮華 LiSA", lang="ja")[:2] == ("紅蓮華", "LiSA")  # a name's own capitals
    # a title with a space of its own: the surname after it starts the artist, even when the
    # description quotes the title's first half (the game it comes from)
    title, artist, _ = split(
        "ゼルダの伝説 メインテーマ近藤浩治",
        description="『ゼルダの伝説』のために書かれた、冒険の始まりを告げる曲です。",
        lang="ja",
    )
    assert (title, artist) == ("ゼルダの伝説 メインテーマ", "近藤浩治")


@pytest.mark.parametrize(
    ("first", "second", "title", "artist"),
    [
        ("Marigold", " – Aimyon", "Marigold", "Aimyon"),  # <b>Title</b> – Artist
        ("Marigold", " by Aimyon", "Marigold", "Aimyon"),  # <strong>Title</strong> by Artist
        ("Marigold /", " Aimyon", "Marigold", "Aimyon"),  # <b>Title /</b> Artist
        ("“Marigold”", " Aimyon", "Marigold", "Aimyon"),  # “<q>Title</q>” <cite>Artist</cite>
        ("Marigold", " (Aimyon)", "Marigold", "Aimyon"),  # Title <small>(Artist)</small>
        ("Sakura (Solo)", "Moriyama Naotaro", "Sakura (Solo)", "Moriyama Naotaro"),
    ],
)
def test_two_text_parts_lose_the_separator_between_them(
    first: str, second: str, title: str, artist: str
) -> None:
    h = parse_heading(first + second, (Piece("part", first), Piece("part", second)))
    assert (h.title_piece, h.artist_piece) == (title, artist)


def test_a_page_writing_title_then_artist_in_brackets_splits_there() -> None:
    from parsers import parse_page

    page = (
        "Reiwa hits to sing\n\nA few songs from recent years for a night of karaoke.\n\n"
        "Reiwa hits to sing (1–3)\nMarigold (Aimyon)\n\n"
        "A 2018 single that grew into a standard of the era.\n\n"
        "Sakura (Solo) (Moriyama Naotaro)\n\nA 2003 graduation song sung across the country.\n\n"
        "Dry Flower (Yuuri)\n\nA 2020 ballad that stayed on the charts for years.\n"
    )
    assert [(r.title, r.artist) for r in parse_page(page).records] == [
        ("Marigold", "Aimyon"),
        ("Sakura (Solo)", "Moriyama Naotaro"),
        ("Dry Flower", "Yuuri"),
    ]


def test_a_page_writing_artist_first_is_read_so_by_its_evidence() -> None:
    from parsers import parse_page

    # names the lexicon does not know: the descriptions quote the titles
    songs = [("Open Road", "Kite Runners"), ("Night Highway", "Luna Vale"), ("Tidewater", "Moss")]
    body = "".join(
        f"{artist} – {title}\n\n“{title}” is a song for the last hour of a long drive.\n\n"
        for title, artist in songs
    )
    page = "Driving songs\n\nSome picks for the road.\n\nDriving songs (1–3)\n" + body
    assert [(r.title, r.artist) for r in parse_page(page).records] == songs


def test_japanese_artist_then_bracketed_title() -> None:
    from parsers import parse_page

    songs = [
        ("マリーゴールド", "あいみょん"),
        ("夜に駆ける", "YOASOBI"),
        ("ドライフラワー", "優里"),
    ]
    body = "".join(f"{a}「{t}」\n\n多くの人に歌われている曲です。\n\n" for t, a in songs)
    page = "令和のヒット曲\n\nおすすめの曲を紹介します。\n\n" + body
    assert [(r.title, r.artist) for r in parse_page(page).records] == songs


def test_no_page_tail_starts_inside_a_capitalised_word() -> None:
    from parsers.split.evidence import PageCores

    cores = PageCores(["Peace SignKenshi Yonezu", "FireworksDAOKO × Kenshi Yonezu"])
    # "enshi yonezu" ends both, glued to a K: the end of a word, not a name glued on
    assert not cores.glued_elsewhere("enshi yonezu", "Peace SignKenshi Yonezu")
    lower = PageCores(["Companions of the Herosugiyama kouichi", "Overturesugiyama kouichi"])
    assert lower.glued_elsewhere("sugiyama kouichi", "Overturesugiyama kouichi")


def test_a_name_other_headings_share_starts_at_its_word_not_inside_it() -> None:
    """The page's headings share "Kenshi Yonezu" (and so "shi Yonezu"): in a collaboration's
    heading the shared name starts at its word, so no cut inside "Kenshi" is proved by it."""
    from parsers.split.evidence import PageCores

    cores = ["KICK BACKKenshi Yonezu", "Peace SignKenshi Yonezu", "FireworksDAOKO × Kenshi Yonezu"]
    ev = Evidence(lang="en", description="Still loved today.", page_cores=PageCores(cores))
    s = split_core(cores[2], ev)
    assert (s.title, s.artist) == ("Fireworks", "DAOKO × Kenshi Yonezu")
    lower = ["Hanabiaiko", "Boyfriendaiko"]  # a lower-case name glued to a lower-case word
    s = split_core(lower[0], Evidence(lang="en", page_cores=PageCores(lower)))
    assert s.artist is not None and s.artist.endswith("aiko")


def test_a_separator_beside_a_new_badge_is_no_part_of_the_artist() -> None:
    h = parse_heading("LagtrainNEW! / inabakumori")
    assert (h.title_piece, h.artist_piece, h.is_new) == ("Lagtrain", "inabakumori", True)


@pytest.mark.parametrize(
    ("heading", "title", "artist"),
    [
        ("Jumping50 Cent", "Jumping", "50 Cent"),  # an artist that opens with digits
        ("Love Song2 Unlimited", "Love Song", "2 Unlimited"),
        ("Kimi no Na wa?04 Limited Sazabys", "Kimi no Na wa?", "04 Limited Sazabys"),
        ("Heavy RotationAKB48", "Heavy Rotation", "AKB48"),  # letters and digits, one name
        ("Ichigo Ichie Vol.3", "Ichigo Ichie Vol.3", None),  # a volume number is the title's
    ],
)
def test_digits_after_a_word_may_open_the_artist(
    heading: str, title: str, artist: str | None
) -> None:
    assert split(heading)[:2] == (title, artist)


@pytest.mark.parametrize(
    ("core", "title", "artist"),
    [
        ("Chiisana Koi no UtaMONGOL800", "Chiisana Koi no Uta", "MONGOL800"),
        ("Tsunami no YukueSKE48", "Tsunami no Yukue", "SKE48"),
        ("Koisuru Fortune CookieAKB48", "Koisuru Fortune Cookie", "AKB48"),
    ],
)
def test_a_name_of_capitals_and_digits_glued_to_a_small_letter_is_the_artist(
    core: str, title: str, artist: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unknown names too (no lexicon): digits make "AKB48" one word, not "YukueSKE48"."""
    import parsers.split.evidence as evidence

    monkeypatch.setattr(evidence, "_lexicon", lambda: frozenset())
    evidence.well_known.cache_clear()
    try:
        s = split_core(core, Evidence(lang="en"))
    finally:
        evidence.well_known.cache_clear()
    assert (s.title, s.artist) == (title, artist)


def test_a_heading_too_long_to_split_is_read_for_no_separator() -> None:
    from parsers.split.separators import SEPARATORS, page_separator

    long = " / ".join(["word"] * 300) + "Artist"
    assert page_separator([long, long]) is None
    assert all(sep.split(long) is None for sep in SEPARATORS)
