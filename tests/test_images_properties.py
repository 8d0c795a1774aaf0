"""Hypothesis: any sequence of pulls, tags and removals keeps a host's image store consistent."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import caasnb
from caasnb.errors import DockerError

IMAGES = ["alpine:3.20", "alpine:latest", "busybox:1.36", "nginx:1.27", "redis:7"]
NAMES = ["mine:1", "mine:2", "alpine:3.20", "web"]

operations = st.lists(
    st.one_of(
        st.tuples(st.just("pull"), st.sampled_from(IMAGES)),
        st.tuples(st.just("tag"), st.sampled_from(IMAGES + NAMES), st.sampled_from(NAMES)),
        st.tuples(st.just("rmi"), st.sampled_from(IMAGES + NAMES), st.booleans()),
        st.tuples(st.just("prune"), st.booleans()),
    ),
    max_size=15,
)


@settings(max_examples=60, deadline=None)
@given(operations=operations)
def test_every_name_points_at_a_stored_image_and_every_image_is_listed_once(operations):
    cluster = caasnb.Cluster(hosts=1, seed=5)
    store = cluster.daemons["host-1"].images
    for operation in operations:
        try:
            if operation[0] == "pull":
                store.pull(operation[1])
            elif operation[0] == "tag":
                store.tag(operation[1], operation[2])
            elif operation[0] == "rmi":
                store.remove(operation[1], force=operation[2])
            else:
                store.prune(all_unused=operation[1])
        except DockerError:
            pass  # a refused operation changes nothing, which the invariants below also check
        assert set(store.names.values()) <= set(store.contents)
        listed = store.list()
        assert len({image.id for image in listed}) == len(listed) == len(store.contents)
        for image in listed:
            assert store.get(image.id) == image
            for tag in image.repo_tags:
                assert store.get(tag).id == image.id
            assert image.repo_digests or image.repo_tags or image.id in store.contents


@settings(max_examples=30, deadline=None)
@given(image=st.sampled_from(IMAGES), hosts=st.lists(st.sampled_from(["host-1", "host-2", "host-3"]), min_size=1))
def test_the_same_reference_gives_the_same_image_id_and_digest_everywhere(image, hosts):
    cluster = caasnb.Cluster(hosts=3, seed=11)
    pulled = [cluster.daemons[host].images.pull(image)[0] for host in hosts]
    assert len({(i.id, i.repo_digests) for i in pulled}) == 1
