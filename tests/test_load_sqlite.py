"""20,000 screenings from 50 clients against a real server on sqlite: every answer stored exactly once."""

from tests.load_check import every_answer_stored_once


def test_load_every_answer_stored_once() -> None:
    every_answer_stored_once("sqlite")
