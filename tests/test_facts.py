"""Release month, tie-ins and awards from descriptions."""

from __future__ import annotations

import pytest

from parsers.facts.awards import extract_awards
from parsers.facts.release import extract_release
from parsers.facts.sentences import split_sentences
from parsers.facts.tie_ins import extract_tie_ins


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Released as a single in September 2006, it showcases her voice.", "2006-09"),
        ("Since its release in September 2023, it has drawn attention.", "2023-09"),
        ("Released by Aimyon in May 2024, it was selected as a theme song.", "2024-05"),
        ("Created by Mr.Children in December 1992, the song is marked by key changes.", "1992-12"),
        ("Released on October 14, 2004, this is Kobukuro’s 10th single.", "2004-10"),
        ("It’s a track featured on his 2018 album.", "2018"),
        ("The song reached No. 1 in 1983 and stayed there.", None),
        ("Released in the late 1980s, this song marked a new era.", None),
        ("A support song for “Let’s Do It Together 2020,” a joint project.", None),
        (
            "Released in September 1980, it was re-recorded in 1988 and became a major hit.",
            "1980-09",
        ),
        ("He lost his voice due to an accident in 1989.", None),
        ("2004年3月にシングルとしてリリースされました。", "2004-03"),
        ("A hit from 1983, it reached No. 1 in 1984.", "1983"),
        ("The song, which was released in Aug. 2019, was a hit.", "2019-08"),
        ("They formed in 1995 and released this song in May 2000.", "2000-05"),
        ("The song was written in 1970 and released in 1971.", "1971"),
        ("Digitally released on 2021/10/13, the song charted.", "2021-10"),
        ("Sortie en janvier 1972, cette chanson reste célèbre.", "1972-01"),
        ("Das im Juli 2016 veröffentlichte Werk wurde ein Hit.", "2016-07"),
        ("", None),
    ],
)
def test_release(text: str, want: str | None) -> None:
    lang = "ja" if "年" in text else "fr" if "Sortie" in text else "de" if "Werk" in text else "en"
    assert extract_release(text, lang) == want


def test_release_never_invents_a_day() -> None:
    assert extract_release("Released on April 21, 2004 as the 13th single.") == "2004-04"


def test_quoted_tie_ins_with_broadcaster_and_kind() -> None:
    text = (
        "It was featured as the CM song for au’s “LISMO” and as the theme song for "
        "NHK General TV’s “Tsunagaru TV @ Human,” and it won an award."
    )
    ties = extract_tie_ins(text)
    assert [t.name for t in ties] == ["LISMO", "Tsunagaru TV @ Human"]
    assert ties[0].kind == "commercial"
    assert ties[1].by == "NHK General TV"


def test_unquoted_film_and_commercial() -> None:
    ties = extract_tie_ins(
        "It was used as the theme song for the Toho-distributed animated film BLEACH: "
        "Memories of Nobody. It became a hit after being featured in a Sanyo Electric TV commercial."
    )
    texts = [t.text for t in ties]
    assert "Toho-distributed animated film BLEACH: Memories of Nobody" in texts
    assert "Sanyo Electric TV commercial" in texts
    assert {t.kind for t in ties} == {"anime", "commercial"}


def test_album_quotes_are_not_tie_ins() -> None:
    assert extract_tie_ins("The track is also included on the album “Neko ni Jealousy.”") == []


def test_a_show_the_artist_appeared_on_is_not_a_tie_in() -> None:
    assert extract_tie_ins("It was also featured on TBS’s popular show “Music Hour.”") == []


def test_segment_of_a_programme_is_one_tie_in() -> None:
    ties = extract_tie_ins(
        "It was selected as the theme song for the popular segment “Mirai Nikki III” "
        "on the TV program “U-nan no Hontoko!,” becoming a classic."
    )
    assert len(ties) == 1 and "Mirai Nikki III" in ties[0].text and "Hontoko" in ties[0].text


def test_awards_with_edition_and_ceremony() -> None:
    (award,) = extract_awards("It won the Best New Artist Award at the 48th Japan Record Awards.")
    assert (award.name, award.ceremony, award.edition) == (
        "Best New Artist Award",
        "Japan Record Awards",
        48,
    )


def test_charts_and_kohaku_are_not_awards() -> None:
    text = (
        "It reached No. 1 on the Oricon chart. It won a spot on the Kōhaku Uta Gassen. "
        "It won numerous music awards."
    )
    assert extract_awards(text) == []


def test_sentences_do_not_split_inside_quotes_or_after_no() -> None:
    text = "It was on “It’s 8 O’Clock! All Gather ’Round” often. It reached No. 1 on the chart."
    assert split_sentences(text) == [
        "It was on “It’s 8 O’Clock! All Gather ’Round” often.",
        "It reached No. 1 on the chart.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "It was used in numerous TV commercials.",
        "It was chosen as the theme song for the NHK drama, which aired that spring.",
        "The song was featured in a Japanese commercial.",
    ],
)
def test_unnamed_works_are_not_tie_ins(text: str) -> None:
    assert extract_tie_ins(text) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "It earned the Excellent Work Award at the 49th Japan Record Awards and the Song of "
            "the Year at the MTV Video Music Awards Japan.",
            [
                ("Excellent Work Award", "Japan Record Awards", 49),
                ("Song of the Year", "MTV Video Music Awards Japan", None),
            ],
        ),
        (
            "It picked up the Grammy Award for Best Pop Vocal Album.",
            [("Best Pop Vocal Album", "Grammy", None)],
        ),
        (
            "It won the Japan Record Awards’ Vocalist Prize that year.",
            [("Vocalist Prize", "Japan Record Awards", None)],
        ),
    ],
)
def test_award_phrasings(text: str, want: list[tuple[str, str, int | None]]) -> None:
    assert [(a.name, a.ceremony, a.edition) for a in extract_awards(text)] == want


def test_japanese_film_of_the_same_name_is_a_tie_in() -> None:
    ties = extract_tie_ins(
        "2020年にはこの曲をモチーフにした映画『糸』が公開されました。", "ja", "糸"
    )
    assert [t.name for t in ties] == ["糸"] and ties[0].kind == "film"


def test_japanese_release_is_the_first_appearance() -> None:
    text = (
        "1988年発表のアルバム『LET’S GET CRAZY』に収録され、のちに1989年のシングル『Diamonds』の"
        "カップリング曲となりました。2020年には映画『糸』が公開されました。"
    )
    assert extract_release(text, "ja") == "1988"


def test_quoted_and_unquoted_tie_ins_in_one_sentence() -> None:
    ties = extract_tie_ins(
        "It was an insert song in the Fuji TV drama “Pure” and used in NTT Docomo commercials."
    )
    assert [t.text for t in ties] == ["Fuji TV drama “Pure”", "NTT Docomo commercials"]


def test_appositive_name_completes_a_generic_phrase() -> None:
    (tie,) = extract_tie_ins(
        "Chosen as the image song for Nippon TV’s baseball broadcasts, ’95 Pro Yakyu Special, "
        "it became a hit."
    )
    assert "’95 Pro Yakyu Special" in tie.text


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("It was also used as the theme song for a film of the same name.", 1),
        ("It was the theme song for a film based on a popular comic of the same name.", 0),
    ],
)
def test_same_name_works(text: str, count: int) -> None:
    assert len(extract_tie_ins(text)) == count


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A 2003 ballad that became a winter standard.", "2003"),
        ("A 1986 enka hit sung in a mournful northern voice.", "1986"),
    ],
)
def test_year_before_the_kind_of_record(text: str, want: str) -> None:
    assert extract_release(text) == want


def test_film_named_before_the_trigger_by_a_back_reference() -> None:
    ties = extract_tie_ins(
        "It was released two days before “Mugen Train” opened in theaters, and served as that "
        "film’s theme song."
    )
    assert [t.name for t in ties] == ["Mugen Train"]


def test_an_earlier_song_named_after_a_win_is_not_a_tie_in() -> None:
    ties = extract_tie_ins(
        "It was the theme song for the Fuji TV drama “Virgin Road,” and it won the Grand Prix, "
        "her second in a row after “Don’t wanna cry.”"
    )
    assert [t.name for t in ties] == ["Virgin Road"]


def test_works_the_song_inspired_are_tie_ins() -> None:
    (tie,) = extract_tie_ins("In 2020 it inspired the film “Ito” starring Masaki Suda.")
    assert (tie.name, tie.kind) == ("Ito", "film")
    assert extract_tie_ins("It was inspired by the novel “Snow Country.”") == []


def test_award_named_in_a_review_line() -> None:
    (award,) = extract_awards("Winner of the Grand Prix at the 41st Japan Record Awards")
    assert (award.name, award.edition) == ("Grand Prix", 41)


def test_possessive_brand_commercial_and_japanese_cm_song() -> None:
    (tie,) = extract_tie_ins("Written for Shiseido’s summer cosmetics commercial, it was a hit.")
    assert (tie.kind, tie.name) == ("commercial", "Shiseido’s summer cosmetics")
    (ja,) = extract_tie_ins("カネボウ化粧品のCMソングとして大ヒットしました。", "ja")
    assert (ja.kind, ja.name) == ("commercial", "カネボウ化粧品")


def test_went_on_sale_dates_the_release() -> None:
    assert extract_release("It went on sale in January 1996 and sold two million.") == "1996-01"
