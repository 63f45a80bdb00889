"""Finding what must not be kept in free text: card data, credentials, identifiers.

The most common data-protection failure in customer service is a card number, a
security code, a password or a diagnosis typed into a note. `scan_text` finds them;
`redact` takes them out.

Every detector validates what it finds rather than trusting a pattern: card numbers
pass the Luhn check and fall in an issuer's range, IBANs pass ISO 7064 mod 97, National
Insurance numbers use HMRC's prefix rules, e-mail addresses and phone numbers go
through the same parsers as `EmailAddress` and `PhoneNumber`, and security codes,
passwords and PINs count only where the words around them say what they are.

>>> note = "Paid by Visa 4111 1111 1111 1111, CVV 123. Call back on 020 7946 0018."
>>> for finding in scan_text(note):
...     print(finding.category, finding.action.value, finding.detector)
user.financial.credit_card reject card_number
user.financial.credit_card.security_code reject security_code
user.contact.phone_number redact phone_number
>>> short = "Visa 4111 1111 1111 1111; call 020 7946 0018"
>>> print(redact(short, scan_text(short)))
Visa [REDACTED:user.financial.credit_card]; call [REDACTED:user.contact.phone_number]

Scanning takes time linear in the length of the text: no pattern here can backtrack
without bound, and each validation looks at a bounded window. Text is folded before
it is scanned, so full-width digits, non-breaking spaces and zero-width characters
hide nothing; the findings' offsets are always offsets into the text as given.
"""

from custrecords.scanning.findings import Detector, Finding, FindingAction, redact
from custrecords.scanning.scan import Scanner, scan_text

__all__ = ["Detector", "Finding", "FindingAction", "Scanner", "redact", "scan_text"]
