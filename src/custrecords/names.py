"""Name keys: one person's name, however it was typed, as the keys records are found by.

A customer's name reaches a CRM in many forms: with or without its accents, with a
title typed into the name field, ``McDonald`` or ``MacDonald``, ``O'Brien`` or
``O Brien``, a double-barrelled surname joined, spaced or halved. `name_keys` folds
what people vary and keeps what tells two people apart, so that one customer's
records share a key. The rules, each with its source or reason:

1. **Letters.** Case is folded (Unicode default case folding), and every letter of
   the Latin, Greek and Cyrillic alphabets loses its diacritics (Unicode canonical
   decomposition, the marks dropped): ``Siobhán`` is ``siobhan``, ``Łódź``'s ``ó``
   is ``o``. Latin letters that Unicode does not decompose fold to their base letters
   as CLDR's Latin-ASCII transform writes them: ``ł l``, ``ø o``, ``đ d``, ``ð d``,
   ``ħ h``, ``æ ae``, ``œ oe``, ``ß ss``, ``ı i``, ``þ th``, ``ŋ n``, ``ŧ t``, and the
   rest of that table; Azerbaijani ``ə`` is ``a``, as its speakers' passports write it.
   Full-width and other compatibility forms are their plain letters (NFKD). A name
   with ``ä ö ü å ø`` has the keys of its ICAO Doc 9303 (part 3) transliteration
   too, as passports' machine-readable zone and keyboards without them write it
   (``ae oe ue aa oe``; ``æ`` is ``ae`` already): ``Müller`` is ``muller`` and ``mueller``.
2. **Other scripts, within their own script.** A name in Arabic, Hebrew, Chinese,
   Devanagari or any other script is matched as written in that script, never
   transliterated: ``Иван`` does not match ``Ivan``, and ``محمد`` does not match
   ``Mohammed`` (no transliteration is right for every name). Within a script, what
   writers vary is folded: Arabic vowel marks, hamza seats (``أ إ آ`` are ``ا``),
   ``ى``/``ي``, ``ة``/``ه``, the Persian ``ی``/``ک`` and the tatweel, as Apache
   Lucene's Arabic and Persian normalisers fold them; Hebrew points. Chinese, Japanese
   and Korean names are written without spaces: their words are joined, family name
   first or last.
3. **Titles and post-nominals.** Titles and honorifics before a name (``Mr``, ``Mrs``,
   ``Dr``, ``Prof``, ``Rev``, ``Sir``, ``Dame``, ``Lady``, ``Cllr``, ``Capt``,
   ``Herr``, ``Mme``, ``Sra``...) and post-nominals after it (``Jr``, ``III``,
   ``MBE``, ``KC``, ``MP``, ``PhD``, ``Esq``...) are dropped; a name is never dropped
   whole for it. Post-nominals that are also surnames (``Ma``, ``Ba``) are kept.
   Titles that are never names (``Mr``, ``Dr``, ``HRH``...) are dropped wherever they
   stand, and so is any title after the given name of a name inverted with a comma
   (``SMITH, John Mr``).
4. **Nicknames and former names.** A nickname in quotation marks or brackets
   (``Robert "Bob" Smith``, ``Jane (Janey) Doe``) is dropped; a former surname after
   ``née``, ``né`` or ``geb.`` (``Jane Smith (née Jones)``) is one more surname the
   customer may be found by.
5. **Prefixes.** ``Mac`` and ``M'`` are ``Mc`` (``MacDonald``, ``McDonald``,
   ``Mac Donald``, ``M'Donald``);
   ``O'`` and ``D'`` join the name they begin (``O'Brien``, ``O’Brien``, ``OBrien``,
   ``O Brien``); so do ``St`` and ``Saint`` (``St John``, ``St. John``, ``StJohn``).
   Apostrophes never separate.
6. **Particles.** ``van``, ``von``, ``de``, ``da``, ``di``, ``du``, ``del``, ``der``,
   ``den``, ``le``, ``la``, ``al``, ``el``, ``bin``, ``ibn``, ``ap``... join the
   surname they begin (``van der Berg``, ``Vanderberg``; ``Al-Hassan``, ``Al Hassan``,
   ``Alhassan``), and the surname without them is a key too (``Berg``, ``Hassan``).
   The conjunctions of Spanish and Portuguese double surnames (``García y López``)
   are dropped.
7. **Double-barrelled surnames.** ``Smith-Jones``, ``Smith Jones`` and
   ``SmithJones`` match, and so does either half alone: the last two words of the
   surname give the keys for the last word, the one before it, and both joined.
8. **Order and middle names.** A key is the given name and one surname, in a fixed
   order, so ``Zhang Wei`` is ``Wei Zhang``; a name inverted with a comma is put back
   in order (``Smith, John`` is ``John Smith``). Middle names are not part of it
   (``Jane Mary Doe`` is ``Jane Doe``). A hyphenated given name is one given name,
   joined, and its first word alone (``Jean-Luc`` is ``jeanluc`` and ``jean``).

Where the given and family names were collected apart (`PersonName` ``given`` and
``family``), the family name alone is the surname; otherwise every word after the
first may be part of it, so a middle name also gives a key (``Jane Mary Doe`` gives
``jane mary``): one more key of a record, found only with the same postcode or date of
birth too.

>>> from custrecords import PersonName
>>> sorted(name_keys(PersonName.parse("Mr Paweł Kowalski-Nowak")))
['kowalski pawel', 'kowalskinowak pawel', 'nowak pawel']
>>> sorted(name_keys(PersonName.parse("pawel nowak")))
['nowak pawel']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from custrecords._checks import check_type
from custrecords.values import PersonName

__all__ = ["fold_name", "name_keys"]


# --- letters ----------------------------------------------------------------------------------

# Latin letters Unicode does not decompose, to their base letters: CLDR's Latin-ASCII
# transform (common/transforms/Latin-ASCII.xml), lowercase only, as text is case-folded
# first. Azerbaijani schwa is not in that table; its speakers' passports write it "a".
_LATIN_BASE: Final = {
    "æ": "ae", "ð": "d", "ø": "o", "þ": "th", "đ": "d", "ħ": "h", "ı": "i", "ĳ": "ij",
    "ĸ": "q", "ŀ": "l", "ł": "l", "ŉ": "n", "ŋ": "n", "œ": "oe", "ŧ": "t", "ſ": "s",
    "ƀ": "b", "ɓ": "b", "ƃ": "b", "ƈ": "c", "ɖ": "d", "ɗ": "d", "ƌ": "d", "ɛ": "e",
    "ƒ": "f", "ɠ": "g", "ƕ": "hv", "ɩ": "i", "ɨ": "i", "ƙ": "k", "ƚ": "l", "ɲ": "n",
    "ƞ": "n", "ƣ": "oi", "ƥ": "p", "ƫ": "t", "ƭ": "t", "ʈ": "t", "ʋ": "v", "ƴ": "y",
    "ƶ": "z", "ǆ": "dz", "ǉ": "lj", "ǌ": "nj", "ǥ": "g", "ǳ": "dz", "ȡ": "d", "ȥ": "z",
    "ȴ": "l", "ȵ": "n", "ȶ": "t", "ȷ": "j", "ȸ": "db", "ȹ": "qp", "ⱥ": "a", "ȼ": "c",
    "ⱦ": "t", "ȿ": "s", "ɀ": "z", "ʉ": "u", "ɇ": "e", "ɉ": "j", "ɍ": "r",
    "ɏ": "y", "ɕ": "c", "ɟ": "j", "ɡ": "g", "ɢ": "g", "ɦ": "h", "ɧ": "h", "ɪ": "i",
    "ɫ": "l", "ɬ": "l", "ɭ": "l", "ɱ": "m", "ɳ": "n", "ɴ": "n", "ɶ": "oe", "ɼ": "r",
    "ɽ": "r", "ɾ": "r", "ʀ": "r", "ʂ": "s", "ʏ": "y", "ʐ": "z", "ʑ": "z", "ʙ": "b",
    "ʛ": "g", "ʜ": "h", "ʝ": "j", "ʟ": "l", "ʠ": "q", "ʣ": "dz", "ʥ": "dz", "ʦ": "ts",
    "ʪ": "ls", "ʫ": "lz", "ᴀ": "a", "ᴁ": "ae", "ᴃ": "b", "ᴄ": "c", "ᴅ": "d", "ᴆ": "d",
    "ᴇ": "e", "ᴊ": "j", "ᴋ": "k", "ᴌ": "l", "ᴍ": "m", "ᴏ": "o", "ᴘ": "p", "ᴛ": "t",
    "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "ᵫ": "ue", "ᵬ": "b", "ᵭ": "d", "ᵮ": "f",
    "ᵯ": "m", "ᵰ": "n", "ᵱ": "p", "ᵲ": "r", "ᵳ": "r", "ᵴ": "s", "ᵵ": "t", "ᵶ": "z",
    "ᵺ": "th", "ᵻ": "i", "ᵽ": "p", "ᵾ": "u", "ᶀ": "b", "ᶁ": "d", "ᶂ": "f", "ᶃ": "g",
    "ᶄ": "k", "ᶅ": "l", "ᶆ": "m", "ᶇ": "n", "ᶈ": "p", "ᶉ": "r", "ᶊ": "s", "ᶌ": "v",
    "ᶍ": "x", "ᶎ": "z", "ᶏ": "a", "ᶑ": "d", "ᶒ": "e", "ᶓ": "e", "ᶖ": "i", "ᶙ": "u",
    "ẚ": "a", "ẜ": "s", "ẝ": "s", "ỻ": "ll", "ỽ": "v", "ỿ": "y", "ⱡ": "l", "ⱨ": "h",
    "ⱪ": "k", "ⱬ": "z", "ⱱ": "v", "ⱳ": "w", "ⱴ": "v",
    "ⱸ": "e", "ⱺ": "o", "ꜱ": "s", "ꜳ": "aa", "ꜵ": "ao", "ꜷ": "au", "ꜹ": "av",
    "ꜻ": "av", "ꜽ": "ay", "ꝁ": "k", "ꝃ": "k", "ꝅ": "k", "ꝇ": "l", "ꝉ": "l", "ꝋ": "o",
    "ꝍ": "o", "ꝏ": "oo", "ꝑ": "p", "ꝓ": "p", "ꝕ": "p", "ꝗ": "q", "ꝙ": "q", "ꝟ": "v",
    "ꝡ": "vy", "ꝥ": "th", "ꝧ": "th", "ꝱ": "d", "ꝲ": "l", "ꝳ": "m", "ꝴ": "n",
    "ꝵ": "r", "ꝶ": "r", "ꝷ": "t", "ꝺ": "d", "ꝼ": "f", "ꞇ": "t", "ꞑ": "n", "ꞓ": "c",
    "ꞡ": "g", "ꞣ": "k", "ꞥ": "n", "ꞧ": "r", "ꞩ": "s",
    # Letters of African and Sami orthographies CLDR's table leaves as they are.
    "ɔ": "o", "ǝ": "e", "ə": "a", "ʒ": "z", "ǯ": "z", "ɣ": "g", "ʊ": "u", "ʌ": "v",
    "ɐ": "a", "ɑ": "a", "ɒ": "o", "ɯ": "m", "ɹ": "r", "ʃ": "s", "ʎ": "y", "ʔ": "",
    "ɵ": "o", "ɋ": "q", "ꜰ": "f", "ʄ": "j",
}  # fmt: skip
# Arabic and Persian letters written two ways, as Lucene's ArabicNormalizer and
# PersianNormalizer fold them; the tatweel (a stretch, not a letter) goes.
_WITHIN_SCRIPT: Final = {"ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك", "ـ": "", "ۀ": "ه", "ە": "ه"}
# Marks people write or leave out: diacritics (Latin, Greek, Cyrillic), Hebrew points
# and cantillation, Arabic harakat with the hamza above and below, superscript alef.
_DROPPED: Final = (
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
    (0x0591, 0x05C7),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
)
_FOLD: Final = str.maketrans(
    {
        **{chr(code): None for first, last in _DROPPED for code in range(first, last + 1)},
        **_LATIN_BASE,
        **_WITHIN_SCRIPT,
    }
)


# ICAO Doc 9303 part 3's transliteration of the letters German, Swedish, Danish and
# Norwegian names are written with, as passports' machine-readable zone writes them.
_ICAO: Final = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "ø": "oe"}
    | {"Ä": "AE", "Ö": "OE", "Ü": "UE", "Å": "AA", "Ø": "OE"}
)
_TRANSLITERATED: Final = re.compile("[äöüåøÄÖÜÅØ]")
# ``M'`` before a name is the Scots abbreviation of ``Mc`` (``M'Leod``).
_M_APOSTROPHE: Final = re.compile(r"\b[Mm]['\u2019\u2018\u02bc](?=[^\W\d_])")
# What separates a name's words; a hyphen (``Jean-Luc``) joins them, as does a mark.
_BETWEEN_WORDS: Final = re.compile(r"[\s.,;:/&+_]+")
_APOSTROPHES: Final = re.compile(r"['\u2019\u2018\u02bc\u02bb\u02be\u02bf`´]")
_NICKNAME: Final = re.compile(r"\"[^\"]*\"|“[^”]*”|\([^)]*\)|\[[^\]]*\]")
_NOT_WORD: Final = re.compile(r"[\W_]+")


def fold_name(text: str) -> str:
    """A name's words, folded as rule 1 and 2 fold them, one space apart.

    No word is dropped or joined: that is `name_keys`' work.

    >>> fold_name("Łukasz Żółć-Ørsted")
    'lukasz zolc orsted'
    >>> fold_name("Γιώργος Παπαδόπουλος")
    'γιωργοσ παπαδοπουλοσ'

    Raises:
        InvalidValue: ``wrong_type`` for text that is not a string.
    """
    check_type(text, str, "name")
    return " ".join(_words(_APOSTROPHES.sub("", text)))


# A Latin letter in neither table: its base letter, as the Unicode Character Database
# names it ("LATIN SMALL LETTER U WITH STROKE"). Names are normative and never change.
_NAMED_BASE: Final = re.compile(r"LATIN (?:SMALL |CAPITAL )?LETTER (?:SMALL CAPITAL )?([A-Z])\b")


@lru_cache(maxsize=1024)
def _base_letter(char: str) -> str:
    found = _NAMED_BASE.match(unicodedata.name(char, ""))
    return found[1].lower() if found else char


def _folded(text: str) -> str:
    if text.isascii():
        return text.lower()
    plain = unicodedata.normalize("NFKD", text.casefold()).translate(_FOLD)
    if plain.isascii():
        return plain
    return "".join(char if char.isascii() else _base_letter(char) for char in plain)


def _words(text: str) -> list[str]:
    return _NOT_WORD.sub(" ", _APOSTROPHES.sub("", _folded(text))).split()


# --- titles, post-nominals, particles -----------------------------------------------------------

# Before a name: forms of address (UK, Welsh, Irish, European), academic, religious,
# military, civic and noble titles. Words that are also given names or family names
# written first (Dean, Earl, Don, Justice, Gen, Pan) are not here.
_TITLES: Final = frozenset(
    """
    mr mrs ms miss mx mister master missus madam sir dame lord lady dr doctor prof professor
    rev revd reverend fr father pastor rabbi imam sister brother canon bishop archbishop
    cllr councillor alderman ald mayor capt captain cpt col colonel maj major lt lieutenant
    general sgt sergeant cpl corporal cdr commander adm admiral brig brigadier sqn ldr
    flt wg cmdr pte rt right hon honourable the baron baroness viscount viscountess
    countess duke duchess marquess judge herr frau fraulein hr fru dame mme mlle
    madame mademoiselle monsieur sr sra srta senor senora senorita dott dottssa sig signor
    signora bnr bns mstr messrs hrh
    """.split()
)
# Titles that are never a name, dropped wherever they stand (``SMITH, John Mr``).
_ONLY_TITLES: Final = frozenset(
    "mr mrs ms mx dr prof revd cllr hrh mme mlle messrs mstr srta dottssa".split()
)
# After a name: generational suffixes, honours, professional and academic letters.
# Two-letter ones that are also surnames (Ma, Ba, Am, Om, Ch) are not here.
_POST_NOMINALS: Final = frozenset(
    """
    jr jnr junior sr snr senior ii iii iv esq esquire phd dphil md mbbs mbchb frcs frcp
    mrcp mrcgp frcgp mbe obe cbe kbe dbe gbe kcb kcmg qc kc mp msp mla mep jp dl frs frsa
    freng fba bsc msc mba llb llm bed beng meng ceng fca aca acca fcca cpa rn rgn rmn dds
    bds vc gc dso mc dfc retd ret
    """.split()
)
# Particles that begin a surname; the surname is found with them and without them.
_PARTICLES: Final = frozenset(
    """
    van von der den de des del della dalla da das dos di du le la lo ter ten te vom zum
    zur al el bin ibn bint ben abu ap ab ferch ni nic uí ui af av
    """.split()
)
# Prefixes that are part of the name: joined to it, never dropped.
_PREFIXES: Final = {"mc": "mc", "mac": "mc", "o": "o", "st": "st", "saint": "st", "fitz": "fitz"}
_CONJUNCTIONS: Final = frozenset({"y", "e", "i"})
_FORMERLY: Final = frozenset({"nee", "ne", "geb", "geborene", "formerly"})
# Scripts written without spaces between family and given name.
_UNSPACED: Final = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
)


def _core(word: str) -> str:
    """A word with ``Mac`` written ``mc`` and ``Saint`` ``st``."""
    if word.startswith("mac") and len(word) > 3:
        return "mc" + word[3:]
    if word.startswith("saint") and len(word) > 5:
        return "st" + word[5:]
    return word


def _surname_words(words: list[str]) -> list[tuple[str, str]]:
    """Surname words joined to their prefixes and particles: (joined, without particles).

    ``Mac`` is written ``mc`` and ``Saint`` ``st``. A lone ``o`` is the Irish prefix
    (``O Brien``); a lone ``d`` is left alone, being far more often a middle initial
    than the French prefix written apart (``D'Arcy`` is one word already).
    """
    out: list[tuple[str, str]] = []
    particles = ""
    prefix = ""
    for word in words:
        if word in _CONJUNCTIONS:
            continue
        if word in _PARTICLES:
            particles += word
            continue
        if word in _PREFIXES:
            prefix += _PREFIXES[word]
            continue
        core = _core(prefix + word)
        out.append((particles + core, core))
        particles = prefix = ""
    if particles or prefix:  # a particle or prefix with nothing after it is a word itself
        out.append((particles + prefix, particles + prefix))
    return out


def _is(group: list[str], words: frozenset[str]) -> bool:
    return len(group) == 1 and group[0] in words


def _without_titles(groups: list[list[str]], *, after: bool = False) -> list[list[str]]:
    """The name's words without titles and post-nominals; titles after it too if ``after``."""
    start, end = 0, len(groups)
    while start < end - 1 and _is(groups[start], _TITLES):
        start += 1
    while end - 1 > start and (
        _is(groups[end - 1], _POST_NOMINALS) or (after and _is(groups[end - 1], _TITLES))
    ):
        end -= 1
    kept = [group for group in groups[start:end] if not _is(group, _ONLY_TITLES)]
    return kept or groups[start:end]


def _groups(text: str) -> list[list[str]]:
    """The text's words, those joined by a hyphen (``Jean-Luc``) in one group."""
    return [group for token in _BETWEEN_WORDS.split(text) if (group := _words(token))]


def _flat(groups: list[list[str]]) -> list[str]:
    return [word for group in groups for word in group]


def _parts(text: str) -> tuple[list[list[str]], list[str]]:
    """The name's words, grouped, and the words of any former surname (after ``née``).

    A name inverted with a comma (``Smith, John``, ``SMITH, John Mr``) is put back in
    order, its given name's titles dropped from either end.
    """
    text = _APOSTROPHES.sub("", _M_APOSTROPHE.sub("Mc", text))
    former: list[str] = []
    for bracketed in _NICKNAME.findall(text):
        words = _words(bracketed)
        if words and words[0] in _FORMERLY:
            former += words[1:]
    before, comma, after = _NICKNAME.sub(" ", text).partition(",")
    groups = _groups(before)
    given = _without_titles(_groups(after), after=True)
    if comma and not all(_is(group, _POST_NOMINALS | _TITLES) for group in given):
        groups = given + groups  # ``Smith, John``; not ``Jane Doe, PhD``
    for at, group in enumerate(groups):
        if _is(group, _FORMERLY) and 0 < at < len(groups) - 1:
            former += _flat(groups[at + 1 :])
            groups = groups[:at]
            break
    return groups, former


def name_keys(name: PersonName) -> frozenset[str]:
    """The folded forms ``name`` is found by: the given name with each surname it may have.

    Each key is two folded words in alphabetical order, one space apart (one word for a
    name of one word; one run of characters for a Chinese, Japanese or Korean name).
    See the module's rules. An empty set for a name with no letters left.

    >>> sorted(name_keys(PersonName.parse("Dr Siobhán O'Brien-MacDonald PhD")))
    ['mcdonald siobhan', 'obrien siobhan', 'obrienmcdonald siobhan']
    >>> sorted(name_keys(PersonName.parse(given="Jan", family="van der Berg")))
    ['berg jan', 'jan vanderberg']

    Raises:
        InvalidValue: ``wrong_type`` for a name that is not a `PersonName`.
    """
    check_type(name, PersonName, "name")
    return frozenset(_keys(name))


def _keys(name: PersonName) -> tuple[str, ...]:
    """`name_keys`, the principal first: the given name with the last surname, whole."""
    keys = _keys_as(name)
    if _TRANSLITERATED.search(unicodedata.normalize("NFC", name.full)):
        keys = tuple(dict.fromkeys(keys + _keys_as(name, transliterate=True)))
    return keys


def _keys_as(name: PersonName, *, transliterate: bool = False) -> tuple[str, ...]:
    """`_keys` of the name as written, or as ICAO Doc 9303 writes its umlauts."""

    def parts(text: str) -> tuple[list[list[str]], list[str]]:
        if transliterate:
            text = unicodedata.normalize("NFC", text).translate(_ICAO)
        return _parts(text)

    groups, former = parts(name.full)
    groups = _without_titles(groups)
    words = _flat(groups)
    if not words:
        return ()
    if all(_UNSPACED.search(word) for word in words):
        # Chinese, Japanese, Korean: written unspaced, family name first; or spaced,
        # either way round.
        return tuple(dict.fromkeys(("".join(words), "".join(words[-1:] + words[:-1]))))
    if name.family is not None:
        family = _flat(_without_titles(parts(name.family)[0])) or words[-1:]
        given_groups = _without_titles(parts(name.given)[0]) if name.given else groups[:1]
        given_group = (given_groups or groups)[0]
    elif len(groups) == 1:  # one word, or one hyphenated name: a given name and surname
        given_group, family = words[:1], words[1:]
    else:
        given_group, family = groups[0], _flat(groups[1:])
    # A hyphenated given name is one given name (``jeanluc``), and its first word alone,
    # the principal key's as before.
    given, *_ = givens = list(dict.fromkeys([given_group[0], "".join(given_group)]))
    given = _core(given)
    surnames = _surname_words(family)
    if not surnames:
        return (given,)
    candidates = [surnames[-1][0], surnames[-1][1]]
    if len(surnames) >= 2:
        (first, first_bare), (last, _) = surnames[-2], surnames[-1]
        candidates += [first, first_bare, first + last]
    for joined, bare in _surname_words(former)[-1:]:
        candidates += [joined, bare]
    keys = [
        " ".join(sorted({_core(one), surname}))
        for one in givens
        for surname in candidates
        if len(surname) > 1
    ]
    return tuple(dict.fromkeys(keys)) or (given,)
