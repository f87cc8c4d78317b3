"""The local engines' own pieces that need no server."""

from wsis.engines.kafka import _cluster_id


def test_a_kraft_cluster_id_never_starts_like_an_option() -> None:
    ids = [_cluster_id() for _ in range(5000)]  # about 1 in 64 drawn would start with "-"
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)
    assert len(set(ids)) == len(ids)
