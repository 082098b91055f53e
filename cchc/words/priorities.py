"""Words for improvement priorities: what would lift a unit
(part of the one text catalogue, :mod:`cchc.words`): ``key: (Vietnamese, English)``."""

WORDS: dict[str, tuple[str, str]] = {
}
