"""Special-category information and criminal offence data named in a note.

UK GDPR Article 9(1) lists the special categories (health, genetic and biometric
data, racial or ethnic origin, religious or philosophical beliefs, political opinions,
trade union membership, sex life and sexual orientation); Article 10 adds criminal
offence data. Such data may be kept only under an Article 9 condition (or, for
criminal offence data, under Article 10), and the same words can be about someone
else: each is for a person to review, never to reject.
"""

from __future__ import annotations

import re
from typing import Final

from custrecords.scanning.context import _phrases, _Scan
from custrecords.scanning.findings import _REVIEW

_SPACES: Final = re.compile(r"\s+")

__all__: list[str] = []  # `Scanner` runs this detector; nothing here is public

# Conditions and trade unions whose names are also other words ("MS" is a title and
# Microsoft, "stroke" a pen's, "Unite" a verb, "in unison" an idiom): counted only in a
# phrase that makes them a person's, and reported as the name alone.
_STROKE: Final = _phrases(
    "a stroke, his stroke, her stroke, mini stroke, mini-stroke, stroke survivor, "
    "stroke patient, stroke unit"
)
_MS: Final = _phrases(
    "has ms, have ms, had ms, with ms, got ms, diagnosed with ms, ms nurse, ms society, "
    "ms relapse, ms flare"
)
# Unions affiliated to the TUC, with the BMA and the RCN (both trade unions too).
_UNIONS: Final = _phrases(
    "unite, unison, gmb, rmt, cwu, pcs, ucu, neu, fbu, nuj, rcn, bma, bectu, usdaw, nasuwt, aslef"
)
_UNION_PHRASES: Final = tuple(
    phrase
    for union in _UNIONS
    for phrase in (
        *(
            f"{union} {word}"
            for word in _phrases(
                "member, members, membership, rep, branch, union, subs, subscription, "
                "steward, official"
            )
        ),
        f"member of {union}",
        f"member of the {union}",
        f"joined {union}",
        # "in Unite", "in Unison": only the full names, capitalised (see `_CAPITALISED_ONLY`).
        *((f"in {union}",) if union in {"unite", "unison", "gmb"} else ()),
    )
)
_NAME_IN_PHRASE: Final[dict[str, str]] = {
    **dict.fromkeys(_STROKE, "stroke"),
    **dict.fromkeys(_MS, "ms"),
    **{
        phrase: next(word for word in phrase.split() if word in _UNIONS)
        for phrase in _UNION_PHRASES
    },
}
# "sang in unison": the union only when its name is written as one.
_CAPITALISED_ONLY: Final = frozenset(
    phrase for phrase in _UNION_PHRASES if phrase.startswith("in ")
)

# Special-category information (UK GDPR Article 9(1)) and criminal offence data
# (Article 10): words and phrases that, in a note about a customer, usually say
# something of that kind about them. They are for a person to review, never to reject:
# the same words can be about someone else, or about nothing personal at all. Words that
# are as often innocent as not ("church" in an address, "labour" in a bill, "faith" in
# "good faith") are left out, or only counted in a phrase.
_SPECIAL: Final[dict[str, tuple[str, ...]]] = {
    "user.health.medical_diagnosis": _phrases(
        "diagnosed, diagnosis, cancer, tumour, tumor, leukaemia, leukemia, diabetes, diabetic, "
        "dementia, alzheimer's, alzheimers, epilepsy, epileptic, seizures, had a stroke, "
        "heart attack, heart condition, asthma, asthmatic, copd, hiv, multiple sclerosis, "
        "parkinson's, parkinsons, motor neurone disease, arthritis, long covid, crohn's, "
        "kidney failure, terminally ill, terminal illness, chronic pain, with my heart, "
        "with his heart, with her heart, signed off with stress, signed off sick, on the sick, "
        # More of the NHS's Health A to Z, by the names agents write.
        "immunocompromised, immunosuppressed, weakened immune system, weak immune system, "
        "sickle cell, cystic fibrosis, muscular dystrophy, huntington's, lupus, fibromyalgia, "
        "chronic fatigue syndrome, heart failure, heart disease, angina, kidney disease, "
        "liver disease, cirrhosis, hepatitis, emphysema, osteoporosis, spina bifida, "
        "brain injury, brain tumour, brain tumor, aneurysm, coeliac disease, ulcerative colitis, "
        "endometriosis, glaucoma, macular degeneration, lymphoma, myeloma, melanoma, sepsis, "
        + ", ".join(_STROKE + _MS)
    ),
    "user.health.social_psychological_behavioral": _phrases(
        "depression, depressed, anxiety, panic attacks, mental health, bipolar, schizophrenia, "
        "schizophrenic, psychosis, ptsd, ocd, eating disorder, anorexia, bulimia, suicidal, "
        "self-harm, self harm, alcoholic, alcoholism, addiction, addicted, rehab, "
        "nervous breakdown, mental breakdown, personality disorder, psychiatric, psychiatrist"
    ),
    "user.health.condition": _phrases(
        "disabled, disability, disabilities, wheelchair, wheelchair user, partially sighted, "
        "visually impaired, registered blind, is blind, deaf, hard of hearing, hearing impaired, "
        "learning disability, learning difficulties, autism, autistic, adhd, dyslexia, dyslexic, "
        "dyspraxia, cerebral palsy, down's syndrome, down syndrome, screen reader, "
        # Energy suppliers' Priority Services Register: equipment that needs power.
        "medical equipment, on oxygen, oxygen concentrator, ventilator, home oxygen, "
        # Devices and aids that say what a body needs.
        "pacemaker, insulin pump, stoma, colostomy, ileostomy, guide dog, assistance dog, "
        "mobility scooter, hearing loss, loss of hearing, sight loss, housebound, bedbound, "
        "bed bound, limited mobility, reduced mobility, mobility issues, mobility problems, "
        "amputee, paralysed, paraplegic, tetraplegic, quadriplegic"
    ),
    "user.health.treatment": _phrases(
        "chemotherapy, chemo, radiotherapy, dialysis, in hospital, hospitalised, hospitalized, "
        "had surgery, having surgery, an operation on, palliative, hospice, transplant, "
        "physiotherapy, counselling, hospital stay, out of hospital, hospital transport, "
        "hip replacement, knee replacement, knee operation, hip operation, "
        "discharged from hospital, discharged after, immunotherapy, blood transfusion, "
        "heart surgery, bypass surgery, amputation, stent, biopsy, cataract operation, "
        "cataract surgery, hospital appointment, outpatient appointment"
    ),
    "user.health.medications": _phrases(
        "medication, antidepressants, sertraline, fluoxetine, methadone, insulin, morphine, "
        "prescribed, warfarin, statins, metformin, steroids, immunosuppressants, codeine, "
        "diazepam, methotrexate, levothyroxine, blood thinners, antipsychotics"
    ),
    "user.health.prescriptions": _phrases("prescription, prescriptions"),
    "user.health.reproductive_or_sexual": _phrases(
        "pregnant, pregnancy, miscarriage, ivf, fertility treatment, termination of pregnancy, "
        "sexual health, std, sti, she's expecting, she is expecting, baby due, due to give birth"
    ),
    "user.health.genetic": _phrases(
        "genetic, genetics, dna test, dna results, brca, genome, hereditary condition"
    ),
    "user.biometrics.fingerprint": _phrases("fingerprint, fingerprints"),
    "user.biometrics.retinal": _phrases("iris scan, retina scan, retinal scan"),
    "user.biometrics.voice": _phrases("voiceprint, voice print, voice biometrics"),
    "user.biometrics": _phrases("facial recognition, face scan, biometric, biometrics"),
    "user.demographic.religious_belief": _phrases(
        "muslim, islam, islamic, christian, catholic, protestant, jewish, judaism, hindu, "
        "hinduism, sikh, sikhism, buddhist, buddhism, atheist, jehovah's witness, "
        "jehovah's witnesses, mormon, mosque, synagogue, gurdwara, goes to church, "
        "attends church, churchgoer, ramadan, halal, kosher, religion, religious, eid, hijab, "
        "wears a turban, diwali"
    ),
    "user.demographic.philosophical_belief": _phrases("humanist, ethical vegan"),
    "user.demographic.race_ethnicity": _phrases(
        "ethnic, ethnicity, ethnic origin, racial, racially, mixed race, black british, "
        "white british, british asian, british indian, british pakistani, gypsy, romany, "
        "irish traveller, roma"
    ),
    "user.demographic.sexual_orientation": _phrases(
        "gay, lesbian, bisexual, homosexual, heterosexual, queer, sexual orientation, "
        "same-sex partner, same sex partner, same sex couple, same-sex couple, lgbt, lgbtq"
    ),
    "user.demographic.political_opinion": _phrases(
        "labour party, labour voter, votes labour, voted labour, voted conservative, voted tory, "
        "voted reform, voted green, conservative party, conservative voter, "
        "votes conservative, tory voter, lib dem voter, liberal democrat party, green party, "
        "reform uk, snp member, plaid cymru, political views, political opinions, "
        "political party"
    ),
    "user.demographic.union_membership": _phrases(
        "trade union, union member, union membership, union rep, "
        # Unions whose names are no other word: the name alone says it.
        "usdaw, nasuwt, aslef, musicians' union, musicians union, " + ", ".join(_UNION_PHRASES)
    ),
    "user.criminal_history": _phrases(
        "criminal record, conviction, convictions, convicted, arrested, in prison, "
        "prison sentence, released from prison, probation, offender, sentenced, jail, jailed, "
        "on bail, police caution, criminal offence, community service order, tagged by police"
    ),
}


# Uses of the words that say nothing of a person: each term with what, right before it
# or right after it, makes it about a thing, an idiom, or a question. Looked for in
# the same sentence only, at most 60 characters either side.
_MACHINE: Final = (
    r"fault|faulty|engineer's|engineers'|boiler|pump|pcb|valve|error|appliance|device|meter|"
    r"heating|router|broadband|vehicle|van|software|network|exchanger|condensate|diverter|"
    r"sensor|flue|circuit|wiring|leak"
)
_NOT_OF_A_PERSON: Final[dict[str, tuple[str | None, str | None]]] = {
    # "fault diagnosis", "the engineer's diagnosis of the boiler": a machine's.
    "diagnosis": (rf"(?<![a-z])(?:{_MACHINE})(?![a-z])", rf"(?<![a-z])(?:{_MACHINE})(?![a-z])"),
    "diagnosed": (rf"(?<![a-z])(?:{_MACHINE})(?![a-z])", rf"(?<![a-z])(?:{_MACHINE})(?![a-z])"),
    # "fell on deaf ears".
    "deaf": (None, r"^\s+ears?(?![a-z])"),
    # "the bill nearly gave her a heart attack".
    "heart attack": (
        r"(?<![a-z])(?:nearly|almost)\s+(?:gave|give|had|have)\s+(?:\w+\s+)?a\s+$",
        None,
    ),
    # "sentenced to 3 hours on hold".
    "sentenced": (None, r"^\s+to\s+\d+\s+(?:minutes|mins|hours|hrs)(?![a-z])"),
    # "in hospital reception (she works there)".
    "in hospital": (None, r"^\s+(?:reception|car\s+park|canteen|shop|cafe)(?![a-z])"),
    # "no medical equipment", "whether you use medical equipment": none, or a question;
    # "the medical equipment supplier", "a medical equipment rebate form": a trade's.
    "medical equipment": (
        r"(?<![a-z])(?:no|not|whether|if|any|what|what's|whats|which)(?![a-z])",
        r"^\s+(?:suppliers?|supplies|rebates?|category|retailers?|shops?|company|firm|"
        r"manufacturers?|catalogue|range|sales|department|section|hire)(?![a-z])",
    ),
    # "biometric residence permit", "biometric passport": a document, not a body's data.
    "biometric": (
        None,
        r"^\s+(?:residence\s+(?:permit|card)|permits?|passports?|brp|id\s+card|identity\s+card)"
        r"(?![a-z])",
    ),
    # "a stroke of luck", "at a stroke", "the bill nearly gave me a stroke".
    "a stroke": (
        r"(?<![a-z])(?:at|(?:nearly|almost)\s+(?:gave|give|giving|had|have)(?:\s+[a-z]+)?)\s+$",
        r"^\s+of(?![a-z])",
    ),
    "his stroke": (None, r"^\s+of(?![a-z])"),
    "her stroke": (None, r"^\s+of(?![a-z])"),
    "had a stroke": (r"(?<![a-z])(?:nearly|almost)\s+$", r"^\s+of(?![a-z])"),
    # "Debug logging disabled", "OCR disabled for the ticket queue": a system's setting.
    "disabled": (
        r"(?<![a-z])(?:logging|ocr|debug|feature|function|alerts?|notifications?|service|"
        r"setting|option|port|access|tracing|trace|monitoring|login|account|card|sim|"
        r"auto\s*pay|autopay)\s+(?:(?:is|was|been|now|has\s+been)\s+)?$",
        None,
    ),
}
_NOT_OF_A_PERSON_PATTERNS: Final = {
    term: tuple(None if pattern is None else re.compile(pattern) for pattern in patterns)
    for term, patterns in _NOT_OF_A_PERSON.items()
}
_SENTENCE_END: Final = re.compile(r"[.!?;\n]")
# Names of people and places: "Christian Hughes", "St Mary's Catholic Church Hall".
_BELIEF_NAMES: Final = frozenset({"christian", "catholic"})
_CAPITALISED: Final = re.compile(r"[A-Z][a-z'’]+")
_WORSHIP: Final = frozenset({"church", "chapel", "faith", "school"})


def _special_category(scan: _Scan, category: str, span: tuple[int, int]) -> None:
    """A word or phrase of the special categories (UK GDPR Articles 9(1) and 10), to review.

    The health terms follow the NHS Health A to Z's names for conditions, and the
    unions the TUC's list of affiliated unions. Not where the words around it make it
    about something else: a machine's fault ("fault diagnosis"), an idiom ("fell on
    deaf ears", "a stroke of luck"), a question or a denial ("no medical equipment"),
    a trade or a document ("medical equipment supplier", "biometric residence
    permit"), or a name ("spoke to Christian Hughes", "Ms Patel", "MS Teams"). A name
    that is also another word ("MS", "stroke", "Unite") counts only in a phrase that
    makes it a person's, and is reported alone.
    """
    term = _SPACES.sub(" ", scan.lower[span[0] : span[1]])
    if term in _NOT_OF_A_PERSON_PATTERNS and _said_of_something_else(scan, term, span):
        return
    if term in _BELIEF_NAMES and _in_a_name(scan.text, span):
        return
    name = _NAME_IN_PHRASE.get(term)
    if name is not None:
        at = scan.lower.find(name, span[0], span[1])
        span = (at, at + len(name))
        if term in _CAPITALISED_ONLY and not scan.text[at].isupper():
            return  # "sang in unison"
        if name == "ms" and _title_or_product(scan, span):
            return
    scan.add(category, span, 0.7, _REVIEW, "special_category")


# Microsoft's products, written after "MS": "has MS Office", "with MS Teams".
_MICROSOFT: Final = re.compile(
    r"\s(?:office|teams|word|excel|outlook|access|windows|edge|365|sql|dos|forms|"
    r"project|paint|authenticator|exchange|azure|onedrive|surface|xbox|defender|dynamics|"
    r"sharepoint|visio|publisher|onenote|intune|account)(?![a-z0-9])"
)
_CAPITALISED_NEXT: Final = re.compile(r"\s[A-Z][a-z]")
_TITLE: Final = re.compile(r"\.?\s[A-Z]")


def _title_or_product(scan: _Scan, span: tuple[int, int]) -> bool:
    """Whether "MS" is a title ("with Ms Patel") or Microsoft's ("has MS Teams").

    Either is followed by a capitalised word, or by one of Microsoft's products; the
    condition ("has MS and uses a stick", "has MS. Needs a ground floor visit") is not.
    """
    start, end = span
    if scan.text[start:end] == "Ms":
        return _TITLE.match(scan.text, end) is not None
    return (
        _CAPITALISED_NEXT.match(scan.text, end) is not None
        or _MICROSOFT.match(scan.lower, end) is not None
    )


def _said_of_something_else(scan: _Scan, term: str, span: tuple[int, int]) -> bool:
    before, after = _NOT_OF_A_PERSON_PATTERNS[term]
    lower = scan.lower
    start, end = span
    opening = max(0, start - 60)
    for stop in _SENTENCE_END.finditer(lower, opening, start):
        opening = stop.end()
    closing = _SENTENCE_END.search(lower, end, end + 60)
    closing_at = closing.start() if closing is not None else min(len(lower), end + 60)
    return (before is not None and before.search(lower, opening, start) is not None) or (
        after is not None and after.search(lower[end:closing_at]) is not None
    )


def _in_a_name(text: str, span: tuple[int, int]) -> bool:
    """Whether a capitalised word is part of a person's or a place's name.

    "Christian Hughes" (a capitalised word follows, not a place of worship) and "St
    Mary's Catholic Church" (a capitalised word before it, mid-sentence) are names.
    """
    start, end = span
    if not text[start].isupper():
        return False
    following = _CAPITALISED.match(text, end + 1) if text[end : end + 1] == " " else None
    if following is not None and following[0].lower() not in _WORSHIP:
        return True
    words = text[max(0, start - 40) : start].split()
    return len(words) >= 2 and words[-1][:1].isupper() and words[-2][-1:] not in ".!?:"
