"""Tests for neuronlab.data / neuronlab.datasets: generated sets, lookup, checks, loaders."""

# The labs' recipes draw from NumPy's legacy global stream on purpose: that is what the
# generated sets must reproduce, so the legacy-random rule is off in this file.
# ruff: noqa: NPY002

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import scipy.io
from sklearn.datasets import (
    make_blobs,
    make_circles,
    make_gaussian_quantiles,
    make_moons,
)

from neuronlab import data, datasets
from neuronlab.data import DataFileCorrupt, DataFileError, DataFileMissing

SHARED = os.environ.get("NEURONLAB_DATA")


@pytest.fixture
def global_state():
    """Restore NumPy's global stream after tests that seed it on purpose."""
    state = np.random.get_state()
    yield
    np.random.set_state(state)


@pytest.fixture(autouse=True)
def fresh_digest_cache():
    data.clear_digest_cache()
    yield
    data.clear_digest_cache()


def assert_bit_identical(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert x.shape == y.shape and x.dtype == y.dtype, (x.shape, x.dtype, y.shape, y.dtype)
        assert np.array_equal(x, y), "arrays differ"


def same_state(s1, s2) -> bool:
    return s1[0] == s2[0] and np.array_equal(s1[1], s2[1]) and s1[2:] == s2[2:]


# --- NumPy-only recipes (REFERENCE.md §2, §4, §7), written out independently -----------


def recipe_flower(seed):
    np.random.seed(seed)
    m, N, a = 400, 200, 4
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1), dtype="uint8")
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def recipe_circles(seed, n, noise=0.05, factor=0.8):
    np.random.seed(seed)
    n_out, n_in = n // 2, n - n // 2
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.c_[
        np.r_[np.cos(t_out), factor * np.cos(t_in)], np.r_[np.sin(t_out), factor * np.sin(t_in)]
    ]
    y = np.r_[np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)]
    idx = np.arange(n)
    np.random.shuffle(idx)
    X, y = X[idx], y[idx]
    X = X + np.random.normal(scale=noise, size=(n, 2))
    return X.T, y.reshape(1, n)


def recipe_moons(seed, n=300, noise=0.2):
    np.random.seed(seed)
    t = np.linspace(0, np.pi, n // 2)
    X = np.c_[np.r_[np.cos(t), 1 - np.cos(t)], np.r_[np.sin(t), 1 - np.sin(t) - 0.5]]
    y = np.r_[np.zeros(n // 2, dtype=np.intp), np.ones(n // 2, dtype=np.intp)]
    idx = np.arange(n)
    np.random.shuffle(idx)
    X, y = X[idx], y[idx]
    X = X + np.random.normal(scale=noise, size=(n, 2))
    return X.T, y.reshape(1, n)


def sklearn_after_seed(maker, seed, **kw):
    np.random.seed(seed)
    X, y = maker(random_state=None, **kw)
    return X.T, y.reshape(1, -1)


# --- generated sets ---------------------------------------------------------------------


@pytest.mark.usefixtures("global_state")
def test_flower_matches_lab_recipe_and_keeps_global_state():
    np.random.seed(123)
    before = np.random.get_state()
    X, Y = datasets.planar_flower()
    assert same_state(before, np.random.get_state())
    assert X.shape == (2, 400) and X.dtype == np.float64
    assert Y.shape == (1, 400) and Y.dtype == np.uint8
    assert_bit_identical((X, Y), recipe_flower(1))
    assert_bit_identical(datasets.planar_flower(seed=7), recipe_flower(7))


@pytest.mark.usefixtures("global_state")
def test_circles_three_ways_bit_identical():
    before = np.random.get_state()
    ours = datasets.circles()
    assert same_state(before, np.random.get_state())
    shapes = [a.shape for a in ours]
    assert shapes == [(2, 300), (1, 300), (2, 100), (1, 100)]
    via_sklearn = (
        *sklearn_after_seed(make_circles, 1, n_samples=300, noise=0.05),
        *sklearn_after_seed(make_circles, 2, n_samples=100, noise=0.05),
    )
    via_recipe = (*recipe_circles(1, 300), *recipe_circles(2, 100))
    assert_bit_identical(ours, via_sklearn)
    assert_bit_identical(ours, via_recipe)


@pytest.mark.usefixtures("global_state")
def test_moons_three_ways_bit_identical():
    before = np.random.get_state()
    ours = datasets.moons()
    assert same_state(before, np.random.get_state())
    assert [a.shape for a in ours] == [(2, 300), (1, 300)]
    assert_bit_identical(ours, sklearn_after_seed(make_moons, 3, n_samples=300, noise=0.2))
    assert_bit_identical(ours, recipe_moons(3))


def test_generated_sets_pinned_values():
    # These numbers were computed once by running the NumPy-only recipes above (which the
    # tests above prove bit-identical to our functions and to scikit-learn), then pasted
    # here; they guard against a silent change in any of the three.
    X, Y = datasets.planar_flower()
    assert X[:, 0].tolist() == [1.204442292254319, 3.5761141481288448]
    assert X.sum() == pytest.approx(10.087983277441666, abs=1e-12)
    assert np.bincount(Y.ravel()).tolist() == [200, 200]

    train_X, train_Y, test_X, test_Y = datasets.circles()
    assert train_X[:, 0].tolist() == [-0.07741354010048114, 0.8526022642742742]
    assert train_X.sum() == pytest.approx(0.10318058999808954, abs=1e-12)
    assert train_Y[0, :10].tolist() == [1, 0, 1, 1, 0, 0, 1, 0, 1, 1]
    assert np.bincount(train_Y.ravel()).tolist() == [150, 150]
    assert test_X[:, 0].tolist() == [-0.5242373850862546, -0.6091036148461817]
    assert np.bincount(test_Y.ravel()).tolist() == [50, 50]

    mX, mY = datasets.moons()
    assert mX[:, 0].tolist() == [-0.21687013460912397, 1.0154493742029873]
    assert mX.sum() == pytest.approx(229.31214774688254, abs=1e-10)
    assert mY[0, :10].tolist() == [0, 1, 1, 1, 0, 0, 1, 1, 0, 1]


def lab_extra_sets():
    """The lab's load_extra_datasets, drawing from the global stream."""
    N = 200
    return (
        make_circles(n_samples=N, factor=0.5, noise=0.3),
        make_moons(n_samples=N, noise=0.2),
        make_blobs(n_samples=N, random_state=5, n_features=2, centers=6),
        make_gaussian_quantiles(
            mean=None, cov=0.5, n_samples=N, n_features=2, n_classes=2, shuffle=True,
            random_state=None,
        ),
        (np.random.rand(N, 2), np.random.rand(N, 2)),
    )  # fmt: skip


def flat(sets):
    return [a for pair in sets for a in pair]


@pytest.mark.usefixtures("global_state")
def test_planar_extra_global_stream_and_private_rng():
    np.random.seed(0)
    expected = lab_extra_sets()
    np.random.seed(0)
    got = datasets.planar_extra()
    for X, Y in got[:4]:
        assert X.shape == (2, 200) and Y.shape == (1, 200)  # in columns
    assert [a.shape for a in got[4]] == [(2, 200), (2, 200)]
    expected_columns = [a.T if a.ndim == 2 else a.reshape(1, -1) for a in flat(expected)]
    assert_bit_identical(flat(got), expected_columns)

    before = np.random.get_state()
    private = datasets.planar_extra(np.random.RandomState(0))
    assert same_state(before, np.random.get_state())
    assert_bit_identical(flat(private), expected_columns)
    assert_bit_identical(flat(datasets.planar_extra(0)), expected_columns)


def test_planar_bad_arguments():
    with pytest.raises(ValueError, match="m: expected an even integer"):
        datasets.planar_flower(m=7)
    with pytest.raises(TypeError, match="rng: expected"):
        datasets.planar_extra(rng=np.random.default_rng(0))


def test_sklearn_bundled_sets():
    X, Y = datasets.sklearn_digits()
    assert X.shape == (64, 1797) and X.dtype == np.float64 and X.flags.c_contiguous
    assert X.min() == 0.0 and X.max() == 1.0
    assert Y.shape == (1, 1797) and set(np.unique(Y)) == set(range(10))
    X, Y = datasets.breast_cancer()
    assert X.shape == (30, 569) and Y.shape == (1, 569)
    assert set(np.unique(Y)) == {0, 1}


# --- lookup -----------------------------------------------------------------------------


def test_lookup_order(tmp_path, monkeypatch):
    explicit, env, xdg = tmp_path / "explicit", tmp_path / "env", tmp_path / "xdg"
    monkeypatch.setattr(data.sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(xdg))
    monkeypatch.setenv("NEURONLAB_DATA", str(env))
    assert data.data_dirs(explicit) == [explicit]
    assert data.data_dirs(str(explicit)) == [explicit]
    assert data.data_dirs() == [env]
    monkeypatch.setenv("NEURONLAB_DATA", "")
    assert data.data_dirs() == [xdg / "neuronlab"]
    monkeypatch.delenv("NEURONLAB_DATA")
    assert data.data_dirs() == [xdg / "neuronlab"]
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert data.data_dirs() == [tmp_path / "home" / ".local" / "share" / "neuronlab"]
    monkeypatch.setattr(data.sys, "platform", "darwin")
    assert data.data_dirs() == [tmp_path / "home" / "Library" / "Application Support" / "neuronlab"]
    monkeypatch.setattr(data.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert data.data_dirs() == [tmp_path / "local" / "neuronlab"]
    with pytest.raises(TypeError, match="data_dir: expected a path"):
        data.data_dirs(3)


def put(directory: Path, name: str, content: bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def fake_entry(monkeypatch, content: bytes, algorithm="sha256") -> data.DataFile:
    """Register a small file 'fake/small.bin' whose digest is that of ``content``."""
    import hashlib

    if algorithm == "sha256":
        digest = hashlib.sha256(content).hexdigest()
    else:
        digest = hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()
    entry = data.DataFile("fake/small.bin", algorithm, digest, len(content), "a test file")
    monkeypatch.setitem(data.REGISTRY, entry.name, entry)
    return entry


@pytest.mark.parametrize("algorithm", ["sha256", "git-blob"])
def test_find_file_explicit_beats_env(tmp_path, monkeypatch, algorithm):
    fake_entry(monkeypatch, b"hello", algorithm)
    a, b = tmp_path / "a", tmp_path / "b"
    put(a, "fake/small.bin", b"hello")
    put(b, "small.bin", b"hello")  # flat layout is accepted too
    monkeypatch.setenv("NEURONLAB_DATA", str(a))
    assert data.find_file("fake/small.bin") == a / "fake" / "small.bin"
    assert data.find_file("small.bin", data_dir=b) == b / "small.bin"


def test_missing_message_names_file_places_and_checksum(tmp_path, monkeypatch):
    monkeypatch.setenv("NEURONLAB_DATA", str(tmp_path))
    entry = data.REGISTRY["cat/train_catvnoncat.h5"]
    with pytest.raises(DataFileMissing) as info:
        data.find_file("train_catvnoncat.h5")
    msg = str(info.value)
    assert isinstance(info.value, FileNotFoundError) and isinstance(info.value, DataFileError)
    assert "cat/train_catvnoncat.h5" in msg and "\n" not in msg
    assert str(tmp_path / "cat" / "train_catvnoncat.h5") in msg
    assert str(tmp_path / "train_catvnoncat.h5") in msg
    assert entry.digest in msg and "NEURONLAB_DATA" in msg and "--data-dir" in msg
    with pytest.raises(DataFileMissing, match="data_dir: expected an existing directory"):
        data.load_cat(data_dir=tmp_path / "nowhere")
    with pytest.raises(ValueError, match="name: expected one of"):
        data.find_file("nope.h5")


def test_wrong_bytes_is_checksum_mismatch(tmp_path, monkeypatch):
    entry = data.REGISTRY["football/data.mat"]
    path = put(tmp_path, entry.name, b"not a MAT file at all")
    with pytest.raises(DataFileCorrupt) as info:
        data.load_football(data_dir=tmp_path)
    msg = str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, OSError)
    assert str(path) in msg and entry.digest in msg and "6,038" in msg
    status = {s["name"]: s for s in data.file_status(tmp_path)}
    assert status[entry.name]["status"] == "checksum mismatch"
    assert status[entry.name]["path"] == str(path)
    assert status["cat/test_catvnoncat.h5"]["status"] == "missing"
    assert status["cat/test_catvnoncat.h5"]["path"] is None
    assert (
        str(tmp_path / "cat" / "test_catvnoncat.h5") in status["cat/test_catvnoncat.h5"]["looked"]
    )


def test_digest_cached_until_file_changes(tmp_path, monkeypatch):
    fake_entry(monkeypatch, b"hello")
    path = put(tmp_path, "fake/small.bin", b"hello")
    calls = []
    real = data.hash_file
    monkeypatch.setattr(data, "hash_file", lambda p, a: calls.append(p) or real(p, a))
    data.find_file("fake/small.bin", tmp_path)
    data.find_file("fake/small.bin", tmp_path)
    assert len(calls) == 1
    path.write_bytes(b"hellO")
    os.utime(path, ns=(0, 12345))  # a new mtime, whatever the clock resolution
    with pytest.raises(DataFileCorrupt):
        data.find_file("fake/small.bin", tmp_path)
    assert len(calls) == 2


def test_unparsable_file_gives_data_error(tmp_path, monkeypatch):
    # Past the checksum (a user's copy, or a registry file whose digest we pretend is
    # right), a broken file must still give a DataFileError, not a raw h5py/scipy error.
    for name in ("cat/train_catvnoncat.h5", "cat/test_catvnoncat.h5"):
        put(tmp_path, name, b"\x89HDF\r\n\x1a\n" + b"\0" * 100)
    monkeypatch.setattr(data, "_mismatch", lambda entry, path: None)
    with pytest.raises(DataFileCorrupt, match="could not be read as HDF5") as info:
        data.load_cat(tmp_path)
    assert "train_catvnoncat.h5" in str(info.value)


# --- ex4data1.mat from a user's path ----------------------------------------------------


def test_ex4_data_from_user_path(tmp_path):
    rng = np.random.RandomState(0)
    X = rng.rand(20, 400)
    y = (np.arange(20) % 10 + 1).reshape(-1, 1).astype(np.uint8)
    good = tmp_path / "mine.mat"
    scipy.io.savemat(good, {"X": X, "y": y})
    with pytest.warns(UserWarning, match="not byte-identical"):
        gX, gy = data.load_ex4_data(good)
    assert gX.shape == (20, 400) and gX.dtype == np.float64 and np.array_equal(gX, X)
    assert gy.shape == (20,) and gy.tolist() == y.ravel().tolist()

    scipy.io.savemat(tmp_path / "nokey.mat", {"X": X})
    with pytest.warns(UserWarning), pytest.raises(DataFileCorrupt, match=r"missing keys \['y'\]"):
        data.load_ex4_data(tmp_path / "nokey.mat")
    scipy.io.savemat(tmp_path / "shape.mat", {"X": X[:, :399], "y": y})
    with pytest.warns(UserWarning), pytest.raises(DataFileCorrupt, match=r"\(m, 400\)"):
        data.load_ex4_data(tmp_path / "shape.mat")
    truncated = tmp_path / "truncated.mat"
    truncated.write_bytes(good.read_bytes()[:300])
    with pytest.warns(UserWarning), pytest.raises(DataFileCorrupt, match="truncated.mat"):
        data.load_ex4_data(truncated)
    with pytest.raises(DataFileMissing, match="path: expected an existing file"):
        data.load_ex4_data(tmp_path / "absent.mat")


def test_ex4_data_missing_names_git_blob(tmp_path):
    with pytest.raises(DataFileMissing, match="git-blob 371bd0c099fe5f471d01cab15aec6cb2c458f567"):
        data.load_ex4_data(data_dir=tmp_path)


# --- the real files ---------------------------------------------------------------------


def real_file(name: str) -> Path:
    if not SHARED:
        pytest.skip("NEURONLAB_DATA is not set")
    path = Path(SHARED) / name
    if not path.is_file():
        pytest.skip(f"{path} is not there")
    return path


@pytest.mark.data
def test_real_cat():
    real_file("cat/train_catvnoncat.h5")
    real_file("cat/test_catvnoncat.h5")
    train_x, train_y, test_x, test_y, classes = data.load_cat()
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (50, 64, 64, 3) and test_x.dtype == np.uint8
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert int(train_y.sum()) == 72 and int(test_y.sum()) == 33
    assert classes.shape == (2,) and classes.tolist() == [b"non-cat", b"cat"]


@pytest.mark.data
def test_real_football():
    real_file("football/data.mat")
    train_X, train_Y, test_X, test_Y = data.load_football()
    assert [a.shape for a in (train_X, train_Y, test_X, test_Y)] == [
        (2, 211), (1, 211), (2, 200), (1, 200),
    ]  # fmt: skip
    assert train_X.dtype == np.float64 and train_Y.dtype == np.uint8
    assert int(train_Y.sum()) == 106 and int(test_Y.sum()) == 87


@pytest.mark.data
def test_real_weights_and_git_blob_of_a_known_file():
    path = real_file("digits/ex4weights.mat")
    theta1, theta2 = data.load_ex4_weights()
    assert theta1.shape == (25, 401) and theta2.shape == (10, 26)
    assert theta1[0, 0] == -0.022562389859934213
    assert theta2[0, 0] == -0.7610035157900087
    # SOURCES.md gives this file's git blob id too: checks our git-blob hashing.
    assert data.hash_file(path, "git-blob") == "ace2a090d44617d35dcfcc5b3d38bc0442f3ae2d"


@pytest.mark.data
def test_real_status_and_truncated_copy(tmp_path):
    src = real_file("cat/train_catvnoncat.h5")
    status = {s["name"]: s["status"] for s in data.file_status()}
    assert status["cat/train_catvnoncat.h5"] == "present"
    copy = tmp_path / "cat" / "train_catvnoncat.h5"
    copy.parent.mkdir()
    copy.write_bytes(src.read_bytes()[: src.stat().st_size // 2])
    shutil.copy(real_file("cat/test_catvnoncat.h5"), tmp_path / "cat")
    with pytest.raises(DataFileCorrupt) as info:
        data.load_cat(tmp_path)
    msg = str(info.value)
    assert str(copy) in msg and data.REGISTRY["cat/train_catvnoncat.h5"].digest in msg
    assert data.load_cat(Path(SHARED))[0].shape == (209, 64, 64, 3)
