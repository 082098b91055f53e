"""Words for written summaries of a unit and of a league table
(part of the one text catalogue, :mod:`cchc.words`): ``key: (Vietnamese, English)``."""

WORDS: dict[str, tuple[str, str]] = {
}
