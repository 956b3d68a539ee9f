import io
import json
import zipfile

import numpy as np
import pytest

import neuronlab as nl
from neuronlab.io import ModelFileError, read_model_file


@pytest.fixture
def trained(problem):
    X, Y = problem("softmax", n_out=3)
    net = nl.Network([4, 6, 3], hidden_activation="leaky_relu", output_activation="softmax", seed=0)
    net.fit(X, Y, optimizer="adam", learning_rate=0.01, epochs=5, progress=False)
    return net, X


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_save_load_gives_bit_identical_predictions(tmp_path, problem, dtype):
    X, Y = problem("sigmoid")
    net = nl.Network(
        [4, 5, 1], hidden_activation=nl.activations.leaky_relu(0.2), dtype=dtype, seed=1
    )
    net.save(tmp_path / "m.npz", epochs=5, note="hello")
    back = nl.Network.load(tmp_path / "m.npz")
    assert back.config() == net.config()
    assert back.dtype == net.dtype and back.activations[0].params == {"slope": 0.2}
    np.testing.assert_array_equal(back.predict_proba(X), net.predict_proba(X))
    assert back.metadata == {"epochs": 5, "note": "hello"}


def test_a_loaded_model_keeps_its_metadata_when_saved_again(tmp_path, trained):
    net, _ = trained
    net.save(tmp_path / "a.npz", classes=["cat", "dog", "fish"], label="y")
    back = nl.Network.load(tmp_path / "a.npz")
    back.save(tmp_path / "b.npz", epochs=7)  # keywords add to (and override) it
    assert nl.Network.load(tmp_path / "b.npz").metadata == {
        "classes": ["cat", "dog", "fish"],
        "label": "y",
        "epochs": 7,
    }


def test_a_header_whose_metadata_is_not_a_mapping_is_refused(tmp_path, trained):
    net, _ = trained
    net.save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as data:
        arrays = {k: data[k] for k in data.files}
    header = json.loads(str(arrays["__neuronlab__"][()]))
    header["metadata"] = [1]
    arrays["__neuronlab__"] = np.array(json.dumps(header))
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ModelFileError, match="metadata is not a mapping"):
        nl.Network.load(tmp_path / "bad.npz")


def test_a_header_asking_for_a_huge_network_is_refused_before_allocating(tmp_path, trained):
    net, _ = trained
    net.save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as data:
        arrays = {k: data[k] for k in data.files}
    header = json.loads(str(arrays["__neuronlab__"][()]))
    header["config"]["layer_dims"] = [4, 10**9, 10**9, 3]
    arrays["__neuronlab__"] = np.array(json.dumps(header))
    np.savez(tmp_path / "huge.npz", **arrays)
    # the size it would take, before any array is read or allocated
    with pytest.raises(ModelFileError, match=r"huge.npz' would take [0-9.]+ EiB; this machine"):
        nl.Network.load(tmp_path / "huge.npz")


@pytest.mark.parametrize("dims", [5, True, 2.5, None])
def test_layer_dims_that_are_not_a_list_are_refused(tmp_path, trained, dims):
    net, _ = trained
    net.save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as data:
        arrays = {k: data[k] for k in data.files}
    header = json.loads(str(arrays["__neuronlab__"][()]))
    header["config"]["layer_dims"] = dims
    arrays["__neuronlab__"] = np.array(json.dumps(header))
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ModelFileError, match="holds an invalid model: layer_dims"):
        nl.Network.load(tmp_path / "bad.npz")


def test_nan_parameters_are_refused_both_ways(tmp_path, trained):
    net, _ = trained
    net.save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as data:
        arrays = {k: data[k] for k in data.files}
    arrays["W2"][0, 0] = np.nan
    np.savez(tmp_path / "nan.npz", **arrays)
    with pytest.raises(ModelFileError, match="1 NaN or inf parameters"):
        nl.Network.load(tmp_path / "nan.npz")
    bad = net.copy()
    bad.theta[3] = np.inf
    with pytest.raises(ModelFileError, match="net: 1 NaN or inf parameters"):
        bad.save(tmp_path / "inf.npz")
    assert not (tmp_path / "inf.npz").exists()


def test_upper_case_suffix_and_numpys_pickle_advice(tmp_path, trained):
    net, _ = trained
    net.save(tmp_path / "M.NPZ")
    assert [p.name for p in tmp_path.iterdir()] == ["M.NPZ"]
    (tmp_path / "text.npz").write_text("hello")
    with pytest.raises(ModelFileError) as info:
        nl.Network.load(tmp_path / "text.npz")
    assert "allow_pickle" not in str(info.value) and "trust" not in str(info.value)


def test_saved_files_get_the_usual_permissions(tmp_path, trained):
    import os

    net, _ = trained
    mask = os.umask(0o022)
    try:
        net.save(tmp_path / "m.npz")
    finally:
        os.umask(mask)
    assert (tmp_path / "m.npz").stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


def test_the_file_is_npz_plus_json_without_pickles(tmp_path, trained):
    net, _ = trained
    net.save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz", allow_pickle=False) as data:
        header = json.loads(str(data["__neuronlab__"][()]))
        assert header["format"] == "neuronlab-model" and header["format_version"] == 1
        assert sorted(data.files) == sorted(["__neuronlab__", "W1", "b1", "W2", "b2"])


def test_truncated_or_corrupt_files_give_a_clear_error(tmp_path, trained):
    net, _ = trained
    good = tmp_path / "m.npz"
    net.save(good)
    raw = good.read_bytes()
    (tmp_path / "trunc.npz").write_bytes(raw[: len(raw) // 2])
    (tmp_path / "junk.npz").write_bytes(b"this is not a zip file")
    with pytest.raises(ModelFileError, match="corrupt or truncated"):
        nl.Network.load(tmp_path / "trunc.npz")
    with pytest.raises(ModelFileError, match="not a neuronlab model file: it is a text file"):
        nl.Network.load(tmp_path / "junk.npz")
    with pytest.raises(ModelFileError, match="does not exist"):
        nl.Network.load(tmp_path / "nothing.npz")


def test_other_npz_files_and_pickles_are_refused(tmp_path):
    np.savez(tmp_path / "plain.npz", W1=np.zeros((2, 2)))
    with pytest.raises(ModelFileError, match="not a neuronlab model"):
        nl.Network.load(tmp_path / "plain.npz")
    # an object array (which would need pickle to load) is refused, never unpickled
    buf = io.BytesIO()
    np.save(buf, np.array([{"evil": 1}], dtype=object), allow_pickle=True)
    with zipfile.ZipFile(tmp_path / "evil.npz", "w") as z:
        z.writestr("__neuronlab__.npy", buf.getvalue())
    with pytest.raises(ModelFileError):
        read_model_file(tmp_path / "evil.npz")


def test_a_failed_save_leaves_the_old_file_intact(tmp_path, trained, monkeypatch):
    net, X = trained
    path = tmp_path / "m.npz"
    net.save(path)
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # as if the process were stopped mid-write

    monkeypatch.setattr(np, "savez", crash)
    with pytest.raises(KeyboardInterrupt):
        net.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]  # no temporary left behind


def test_bad_metadata_and_folder(tmp_path, trained):
    net, _ = trained
    with pytest.raises(ModelFileError, match="metadata: expected JSON-serialisable"):
        net.save(tmp_path / "m.npz", bad=object())
    with pytest.raises(ModelFileError, match="does not exist"):
        net.save(tmp_path / "no" / "m.npz")


def test_a_network_pickles_with_its_views_intact():
    """In-memory pickling (joblib, deepcopy, sklearn's clone) keeps W1… tied to theta."""
    import copy
    import pickle

    net = nl.Network([3, 4, 2], hidden_activation="tanh", output_activation="softmax", seed=0)
    for back in (pickle.loads(pickle.dumps(net)), copy.deepcopy(net)):
        np.testing.assert_array_equal(back.theta, net.theta)
        back.theta[0] = 42.0
        assert back.parameters["W1"][0, 0] == 42.0 and back.layers[0].W[0, 0] == 42.0
        assert net.theta[0] != 42.0


def test_the_csv_and_figure_writers_write_through_write_atomic(tmp_path):
    from matplotlib.figure import Figure

    from neuronlab.io import csv_writer, figure_writer, write_atomic

    path = write_atomic(tmp_path / "p.csv", csv_writer([["a", "b"], [1, "x,y"]]), "w")
    assert path.read_bytes() == b'a,b\r\n1,"x,y"\r\n'
    fig = Figure(figsize=(1, 1))
    write_atomic(tmp_path / "f.png", figure_writer(fig, dpi=50))
    assert (tmp_path / "f.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.png", "p.csv"]  # no temporaries


def _rewritten(path, tmp_path, change):
    """A copy of the model file at ``path`` with ``change(arrays)`` applied."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    change(arrays)
    out = tmp_path / "changed.npz"
    np.savez(out, **arrays)
    return out


def test_members_stored_in_another_layout_load_to_the_same_values(tmp_path, trained):
    """The block reader takes the stored bytes as they are only when they are laid out
    as the network's; Fortran order, another byte order or float32 in a float64
    network go through a converted copy."""
    net, X = trained
    net.save(tmp_path / "m.npz")
    changes = {
        "fortran": lambda a: a.update(W1=np.asfortranarray(a["W1"])),
        "big-endian": lambda a: a.update(W2=a["W2"].astype(">f8")),
        "float32": lambda a: a.update(b1=a["b1"].astype(np.float32)),
    }
    for name, change in changes.items():
        loaded = nl.Network.load(_rewritten(tmp_path / "m.npz", tmp_path, change))
        expected = net.theta.copy()
        if name == "float32":
            b1 = net.layout.slices()["b1"]
            expected[b1] = expected[b1].astype(np.float32)
        assert np.array_equal(loaded.theta, expected), name


def test_a_missing_or_short_member_is_named(tmp_path, trained):
    net, _ = trained
    net.save(tmp_path / "m.npz")
    no_b2 = _rewritten(tmp_path / "m.npz", tmp_path, lambda a: a.pop("b2"))
    with pytest.raises(ModelFileError, match=r"invalid model: no b2 \(its layer sizes"):
        nl.Network.load(no_b2)
    # a member whose data stops short of what its .npy header declares
    short = tmp_path / "short.npz"
    with zipfile.ZipFile(tmp_path / "m.npz") as src, zipfile.ZipFile(short, "w") as dst:
        for item in src.namelist():
            data = src.read(item)
            dst.writestr(item, data[:-16] if item == "W1.npy" else data)
    with pytest.raises(ModelFileError, match="corrupt or truncated.*W1 ends after"):
        nl.Network.load(short)


def test_loading_holds_the_parameters_once_not_three_times(tmp_path):
    """Members are decompressed in blocks into the network's own parameter vector: the
    peak is the network (parameters and gradients, 2× the parameters) plus a block.
    Before, the arrays read, their packed copy and the network were held at once (4×)."""
    import tracemalloc

    net = nl.Network([300, 2000, 1000, 10], output_activation="softmax", seed=0)
    net.save(tmp_path / "big.npz")
    size = net.theta.nbytes
    tracemalloc.start()
    try:
        loaded = nl.Network.load(tmp_path / "big.npz")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert np.array_equal(loaded.theta, net.theta)
    assert peak < 2 * size + (4 << 20), (peak / size, size)
