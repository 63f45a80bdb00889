"""The one pass over a note's words: special-category terms, and words that name a secret.

The word lists of every family that looks for words (`special`, `secrets`) are
searched together, as one trie-shaped pattern, and only in a note that holds one of
their words: most notes hold none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from custrecords.scanning.cards import _card_pin, _security_code
from custrecords.scanning.context import _phrases, _Scan
from custrecords.scanning.secrets import (
    _PASSWORD,
    _PASSWORD_COLON,
    _PASSWORD_WORD,
    _PIN,
    _SECURITY_CODE,
    _SECURITY_CODE_IF_CARD,
    _password,
)
from custrecords.scanning.special import _SPECIAL, _special_category
from custrecords.scanning.split import _spoken_email

__all__: list[str] = []  # `Scanner` runs this pass; nothing here is public

_Trie = dict[str, "_Trie"]


def _alternation(phrases: Iterable[str]) -> str:
    """A regular expression matching any of ``phrases``, as a trie.

    A flat alternation of hundreds of words tries each at every position; a trie
    tries one branch per letter, which keeps the pass over a note fast.
    """
    trie: _Trie = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + build(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


# The end of an e-mail address read out: "... at example dot com".
_SPOKEN_DOMAIN_ENDS: Final = _phrases("dot com, dot co, dot org, dot net, dot uk, dot gov, dot io")
_WORD_KINDS: Final[dict[str, str]] = {
    **dict.fromkeys(_SECURITY_CODE, "code"),
    **dict.fromkeys(_SECURITY_CODE_IF_CARD, "code_if_card"),
    **dict.fromkeys(_PASSWORD, "password"),
    **dict.fromkeys(_PASSWORD_WORD, "password_word"),
    **dict.fromkeys(_PASSWORD_COLON, "password_colon"),
    **dict.fromkeys(_PIN, "pin"),
    # The end of an e-mail address read out: "... at example dot com".
    **dict.fromkeys(
        _phrases("dot com, dot co, dot org, dot net, dot uk, dot gov, dot io"), "email"
    ),
    **{phrase: category for category, phrases in _SPECIAL.items() for phrase in phrases},
}
# Not inside a longer word: "pin" is not "spin" or "pinned", "gay" is not "gayle".
_WORDS: Final = re.compile(r"(?<![a-z0-9'])" + _alternation(_WORD_KINDS) + r"(?![a-z0-9])")
_SPACES: Final = re.compile(r"\s+")

# Most notes hold none of those words. Splitting a note into words at C speed, and
# asking whether any is one of the words above, is cheaper than looking for them:
# only a note that has one is searched.
_WORD_BYTES: Final = bytes(
    byte if chr(byte).isalnum() or byte in b"'" or byte >= 0x80 else ord(" ") for byte in range(256)
).lower()
# Words common in notes of every kind, so poor at telling which notes to search.
_COMMON: Final = frozenset(
    b"the of on in to is a an had has his her their my no number code card".split()
)


def _telling(phrase: str) -> bytes:
    """The word of ``phrase`` that best tells a note might hold it: the longest uncommon one."""
    words = phrase.encode().translate(_WORD_BYTES).split()
    return max(words, key=lambda word: (word not in _COMMON, len(word), word))


# Every phrase has a word here, and a phrase matches only where all its words are: a
# note with none of these words has none of the phrases.
# A read-out address's end is told by its "dot": "net" and "org" are words of notes too.
_TRIGGERS: Final = frozenset(
    b"dot" if kind == "email" else _telling(phrase) for phrase, kind in _WORD_KINDS.items()
)


def _words(scan: _Scan) -> None:
    """Each word or phrase of the lists, and what it names: to review, or a secret to find."""
    named: list[tuple[str, int, int]] = []
    for match in _WORDS.finditer(scan.lower):
        kind = _WORD_KINDS[_SPACES.sub(" ", match[0])]
        if kind.startswith("user"):
            _special_category(scan, kind, (match.start(), match.end()))
        else:
            named.append((kind, match.start(), match.end()))
    for kind, start, end in named:
        if kind.startswith("password"):
            _password(scan, kind, start, end)
        elif kind == "pin":
            _card_pin(scan, end)
        elif kind == "email":
            _spoken_email(scan, start, end)
        else:
            _security_code(scan, kind, start, end)
