"""Japanese edition (root path): phrases the descriptions use."""

from __future__ import annotations

LANG = "ja"
MONTHS: dict[str, int] = {}
RELEASE_WORDS = r"発売|リリース|発表|公開|配信|シングル|デビュー|収録"
NOT_RELEASE_WORDS = (
    r"再発|リマスター|周年|放送|出場|結成|誕生|ライブ|ツアー|カバー|"
    r"(?:映画|劇場版|ドラマ)[^、。]{0,30}(?:公開|放送)|のちに|その後|後年"
)
CHART_WORDS = r"チャート|オリコン|位|ランキング|万枚"
ALBUM_WORDS = r"アルバム"
TIE_IN_TRIGGERS = (
    r"主題歌|テーマ|CM|タイアップ|挿入歌|オープニング|エンディング|イメージソング|起用|応援ソング|"
    r"使用|流れ|BGM|ゲーム|番組|サウンドトラック|モチーフ|劇中歌|映画化|ドラマ化"
)
# A quoted name right after one of these is a work the song is tied to: "映画『糸』".
WORK_BEFORE_QUOTE = r"(?:映画|ドラマ|アニメ|CM|番組|ゲーム|シリーズ|劇場版)$"
# Tie-ins are quoted before the trigger ("ドラマ『X』の主題歌"): any quote of a trigger sentence.
QUOTES_ANYWHERE = True
KIND_WORDS = [
    ("anime", r"アニメ"),
    ("drama", r"ドラマ|シリーズ"),
    ("film", r"映画|劇場"),
    ("commercial", r"CM|コマーシャル"),
    ("game", r"ゲーム|ドラゴンクエスト|ドラクエ"),
    ("radio", r"ラジオ"),
    ("event", r"大会|オリンピック|甲子園"),
    ("tv", r"番組|テレビ|放送"),
]
BROADCASTERS = r"NHK|フジテレビ|TBS|テレビ朝日|日本テレビ|テレビ東京|関西テレビ"
AWARD_PRIZE = r"(?:最優秀新人賞|新人賞|大賞|金賞|優秀作品賞|特別賞|[^\s『』「」、。]{1,12}賞)"
AWARD_CEREMONY = r"(?:第\d+回)?(?:日本レコード大賞|日本ゴールドディスク大賞|ザテレビジョンドラマアカデミー賞|日本有線大賞)"
AWARD_VERBS = r"受賞|獲得|輝"
NOT_AWARD = r"紅白|チャート|ノミネート"
