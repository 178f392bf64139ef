import hashlib

import pytest

from praxhub.store import blobs


def test_put_is_content_addressed_and_idempotent(tmp_path):
    digest = blobs.put(tmp_path, b"hello")
    assert digest == hashlib.sha256(b"hello").hexdigest()
    assert blobs.put(tmp_path, b"hello") == digest
    assert blobs.read(tmp_path, digest) == b"hello"
    assert blobs.path_for(tmp_path, digest).parent.parent.name == digest[:2]
    assert not list(tmp_path.rglob(".tmp-*"))


@pytest.mark.parametrize("bad", ["../../etc/passwd", "ab", "Z" * 64])
def test_path_for_refuses_anything_but_a_digest(tmp_path, bad):
    with pytest.raises(ValueError):
        blobs.path_for(tmp_path, bad)
