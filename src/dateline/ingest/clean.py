"""Normalisation of article text at ingest: reader comments are not the report.

Pages saved as plain text (or given as text in JSON) often carry the blog's
comment thread after the article: each comment signed with a date, a clock time
and a bar ("March 21 , 2011 at 6:01 pm | Report abuse |", "February 24 ,
2011 03:14 pm at 3:14 pm |"), or opened by
one ("At 2:34 pm on 19 Jan 2010 , Ann wrote :"). Those comments are
readers' opinions, not reporting; left in, they add events, figures and dates
that nobody reported, and they can be most of the text (a CNN blog post in
Timeline17 carries 35,000 words of them). HTML goes through trafilatura, which
already leaves comments out; :func:`strip_comment_thread` does the same for text.

The thread is recognised by two or more such signatures; the text is cut where the
first one begins. Where signatures follow their comments, the first comment
cannot be told from the article's last paragraph and stays.
"""

from __future__ import annotations

import re

# News agencies whose name makes a dateline: "TRIPOLI (Reuters) - ".
WIRES = "Reuters|AP|AFP|CNN|BBC|UPI|Xinhua|dpa"
# The agency in its brackets, as written or as a tokeniser escapes them: "(Reuters)", "-LRB- CNN -RRB-".
WIRE_BRACKET = rf"(?:\(|-LRB-)\s*(?:{WIRES})\s*(?:\)|-RRB-)"
# A news outlet by name, with its staff's byline ("CNN Wire Staff"): who reports, not who acts or is counted.
NEWS_OUTLET = re.compile(
    rf"(?:the\s+)?(?:{WIRES}|Associated\s+Press|Agence\s+France[- ]Presse|Al[- ]Jazeera|Al[- ]Arabiya|Fox\s+News|Sky\s+News|"
    r"NBC|CBS|ABC\s+News|NPR|(?:New\s+York|Los\s+Angeles)\s+Times|Washington\s+Post|Guardian)(?:\s+Wire\s+Staff)?"
)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = rf"(?:\b{_MONTH}\s+\d{{1,2}}\s*,?\s*\d{{4}}|\b\d{{1,2}}\s+{_MONTH}\s*,?\s*\d{{4}})"
_CLOCK = r"\d{1,2}:\d\d\s*(?:[ap]\.?m\.?)?"
_SIGNATURE = re.compile(
    # "March 21 , 2011 at 6:01 pm |", "February 24 , 2011 03:14 pm at 3:14 pm |" (after the comment)
    rf"{_DATE}\s+(?:{_CLOCK}\s+)?at\s+{_CLOCK}\s*\|"
    rf"|\bAt\s+{_CLOCK}\s+on\s+{_DATE}\s*,\s*\S+(?:\s+\S+)?\s+wrote\s*:"  # "At 2:34 pm on 19 Jan 2010 , Ann wrote :"
)


def strip_comment_thread(text: str) -> tuple[str, int]:
    """The text without a trailing reader-comment thread, and how many characters were cut."""
    first = None
    for n, m in enumerate(_SIGNATURE.finditer(text), 1):
        if first is None:
            first = m.start()
        if n >= 2:
            kept = text[:first].rstrip()
            if not kept.strip():  # nothing but comments: keep what there is
                break
            return kept, len(text) - len(kept)
    return text, 0
