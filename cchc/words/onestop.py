"""Words for the one-stop statistics behind the 766 index
(part of the one text catalogue, :mod:`cchc.words`): ``key: (Vietnamese, English)``."""

WORDS: dict[str, tuple[str, str]] = {
}
