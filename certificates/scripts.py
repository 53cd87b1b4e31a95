"""Text in any script, ready to draw with fonts that have no shaping (no Django).

ReportLab draws the characters of a string left to right, one glyph each, in one
font, with no fallback font and no shaping. Two steps make that work for every
script the bundled fonts cover:

1. `visual(text, reshaper)`: right-to-left text (Arabic, Hebrew) is put in the order
   in which it is drawn, left to right (python-bidi), and Arabic letters are first
   replaced by their joined presentation forms, initial, medial or final
   (arabic-reshaper): "محمد" is drawn as "ﺪﻤﺤﻣ". Other text stays as it is.
2. `runs(text, fonts)`: the text is split into runs, each drawn in the first of
   `fonts` that has a glyph for it: "王小明 (Wang)" is "王小明 " in the CJK font and
   "(Wang)" in DejaVu. A character stays in the font of the run before it when that
   font has it, so spaces and punctuation do not switch fonts.

`fonts` is a sequence of (name, characters) pairs, the characters being a container
of code points (such as the cmap of a TrueType font, `TTFont.face.charToGlyph`).
"""

import unicodedata

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.ligatures import LIGATURES
from arabic_reshaper.reshaper_config import default_config
from bidi import get_display

RIGHT_TO_LEFT = frozenset({"R", "AL"})


def reshaper_for(characters):
    """An Arabic reshaper that forms only the ligatures the font has glyphs for.

    arabic-reshaper's default ligatures include "ﷲ" (U+FDF2, for "الله"), which
    DejaVu lacks: "عبد الله" would print a box.
    """
    configuration = {}
    for name, (_pattern, forms) in LIGATURES:
        if default_config.get(name):
            configuration[name] = all(ord(form) in characters for form in forms if form)
    return ArabicReshaper(configuration=configuration)


def is_right_to_left(text):
    return any(unicodedata.bidirectional(char) in RIGHT_TO_LEFT for char in text)


def visual(text, reshaper):
    """`text` as it is drawn left to right: Arabic joined, right to left reordered."""
    if not is_right_to_left(text):
        return text
    return get_display(reshaper.reshape(text))


def _invisible(char):
    """Format characters (zero-width joiners, direction marks): nothing to draw."""
    return unicodedata.category(char) == "Cf"


def font_for(char, fonts):
    """The name of the first of `fonts` that has `char`, or None when none has."""
    code = ord(char)
    for name, characters in fonts:
        if code in characters:
            return name
    return None


def runs(text, fonts):
    """[(font name, text)]: `text` split by the first of `fonts` that has each glyph.

    A character that no font has goes into the current run (the first font's at the
    start), where it prints as the font's missing glyph; `missing` finds those. An
    invisible format character that no font has is left out.
    """
    result = []
    current = None
    covered = dict(fonts)
    for char in text:
        if current is not None and ord(char) in covered[current]:
            name = current
        else:
            name = font_for(char, fonts)
            if name is None:
                if _invisible(char):
                    continue
                name = current or fonts[0][0]
        if name == current:
            result[-1] = (name, result[-1][1] + char)
        else:
            result.append((name, char))
            current = name
    return result


def missing(text, fonts):
    """The characters of `text` that none of `fonts` has a glyph for, in order."""
    return [
        char for char in text if font_for(char, fonts) is None and not _invisible(char)
    ]
