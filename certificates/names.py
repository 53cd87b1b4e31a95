"""Whether a new name on a certificate is a *small* correction (no Django imports).

A participant may correct the name on their certificate at once when the correction
is small; any other change waits for a trainer's approval (certificates/issuing.py).
"Small" is measured against the *reference name*: the name the certificate was
issued with, or the last name a trainer approved. So many small steps never add up
to another person's name.

Names are compared by their *letters*: diacritics removed ("Ş" is "s", "ı" is "i",
"ø" is "o", "ß" is "ss"), case ignored, and everything that is not a letter (spaces,
hyphens, apostrophes, dots, digits) taken as a break between two name parts. A new
name is a small correction of the reference name when one of these holds:

1. The same letters in the same order: only diacritics, case, punctuation or
   spacing differ ("Sukru Yilmaz" → "Şükrü Yılmaz", "sanne de boer" → "Sanne de
   Boer", "Anne Marie" → "Anne-Marie").
2. A typo: the letters differ by at most one edit (a letter added, removed or
   replaced, or two neighbouring letters swapped), or two edits when the reference
   name has 10 letters or more ("Sanne de Bore" → "Sanne de Boer").
3. One name part added or removed: the name parts are the same and in the same
   order, except for one run of parts added or removed in one place, which holds at
   most one word that is not a particle such as "de", "van" or "ter" ("Sanne de
   Boer" → "Sanne de Boer-Jansen", "Pim Jansen" → "Pim Jansen-de Vries", "Sanne
   Maria de Boer" → "Sanne de Boer"). At least one word that is not a particle
   stays.

Anything else ("Sanne de Boer" → "Barack Obama", or a first name replaced) is not
small.
"""

import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ħ": "h",
        "Ħ": "h",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
    }
)

# Name particles (Dutch, and the common ones of neighbouring languages), compared
# without diacritics and case; "'t" becomes "t".
PARTICLES = frozenset(
    {"aan", "al", "auf", "bij", "d", "da", "das", "de", "del", "della", "den", "der"}
    | {"des", "di", "do", "dos", "du", "el", "het", "in", "l", "la", "le", "les"}
    | {"op", "t", "te", "ten", "ter", "uit", "van", "vande", "vander", "vanden"}
    | {"vom", "von", "y", "zu", "zum", "zur"}
)

LONG_NAME = 10  # letters from which two typos count as small


def name_parts(name):
    """The name's parts, without diacritics, in lower case: "Şükrü Yılmaz-Demir"
    gives ["sukru", "yilmaz", "demir"]."""
    text = unicodedata.normalize("NFKD", name.translate(_SPECIAL_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return "".join(c if c.isalpha() else " " for c in text).split()


# Besides letters (of any script, with their marks): what a printed name may hold.
NAME_PUNCTUATION = frozenset(" -'’ʼ.")


def is_valid_name(name):
    """Letters, with spaces, hyphens, apostrophes and full stops between them: no
    digits, symbols or brackets (which every comparison here would ignore)."""
    return bool(name_parts(name)) and all(
        c.isalpha() or unicodedata.combining(c) or c in NAME_PUNCTUATION for c in name
    )


def edit_distance(a, b, limit):
    """Edits (insert, delete, replace, swap two neighbours) from `a` to `b`, or
    `limit + 1` when there are more than `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, row = None, list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(
                row[j] + 1,
                current[j - 1] + 1,
                row[j - 1] + (x != y),
            )
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return min(row[-1], limit + 1)


def _one_part_added(shorter, longer):
    """Whether `longer` is `shorter` with one run of parts put in one place, holding
    at most one word that is not a particle, and `shorter` keeps such a word."""
    if len(longer) <= len(shorter):
        return False
    start = 0
    while start < len(shorter) and shorter[start] == longer[start]:
        start += 1
    end = len(longer) - (len(shorter) - start)
    if longer[end:] != shorter[start:]:
        return False
    added = longer[start:end]
    words = [part for part in added if part not in PARTICLES]
    kept = [part for part in shorter if part not in PARTICLES]
    return len(words) <= 1 and bool(kept)


def is_small_change(reference, new):
    """Whether `new` is a small correction of `reference` (see the module's rules)."""
    old_parts, new_parts = name_parts(reference), name_parts(new)
    old_letters, new_letters = "".join(old_parts), "".join(new_parts)
    if not new_letters:
        return False
    if old_letters == new_letters:
        return True
    allowed = 2 if len(old_letters) >= LONG_NAME else 1
    if edit_distance(old_letters, new_letters, allowed) <= allowed:
        return True
    return _one_part_added(old_parts, new_parts) or _one_part_added(
        new_parts, old_parts
    )
