"""The dashboard's caches never keep an empty or failed answer (issue: the first search showed "0 projects" for
a minute while the demo was being indexed)."""

import pytest
import streamlit as st

from dashboard.data import cached_unless_empty


def test_an_empty_answer_is_asked_again_and_a_real_one_is_kept() -> None:
    answers, calls = [[], [], ["project"], ["changed"]], []

    @cached_unless_empty(ttl=60, empty=lambda answer: not answer)
    def search(text: str) -> list[str]:
        calls.append(text)
        return answers[len(calls) - 1]

    st.cache_data.clear()
    assert search("broadband") == [] and search("broadband") == []  # the index is still filling
    assert search("broadband") == ["project"]
    assert search("broadband") == ["project"] and len(calls) == 3  # kept from now on


def test_a_failure_is_not_kept() -> None:
    calls = []

    @cached_unless_empty(ttl=60, empty=lambda answer: not answer)
    def search(text: str) -> list[str]:
        calls.append(text)
        if len(calls) == 1:
            raise ConnectionError("search server away")
        return ["project"]

    st.cache_data.clear()
    with pytest.raises(ConnectionError):
        search("x")
    assert search("x") == ["project"] and len(calls) == 2
