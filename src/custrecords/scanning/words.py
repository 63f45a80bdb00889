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
    _PASSWORD_CODE,
    _PASSWORD_COLON,
    _PASSWORD_KEY,
    _PASSWORD_WORD,
    _PIN,
    _QUESTION_ANSWERED,
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
    **dict.fromkeys(_PASSWORD_CODE, "password_code"),
    **dict.fromkeys(_PASSWORD_KEY, "password_key"),
    **dict.fromkeys(_PASSWORD_WORD, "password_word"),
    **dict.fromkeys(_QUESTION_ANSWERED, "password_answer_word"),
    **dict.fromkeys(_PASSWORD_COLON, "password_colon"),
    **dict.fromkeys(_PIN, "pin"),
    **dict.fromkeys(_SPOKEN_DOMAIN_ENDS, "email"),
    **{phrase: category for category, phrases in _SPECIAL.items() for phrase in phrases},
}
# Not inside a longer word: "pin" is not "spin" or "pinned", "gay" is not "gayle", nor
# "o'pin"; but a quote mark is not part of a word ("she has 'depression'").
_WORDS: Final = re.compile(
    r"(?<![a-z0-9])(?<![a-z0-9]')" + _alternation(_WORD_KINDS) + r"(?![a-z0-9])"
)
_SPACES: Final = re.compile(r"\s+")

# Most notes hold none of those words. Splitting a note into words at C speed, and
# asking whether any is one of the words above, is cheaper than looking for them:
# only a note that has one is searched. An apostrophe splits words, as a quote mark
# around one does ("she was 'depressed'") and as it does in "alzheimer's".
_WORD_BYTES: Final = bytes(
    byte if chr(byte).isalnum() or byte >= 0x80 else ord(" ") for byte in range(256)
).lower()
# Words common in notes of every kind, so poor at telling which notes to search.
_COMMON: Final = frozenset(
    b"the of on in to is a an had has his her their my no number code card".split()
)


def _telling(phrase: str) -> bytes:
    """The word of ``phrase`` that best tells a note might hold it: the longest uncommon one."""
    words = phrase.encode().translate(_WORD_BYTES).split()
    return max(words, key=lambda word: (word not in _COMMON, len(word), word))


def _tokens(phrase: str) -> list[bytes]:
    return phrase.encode().translate(_WORD_BYTES).split()


# Every phrase has a word here, and a phrase matches only where all its words are: a
# note with none of these words has none of the phrases.
_TRIGGERS: Final = frozenset(_telling(phrase) for phrase in _WORD_KINDS)
# Each of those words: the words of every phrase it tells of, and the most words that
# come before it in one.
_PHRASES_TOLD: Final[dict[bytes, list[frozenset[bytes]]]] = {}
_WORDS_BEFORE: Final[dict[bytes, int]] = {}
for _phrase in _WORD_KINDS:
    _word, _tokens_of = _telling(_phrase), _tokens(_phrase)
    _PHRASES_TOLD.setdefault(_word, []).append(frozenset(_tokens_of))
    _before = len(_tokens_of) - 1 - _tokens_of[::-1].index(_word)
    _WORDS_BEFORE[_word] = max(_WORDS_BEFORE.get(_word, 0), _before)
_WORD_CHARS: Final = frozenset(chr(byte) for byte in range(128) if _WORD_BYTES[byte] != ord(" "))


def _told(words: list[bytes]) -> list[str]:
    """The telling words of the phrases a note of these words may hold.

    ``words`` are split as `_WORD_BYTES` splits. A note may hold a phrase only if it
    holds every word of it: "attends church" needs "attends" as well as "church",
    which common words alone ("key", "party", "door") would not tell.
    """
    told = _TRIGGERS.intersection(words)
    if not told:
        return []
    held = frozenset(words)
    return [word.decode() for word in told if any(phrase <= held for phrase in _PHRASES_TOLD[word])]


def _is_word_char(char: str) -> bool:
    return char in _WORD_CHARS or char >= "\x80"


def _phrase_starts(lower: str, told: list[str]) -> list[int]:
    """Where a phrase may start: at each telling word, and at the words just before it."""
    starts: set[int] = set()
    for word in told:
        before = _WORDS_BEFORE[word.encode()]
        at = lower.find(word)
        while at != -1:
            starts.add(at)
            position = at
            for _ in range(before):
                while position and not _is_word_char(lower[position - 1]):
                    position -= 1
                while position and _is_word_char(lower[position - 1]):
                    position -= 1
                starts.add(position)
            at = lower.find(word, at + 1)
    return sorted(starts)


def _phrase_matches(lower: str, told: list[str]) -> list[re.Match[str]]:
    """What ``_WORDS.finditer(lower)`` finds, searched for only where a phrase may start.

    Every phrase holds its telling word, so it starts at one of `_phrase_starts`; the
    first match from each start not inside the last is the next match, as in a search
    of every position.
    """
    matches: list[re.Match[str]] = []
    end = 0
    for start in _phrase_starts(lower, told):
        if start >= end and (match := _WORDS.match(lower, start)) is not None:
            matches.append(match)
            end = match.end()
    return matches


def _words(scan: _Scan, told: list[str]) -> None:
    """Each word or phrase of the lists, and what it names: to review, or a secret to find.

    ``told`` are the telling words (`_told`) of the phrases the text may hold.
    """
    named: list[tuple[str, int, int]] = []
    for match in _phrase_matches(scan.lower, told):
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
