"""English edition (/en-us/): phrases the descriptions use."""

from __future__ import annotations

from parsers.sites._phrases import Phrases

PHRASES = Phrases(
    lang="en",
    months={
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
    },
    # A sentence that dates the song's own release.
    release_words=(
        r"releas|came out|issued|debut(?:ed)? (?:single|song|track|work|number|EP|album)|"
        r"debuted with|single|dropp?ed|created|written|launched|put out|"
        r"published|unveiled|announced|delivered|arriv|came to|hit the|out in|on sale|hit stores|"
        r"reached (?:stores|shops|record stores|the shelves)|in stores|"
        r"was born|"
        r"(?:hit|song|track|single|number|classic) from|"
        r"\b\d{4}(?:\s[a-z-]+){0,2}\s(?:hit|ballad|single|song|number|track|release|classic|debut)\b"
    ),
    strong_release_words=(
        r"releas|came out|issued|dropp?ed|put out|hit the shelves|out in|went on sale|hit stores|"
        r"reached (?:stores|shops|record stores|the shelves)"
    ),
    # A date in the same sentence then is probably not the song's own release.
    not_release_words=(
        r"re-?releas|reissue|remaster|re-?record|anniversary|remix|cover(?:ed)? by|covered|"
        r"Kōhaku|Kohaku|aired|broadcast|perform|live at|tour\b|concert|formed|"
        # a person's birth, not "a song ... was born"
        r"(?:\b(?:he|she|they|who)|(?-i:\b[A-Z][a-z]+)) was born\b|\bborn (?:in|on)\b|passed away|died|"
        r"went on hiatus|disband|festival|\blater\b|followed in|"
        # the artist's debut or a member's departure, not the song's release
        r"(?:her|his|their|the group’s|the band’s|major|solo) debut\b(?!\s(?:single|song|track|work|"
        r"number|EP|album))|debut(?:ed)? in\b|since (?:her|his|their) debut|"
        r"\bleft the (?:group|band|unit)|graduated from|departure|withdrew|joined the (?:group|band)|"
        r"(?:film|movie)\b[^,.;]{0,40}\b(?:was released|premiered|hit theaters)"
    ),
    # The first of two releases: "first released in 1979 on the album, then issued as a single".
    original_release=r"\b(?:first|originally|initially)\s(?:released|issued|appeared|came out|put out)",
    # What a date right before or after it attaches to ("the 1986 film", "her 2019 album", "the
    # audition in 1997"): a word of these right next to the date says whose date it is.
    date_owner_song=r"hits?|ballads?|singles?|songs?|numbers?|tracks?|releases?|classics?|debut single",
    date_owner_other=(
        r"films?|movies?|dramas?|anime|series|shows?|programs?|programmes?|commercials?|campaigns?|"
        r"ads?|games?|titles?|tournaments?|Olympics|Olympic Games|World Cup|Games|Expo|auditions?|"
        r"contests?|competitions?|tours?|concerts?|festivals?|Kōhaku|Kohaku|charts?|rankings?|"
        r"awards?|ceremony|remakes?|reissues?|covers?|versions?|remasters?|editions?|broadcasts?|"
        r"coverage|season|debut|formation|reunion|anniversary|hiatus|Famicom|PlayStation|Nintendo"
    ),
    # A word of these just before the date (no release word between) says it dates something
    # else: "topped the Billboard Hot 100 in June 1963", "left the group in April 2000".
    date_governor_other=(
        r"aired|broadcast|premiered|topped|peaked|ranked|charted|reached|spent|won|winning|received|"
        r"earned|formed|left|joined|disbanded|performed|sang|sung|appeared|appearance|adapted|"
        r"covered|remade|re-?released|reissued|remastered|re-?recorded|revived|audition|film|movie|"
        r"drama|anime|show|program|programme|series|commercial|campaign|Olympics|Games|Cup|"
        r"tournament|contest|competition|festival|concert|tour|Kōhaku|Kohaku|chart|charts|Hot 100|"
        r"debut(?!\s(?:single|song|track|work|number|EP|album))|parody|cover|original"
    ),
    # A date after these in its clause is another song's: "a parody of Michael Jackson’s 1983 hit".
    date_of_another_song=(
        r"\b(?:parody|parodies|parodying|cover(?:ing)?|remake|answer song|sequel|homage|tribute|"
        r"sampl(?:e|es|ed|ing)|based on) (?:of|to|on)?\s?[^,;]{0,40}$"
    ),
    date_governor_release=(
        r"releas\w*|came out|issued|put out|dropped|on sale|hit stores|debuted with|first appeared|"
        r"reached (?:stores|shops|record stores|the shelves)|"
        r"debut (?:single|song|track|work|number)|"
        r"appeared first|launched|unveiled|out|written|created|composed"
    ),
    # A month or year given by reference to the date before it: "released that December".
    reference_date=(
        r"\b(?:that|the same|the following)\s(?P<month>[A-Z][a-z]{2,8})\b|"
        r"\b(?P<month2>[A-Z][a-z]{2,8})\s(?:of\s)?(?:that|the same|the following)\syear\b|"
        r"\b(?P<same>that same year|the same year|that year)\b|\b(?P<next>the following year|the next year)\b"
    ),
    chart_words=r"chart|No\. ?\d|ranked|Oricon|topped|number one|million|sold|sales|Billboard",
    album_words=r"\balbum\b|\bEP\b|compilation",
    # Tie-ins: the phrase that introduces the work, and the kind its words give away.
    tie_in_triggers=(
        r"\b(?:theme song|theme music|theme|CM song|commercial song|commercials?|CM|"
        r"insert song|insert music|opening|ending|image song|tie-in|support song|"
        r"used (?:as|in|for|during)|featured (?:in|as)|soundtrack|cheer song|cheer anthem|"
        r"BGM|background music|jingle|official song|campaign song|set piece|"
        r"entrance march|theme march|official anthem|tournament anthem|"
        r"(?:plays|played|debuted|appears|appeared)(?: in-game)? (?:in|during)|(?:plays|played) on|"
        r"(?:while|when) playing|"
        r"(?:battle|boss|field|town|title screen|overworld|dungeon|menu|final battle) "
        r"(?:theme|music|piece|track|BGM)|"
        # the work named just before: "the TV anime “Oshi no Ko” it opens"
        r"(?:it|which|that) (?:opens|opened|closes|closed)|"
        # "was the song for the cosmetics giant Shiseido’s spring 1982 campaign"
        r"the song for(?= (?:the |a |an )?[^,.;]{0,40}\b(?:campaign|commercial|drama|film|movie|"
        r"anime|series|program|show|tournament|Olympics|game)s?\b)|"
        # made for a work: "composed this anthem for the … Championship", "wrote … music for …"
        r"(?:wr[io]te|written|composed|created|made)(?: (?:it|this|the|a|an))?(?: [\w-]+){0,3}? "
        r"(?:music|theme|song|anthem|piece|track|march|tune|score|jingle) for|"
        r"(?:written|composed|created) (?:it )?(?:especially |specifically )?for|"
        r"used (?:it|the song|this song|the track) (?:as|in|for|during)|"
        r"inspired (?:the|a|an)|based on (?:the|this) song)\b"
    ),
    kind_words=(
        ("anime", r"\banime|animated|animation"),
        ("drama", r"\bdrama|dorama|serial|telenovela|asadora|morning drama"),
        ("film", r"\bfilm|movie|cinema"),
        ("commercial", r"\bCM\b|commercial|\bad\b|advert|campaign"),
        (
            "game",
            r"\bgame|Dragon Quest|PlayStation|Nintendo|Persona|battle (?:theme|music|piece)|"
            r"boss (?:theme|music)|overworld|field music|in-game",
        ),
        ("radio", r"\bradio"),
        (
            "event",
            r"tournament|championship|Olympic|Games\b|festival|baseball|rugby|event|Expo|"
            r"competition|contest|World Cup",
        ),
        ("tv", r"\bTV\b|television|program|programme|show|variety|NHK|segment|news"),
    ),
    broadcasters=(
        r"NHK(?: General TV| E-?TV)?|Fuji TV|Fuji Television|TBS|TV Asahi|Nippon TV|NTV|"
        r"TV Tokyo|Kansai TV|MBS|ABC|YTV|Yomiuri TV|CX|WOWOW|Netflix|Toho|Toei|Shochiku|"
        r"Studio Ghibli|Tokyo Broadcasting System"
    ),
    # Game music: the work is the first capitalised name after in/of/from ("battle piece … in
    # Final Fantasy VII").
    game_music=(
        r"(?:battle|boss|field|town|title screen|overworld|dungeon|menu|final battle) "
        r"(?:theme|music|piece|track|BGM)"
    ),
    # A sentence about a cover: its tie-ins are the cover's, not the song's ("A cover by Misia was
    # used in a Kirin commercial").
    cover_subject=(
        r"^(?!(?:This|It)\b)(?:[^,;]*\bcover(?:ed)? (?:version )?by\b|"
        r"(?:A|The|Her|His|Their|[A-Z][\w.-]*’s)\s(?:[\w-]+\s)?cover(?: version)?\b)"
    ),
    # A sponsor named by its trade: "cosmetics maker Shiseido", "the beverage company Suntory".
    trade_sponsor=(
        r"(?:(?!(?:in|on|for|of|the|a|an|by|to|at|with|from|and|as)\s)[a-z][\w-]*\s){1,2}(?:maker|makers|manufacturer|company|brand|firm|giant|chain|"
        r"retailer|carrier|brewer|brewery|airline|distiller|conglomerate)\s"
    ),
    # Awards: a named prize (Grand Prix, ... Award) at a ceremony.
    award_prize=(
        r"Grand Prix|Grand Prize|Best New Artist(?: Award)?|New Artist Award|Gold Prize|"
        r"Excellence Award|Excellent Work Award|Vocalist Prize|Vocal(?:ist)? Award|"
        r"Lyricist Award|Composer Award|Arranger Award|Special Award|Planning Award|"
        r"(?:Song|Record|Album|Video|Artist|Single) of the Year|"
        r"Best (?:[A-Z][\w’'/-]*|of|and|for)(?: (?:[A-Z][\w’'/-]*|of|for|(?:and|&)(?! (?:the )?Best))){0,4}|"
        r"(?:[Ff]irst|[Ss]econd|[Tt]hird|[Tt]op) [Pp]rize|"
        r"(?:[A-Z][\w’'-]*\s){0,4}(?:Award|Prize)"
    ),
    award_ceremony=(
        r"(?:the\s)?(?:\d{1,3}(?:st|nd|rd|th)\s)?(?:\d{4}\s)?(?:Japan Record Awards?|Japan Gold Disc Awards?|"
        r"Television Drama Academy Awards|Grammy(?: Awards)?|MTV Video Music Awards(?: Japan)?|"
        r"Space Shower Music Awards|Japan Cable Awards|Japan Music Awards|Yamaha Popular Song Contest|"
        r"World Popular Song Festival|Japan Academy (?:Film )?Prize|All Japan Cable Broadcasting Awards|"
        r"Japan Lyricist Awards|FNS Music Festival|(?:[A-Z][\w’'-]+\s){1,5}Awards)"
    ),
    award_verbs=(
        r"\b(?:won|win|winning|winner|received|receiving|earned|earning|awarded|took|taking|garnered|"
        r"claimed|honou?red|picked up|brought|bringing|gave|giving|landed|scooped|captured|secured|"
        r"collected|bagged)\b"
    ),
    not_award=r"Kōhaku|Kohaku|chart|nominat",
    # Who won it: the words before the award verb name the song ("it", "the single") or the
    # artist ("she", "Eilish herself", "in her debut year"): the artist's award is not the song's.
    award_artist_subject=(
        r"(?i:\b(?:the|its|their|her|his) (?:album|LP|EP|parent album)\s*$|\b(?:she|he|they|we)\b(?:\s+(?:also|later|then|even|soon|eventually|herself|himself|"
        r"themselves|\w+ly))*\s*$|\b(?:herself|himself|themselves)\b|\b(?:her|his|their) debut year\b)"
    ),
    award_song_subject=(
        r"\b(?:it|this (?:song|track|work|single|piece|number|record)|"
        r"the (?:song|track|single|piece|record|number|work)|which)\b"
    ),
)
