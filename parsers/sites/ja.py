"""Japanese edition (root path): phrases the descriptions use."""

from __future__ import annotations

LANG = "ja"
MONTHS: dict[str, int] = {}
RELEASE_WORDS = r"発売|リリース|発表|公開|配信|シングル|デビュー|収録"
NOT_RELEASE_WORDS = (
    r"再発|リマスター|周年|放送|出場|結成|誕生|ライブ|ツアー|カバー|"
    r"(?:映画|劇場版|ドラマ)[^、。]{0,30}(?:公開|放送)|のちに|その後|後年"
)
# The text right after a date says it dates something else: "1986年発売のファミコンソフト"
# (a date before の and a noun is that noun's: the game's).
DATE_AFTER_OTHER = (
    r"^(?:\d{1,2}月)?(?:\d{1,2}日)?(?:に?(?:発売|公開|放送|開催|開始|放映|稼働)(?:された|した)?)?の"
    r"(?!シングル|曲|楽曲|ナンバー|アルバム)[^、。『「]{0,10}?"
    r"(?:映画|劇場|ドラマ|アニメ|ソフト|ゲーム|番組|大会|オリンピック|ツアー|コンサート|CM|舞台|ミュージカル)"
)
# A date in a clause whose predicate is one of these (and no release word) dates that event:
# "1983年にはTBS系ドラマ『…』の主題歌にも使われました", "1990年に紅白に出場".
DATE_CLAUSE_OTHER = (
    r"使われ|使用され|起用され|選ばれ|放送され|放映され|公開され|受賞|出場|結成|獲得|1位|"
    r"ヒットし|再録|カバー"
)
# A month or year given by reference to the date before it: "同年7月に発売", "翌年".
REFERENCE_DATE = r"(?:(?P<same>同年)|(?P<next>翌年))(?:(?P<mnum>\d{1,2})月)?"
CHART_WORDS = r"チャート|オリコン|位|ランキング|万枚"
ALBUM_WORDS = r"アルバム"
TIE_IN_TRIGGERS = (
    r"主題歌|テーマ|CM|タイアップ|挿入歌|オープニング|エンディング|イメージソング|起用|応援ソング|"
    r"使用|使われ|流れ|BGM|ゲーム|番組|サウンドトラック|モチーフ|劇中歌|映画化|ドラマ化|"
    r"キャンペーンソング|"
    # game music: "ドラクエIIでのフィールド曲", "…との戦闘BGM"
    r"(?:フィールド|戦闘|バトル|ボス|町|街|城|ダンジョン|エンディング)(?:曲|BGM|テーマ)"
)
# An unquoted event, broadcast or campaign before its theme-song word: "NHKのアテネオリンピック
# 放送のテーマソング", "NHK平昌オリンピック・パラリンピック放送テーマソング".
UNQUOTED_EVENT = (
    r"(?P<name>[^\s、。『』「」()（）]{2,30}?(?:大会|オリンピック|パラリンピック|甲子園|放送|中継|"
    r"キャンペーン|ワールドカップ|選手権|博覧会))の?(?:公式)?(?:テーマソング|テーマ曲|主題歌|"
    r"イメージソング|応援ソング|キャンペーンソング|大会歌|ソング)"
)
# A quoted name right after one of these is a work the song is tied to: "映画『糸』".
WORK_BEFORE_QUOTE = r"(?:映画|ドラマ|アニメ|CM|番組|ゲーム|シリーズ|劇場版)$"
# Tie-ins are quoted before the trigger ("ドラマ『X』の主題歌"): any quote of a trigger sentence.
QUOTES_ANYWHERE = True
KIND_WORDS = [
    ("anime", r"アニメ"),
    ("drama", r"ドラマ|シリーズ"),
    ("film", r"映画|劇場"),
    ("commercial", r"CM|コマーシャル|キャンペーン"),
    ("game", r"ゲーム|ドラゴンクエスト|ドラクエ"),
    ("radio", r"ラジオ"),
    ("event", r"大会|オリンピック|パラリンピック|甲子園|選手権|ワールドカップ|博覧会"),
    ("tv", r"番組|テレビ|放送"),
]
BROADCASTERS = r"NHK|フジテレビ|TBS|テレビ朝日|日本テレビ|テレビ東京|関西テレビ"
AWARD_PRIZE = (
    r"(?:最優秀新人賞|新人賞|大賞|金賞|優秀作品賞|特別賞|[^\s『』「」、。をでにはがもと]{1,12}賞)"
)
# between a ceremony and its prize: "日本レコード大賞で歌唱賞", "レコード大賞の作曲賞"
AWARD_JOIN = r"(?:で|では|において|の)?"
# a prize in running text before the verb, its ceremony optional: "…で有線音楽優秀賞を受賞"
AWARD_PRIZE_WON = (
    r"(?:(?P<cer>[^\s、。『』「」をにはがも]{2,20}?(?:大賞|賞|アワード|グランプリ|コンテスト|祭))"
    r"(?:で|では|の|において))?(?P<prize>[^\s、。『』「」をでにはがもの]{2,16}賞)を(?:受賞|獲得)"
)
AWARD_ARTIST_SUBJECT = r"(?:さん|氏|自身|彼女|彼|本人)(?:自身)?[はが]|(?:彼女|彼)(?:自身)?[はが]"
AWARD_SONG_SUBJECT = r"(?:この曲|同曲|本作|この作品|本曲|この楽曲|同作)[はがで]"
AWARD_CEREMONY = r"(?:第\d+回)?(?:日本レコード大賞|日本ゴールドディスク大賞|ザテレビジョンドラマアカデミー賞|日本有線大賞)"
AWARD_VERBS = r"受賞|獲得|輝|選ばれ|選出"
NOT_AWARD = r"紅白|チャート|ノミネート|候補"
