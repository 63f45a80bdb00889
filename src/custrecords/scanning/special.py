"""Special-category information and criminal offence data named in a note.

UK GDPR Article 9(1) lists the special categories (health, genetic and biometric
data, racial or ethnic origin, religious or philosophical beliefs, political opinions,
trade union membership, sex life and sexual orientation); Article 10 adds criminal
offence data. Such data may be kept only under an Article 9 condition (or, for
criminal offence data, under Article 10), and the same words can be about someone
else: each is for a person to review, never to reject.
"""

from __future__ import annotations

from typing import Final

from custrecords.scanning.context import _phrases, _Scan
from custrecords.scanning.findings import _REVIEW

__all__: list[str] = []  # `Scanner` runs this detector; nothing here is public

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
        "with his heart, with her heart, signed off with stress, signed off sick, on the sick"
    ),
    "user.health.social_psychological_behavioral": _phrases(
        "depression, depressed, anxiety, panic attacks, mental health, bipolar, schizophrenia, "
        "schizophrenic, psychosis, ptsd, ocd, eating disorder, anorexia, bulimia, suicidal, "
        "self-harm, self harm, alcoholic, alcoholism, addiction, addicted, rehab"
    ),
    "user.health.condition": _phrases(
        "disabled, disability, disabilities, wheelchair, wheelchair user, partially sighted, "
        "visually impaired, registered blind, is blind, deaf, hard of hearing, hearing impaired, "
        "learning disability, learning difficulties, autism, autistic, adhd, dyslexia, dyslexic, "
        "dyspraxia, cerebral palsy, down's syndrome, down syndrome, screen reader, "
        # Energy suppliers' Priority Services Register: equipment that needs power.
        "medical equipment, on oxygen, oxygen concentrator, ventilator, home oxygen"
    ),
    "user.health.treatment": _phrases(
        "chemotherapy, chemo, radiotherapy, dialysis, in hospital, hospitalised, hospitalized, "
        "had surgery, having surgery, an operation on, palliative, hospice, transplant, "
        "physiotherapy, counselling, hospital stay, out of hospital, hospital transport, "
        "hip replacement, knee replacement, knee operation, hip operation, "
        "discharged from hospital, discharged after"
    ),
    "user.health.medications": _phrases(
        "medication, antidepressants, sertraline, fluoxetine, methadone, insulin, morphine, "
        "prescribed"
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
        "trade union, union member, union membership, union rep, unison member, unite member, "
        "gmb member"
    ),
    "user.criminal_history": _phrases(
        "criminal record, conviction, convictions, convicted, arrested, in prison, "
        "prison sentence, released from prison, probation, offender, sentenced, jail, jailed, "
        "on bail, police caution, criminal offence, community service order, tagged by police"
    ),
}


def _special_category(scan: _Scan, category: str, span: tuple[int, int]) -> None:
    """A word or phrase of the special categories (UK GDPR Articles 9(1) and 10), to review."""
    scan.add(category, span, 0.7, _REVIEW, "special_category")
