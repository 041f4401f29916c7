"""English edition (/en-us/): phrases the descriptions use."""

from __future__ import annotations

LANG = "en"

MONTHS = {
    m: i + 1
    for i, ms in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in ms
}

# A sentence that dates the song's own release.
RELEASE_WORDS = (
    r"releas|came out|issued|debut|single|dropp?ed|created|written|launched|put out|"
    r"published|unveiled|announced|delivered|arriv|came to|hit the|out in|on sale|hit stores|"
    r"(?:hit|song|track|single|number|classic) from|"
    r"\b\d{4}(?:\s[a-z-]+){0,2}\s(?:hit|ballad|single|song|number|track|release|classic|debut)\b"
)
STRONG_RELEASE_WORDS = (
    r"releas|came out|issued|dropp?ed|put out|hit the shelves|out in|went on sale|hit stores"
)
# A date in the same sentence then is probably not the song's own release.
NOT_RELEASE_WORDS = (
    r"re-?releas|reissue|remaster|re-?record|anniversary|remix|cover(?:ed)? by|covered|"
    r"Kōhaku|Kohaku|aired|broadcast|perform|live at|tour\b|concert|formed|born in|was born|passed away|died|"
    r"went on hiatus|disband|festival|\blater\b|"
    r"(?:film|movie)\b[^,.;]{0,40}\b(?:was released|premiered|hit theaters)"
)
CHART_WORDS = r"chart|No\. ?\d|ranked|Oricon|topped|number one|million|sold|sales|Billboard"
ALBUM_WORDS = r"\balbum\b|\bEP\b|compilation"

# Tie-ins: the phrase that introduces the work, and the kind its words give away.
TIE_IN_TRIGGERS = (
    r"\b(?:theme song|theme music|theme|CM song|commercial song|commercials?|CM|"
    r"insert song|insert music|opening|ending|image song|tie-in|support song|"
    r"used (?:as|in|for|during)|featured (?:in|as)|soundtrack|cheer song|"
    r"BGM|background music|jingle|official song|"
    r"(?:plays|played|debuted|appears|appeared)(?: in-game)? (?:in|during)|"
    r"inspired (?:the|a|an)|based on (?:the|this) song)\b"
)
KIND_WORDS = [
    ("anime", r"\banime|animated|animation"),
    ("drama", r"\bdrama|dorama|serial|telenovela|asadora|morning drama"),
    ("film", r"\bfilm|movie|cinema"),
    ("commercial", r"\bCM\b|commercial|\bad\b|advert|campaign"),
    ("game", r"\bgame|Dragon Quest|PlayStation|Nintendo|Persona"),
    ("radio", r"\bradio"),
    ("event", r"tournament|championship|Olympic|Games\b|festival|baseball|rugby|event|Expo"),
    ("tv", r"\bTV\b|television|program|programme|show|variety|NHK|segment|news"),
]
BROADCASTERS = (
    r"NHK(?: General TV| E-?TV)?|Fuji TV|Fuji Television|TBS|TV Asahi|Nippon TV|NTV|"
    r"TV Tokyo|Kansai TV|MBS|ABC|YTV|Yomiuri TV|CX|WOWOW|Netflix|Toho|Toei|Shochiku|"
    r"Studio Ghibli|Tokyo Broadcasting System"
)

# Awards: a named prize (Grand Prix, ... Award) at a ceremony.
AWARD_PRIZE = (
    r"Grand Prix|Grand Prize|Best New Artist(?: Award)?|New Artist Award|Gold Prize|"
    r"Excellence Award|Excellent Work Award|Vocalist Prize|Vocal(?:ist)? Award|"
    r"Lyricist Award|Composer Award|Arranger Award|Special Award|Planning Award|"
    r"(?:Song|Record|Album|Video|Artist|Single) of the Year|"
    r"Best (?:[A-Z][\w’'-]*|of|and|for)(?: (?:[A-Z][\w’'-]*|of|and|for)){0,4}|"
    r"(?:[Ff]irst|[Ss]econd|[Tt]hird|[Tt]op) [Pp]rize|"
    r"(?:[A-Z][\w’'-]*\s){0,4}(?:Award|Prize)"
)
AWARD_CEREMONY = (
    r"(?:the\s)?(?:\d{1,3}(?:st|nd|rd|th)\s)?(?:Japan Record Awards?|Japan Gold Disc Awards?|"
    r"Television Drama Academy Awards|Grammy(?: Awards)?|MTV Video Music Awards(?: Japan)?|"
    r"Space Shower Music Awards|Japan Cable Awards|Japan Music Awards|Yamaha Popular Song Contest|"
    r"World Popular Song Festival|Japan Academy (?:Film )?Prize|All Japan Cable Broadcasting Awards|"
    r"Japan Lyricist Awards|FNS Music Festival|(?:[A-Z][\w’'-]+\s){1,5}Awards)"
)
AWARD_VERBS = (
    r"\b(?:won|win|winning|winner|received|receiving|earned|earning|awarded|took|taking|garnered|"
    r"claimed|honou?red|picked up)\b"
)
NOT_AWARD = r"Kōhaku|Kohaku|chart|nominat"
