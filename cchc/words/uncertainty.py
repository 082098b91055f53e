"""Words for how sure a rank is: intervals and rank ranges
(part of the one text catalogue, :mod:`cchc.words`): ``key: (Vietnamese, English)``."""

WORDS: dict[str, tuple[str, str]] = {
}
