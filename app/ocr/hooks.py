"""What the recogniser knows but does not return, recorded by wrapping two of its parts (rapidocr-onnxruntime
1.4.4, pinned): which crops the text-direction classifier turned upside down (the page's orientation follows
from them), and how sure the recognition model was of each character (the officer's page marks the unsure
ones)."""

from typing import Any, Protocol


class _Classifier(Protocol):
    def __call__(self, images: list[Any]) -> tuple[list[Any], list[list[Any]], float]: ...


class Turns:
    """The engine's text-direction classifier, wrapped to remember which crops it turned upside down (the
    engine does not return it, and the page's orientation follows from it)."""

    def __init__(self, classify: _Classifier) -> None:
        self._classify = classify
        self.turned: list[bool] = []

    def __call__(self, images: list[Any]) -> tuple[list[Any], list[list[Any]], float]:
        images, labels, seconds = self._classify(images)
        self.turned = [str(label) == "180" and float(score) >= self.threshold for label, score in labels]
        return images, labels, seconds

    @property
    def threshold(self) -> float:
        return float(getattr(self._classify, "cls_thresh", 0.9))


class _Decoder(Protocol):
    def __call__(self, preds: Any, return_word_box: bool = False, **kwargs: Any) -> list[Any]: ...

    def get_ignored_tokens(self) -> list[int]: ...


class Letters:
    """The recogniser's decoder, wrapped to keep each character's probability (the decoder returns their
    mean): the model's best class at each step, repeats and blanks dropped, as the decoder reads its text.
    By text: the recogniser sorts its crops by width before decoding them."""

    def __init__(self, decode: _Decoder) -> None:
        self._decode = decode
        self._ignored = list(decode.get_ignored_tokens())
        self.found: dict[str, list[tuple[float, ...]]] = {}

    def __call__(self, preds: Any, return_word_box: bool = False, **kwargs: Any) -> list[Any]:
        import numpy as np  # in the reading process only: the service's workers never load numpy

        out = self._decode(preds, return_word_box, **kwargs)
        best, probability = preds.argmax(axis=2), preds.max(axis=2)
        for row, result in enumerate(out):
            keep = np.ones(len(best[row]), dtype=bool)
            keep[1:] = best[row][1:] != best[row][:-1]
            for token in self._ignored:
                keep &= best[row] != token
            sure = tuple(float(p) for p in probability[row][keep])
            if len(sure) == len(result[0]):
                self.found.setdefault(str(result[0]), []).append(sure)
        return out
