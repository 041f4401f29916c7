"""Japanese edition (root path): phrases the descriptions use."""

from __future__ import annotations

from parsers.sites._phrases import Phrases

PHRASES = Phrases(
    lang="ja",
    months={},
    release_words=r"発売|リリース|発表|公開|配信|シングル|デビュー|収録",
    not_release_words=(
        r"再発|リマスター|周年|放送|出場|結成|誕生|ライブ|ツアー|カバー|"
        r"(?:映画|劇場版|ドラマ)[^、。]{0,30}(?:公開|放送)|のちに|その後|後年"
    ),
    # The text right after a date says it dates something else: "1986年発売のファミコンソフト"
    # (a date before の and a noun is that noun's: the game's).
    date_after_other=(
        r"^(?:\d{1,2}月)?(?:\d{1,2}日)?(?:に?(?:発売|公開|放送|開催|開始|放映|稼働)(?:された|した)?)?の"
        r"(?!シングル|曲|楽曲|ナンバー|アルバム)[^、。『「]{0,10}?"
        r"(?:映画|劇場|ドラマ|アニメ|ソフト|ゲーム|番組|大会|オリンピック|ツアー|コンサート|CM|舞台|ミュージカル)"
    ),
    # A date in a clause whose predicate is one of these (and no release word) dates that event:
    # "1983年にはTBS系ドラマ『…』の主題歌にも使われました", "1990年に紅白に出場".
    date_clause_other=(
        r"使われ|使用され|起用され|選ばれ|放送され|放映され|公開され|受賞|出場|結成|獲得|1位|"
        r"ヒットし|再録|カバー"
    ),
    # A month or year given by reference to the date before it: "同年7月に発売", "翌年".
    reference_date=r"(?:(?P<same>同年)|(?P<next>翌年))(?:(?P<mnum>\d{1,2})月)?",
    chart_words=r"チャート|オリコン|位|ランキング|万枚",
    album_words=r"アルバム",
    tie_in_triggers=(
        r"主題歌|テーマ|CM|タイアップ|挿入歌|オープニング|エンディング|イメージソング|起用|応援ソング|"
        r"使用|使われ|流れ|BGM|ゲーム|番組|サウンドトラック|モチーフ|劇中歌|映画化|ドラマ化|"
        r"キャンペーンソング|"
        # game music: "ドラクエIIでのフィールド曲", "…との戦闘BGM"
        r"(?:フィールド|戦闘|バトル|ボス|町|街|城|ダンジョン|エンディング)(?:曲|BGM|テーマ)"
    ),
    # An unquoted event, broadcast or campaign before its theme-song word: "NHKのアテネオリンピック
    # 放送のテーマソング", "NHK平昌オリンピック・パラリンピック放送テーマソング".
    unquoted_event=(
        r"(?P<name>[^\s、。『』「」()（）]{2,30}?(?:大会|オリンピック|パラリンピック|甲子園|放送|中継|"
        r"キャンペーン|ワールドカップ|選手権|博覧会))の?(?:公式)?(?:テーマソング|テーマ曲|主題歌|"
        r"イメージソング|応援ソング|キャンペーンソング|大会歌|ソング)"
    ),
    # A quoted name right after one of these is a work the song is tied to: "映画『糸』".
    work_before_quote=r"(?:映画|ドラマ|アニメ|CM|番組|ゲーム|シリーズ|劇場版)$",
    # Tie-ins are quoted before the trigger ("ドラマ『X』の主題歌"): any quote of a trigger sentence.
    quotes_anywhere=True,
    kind_words=(
        ("anime", r"アニメ"),
        ("drama", r"ドラマ|シリーズ"),
        ("film", r"映画|劇場"),
        ("commercial", r"CM|コマーシャル|キャンペーン"),
        ("game", r"ゲーム|ドラゴンクエスト|ドラクエ"),
        ("radio", r"ラジオ"),
        ("event", r"大会|オリンピック|パラリンピック|甲子園|選手権|ワールドカップ|博覧会"),
        ("tv", r"番組|テレビ|放送"),
    ),
    broadcasters=r"NHK|フジテレビ|TBS|テレビ朝日|日本テレビ|テレビ東京|関西テレビ",
    award_prize=r"(?:最優秀新人賞|新人賞|大賞|金賞|優秀作品賞|特別賞|[^\s『』「」、。をでにはがもと]{1,12}賞)",
    # between a ceremony and its prize: "日本レコード大賞で歌唱賞", "レコード大賞の作曲賞"
    award_join=r"(?:で|では|において|の)?",
    # a prize in running text before the verb, its ceremony optional: "…で有線音楽優秀賞を受賞"
    award_prize_won=(
        r"(?:(?P<cer>[^\s、。『』「」をにはがも]{2,20}?(?:大賞|賞|アワード|グランプリ|コンテスト|祭))"
        r"(?:で|では|の|において))?(?P<prize>[^\s、。『』「」をでにはがもの]{2,16}賞)を(?:受賞|獲得)"
    ),
    award_artist_subject=r"(?:さん|氏|自身|彼女|彼|本人)(?:自身)?[はが]|(?:彼女|彼)(?:自身)?[はが]",
    award_song_subject=r"(?:この曲|同曲|本作|この作品|本曲|この楽曲|同作)[はがで]",
    award_ceremony=r"(?:第\d+回)?(?:日本レコード大賞|日本ゴールドディスク大賞|ザテレビジョンドラマアカデミー賞|日本有線大賞)",
    award_verbs=r"受賞|獲得|輝|選ばれ|選出",
    not_award=r"紅白|チャート|ノミネート|候補",
)
