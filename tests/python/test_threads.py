"""encode_batch releases the GIL: Python threads can encode at the same time, correctly."""
import threading
import time

import pytest
import tokenmill


def test_concurrent_encode_batch_from_python_threads(bert, bundled_texts):
    expected = [e.ids for e in bert.encode_batch(bundled_texts)]
    results, errors = {}, []

    def work(name, texts):
        try:
            for _ in range(5):
                results[name] = [e.ids for e in bert.encode_batch(texts)]
        except Exception as error:  # surfaced below, a thread cannot fail the test itself
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n, bundled_texts)) for n in range(2)]
    reversed_thread = threading.Thread(target=work, args=("reversed", bundled_texts[::-1]))
    threads.append(reversed_thread)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results[0] == expected and results[1] == expected
    assert results["reversed"] == expected[::-1]


def test_encode_batch_num_threads(bert, bundled_texts):
    expected = [bert.encode(t).ids for t in bundled_texts]
    for n in (1, 2, 0):
        assert [e.ids for e in bert.encode_batch(bundled_texts, num_threads=n)] == expected


def test_gil_is_released_during_encoding(bert, bundled_texts):
    """A pure-Python thread keeps running while another thread encodes a large batch."""
    texts = bundled_texts * 20
    ticks, done = [], threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    start = time.perf_counter()
    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        for _ in range(3):
            bert.encode_batch(texts)
    finally:
        done.set()
        thread.join()
    elapsed = time.perf_counter() - start
    during = [t for t in ticks if t - start < elapsed * 0.9]
    # With the GIL held, the ticker would be frozen for the whole encoding.
    assert len(during) >= 10, f"ticker ran {len(during)} times in {elapsed:.3f}s"


def test_settings_change_while_other_threads_encode(bert, bundled_texts):
    """Truncation toggled from one thread while another encodes: no crash, valid results."""
    full = [len(e) for e in bert.encode_batch(bundled_texts)]
    stop, errors, lengths = threading.Event(), [], []

    def encoder():
        try:
            while not stop.is_set():
                lengths.append([len(e) for e in bert.encode_batch(bundled_texts)])
        except Exception as error:
            errors.append(error)

    thread = threading.Thread(target=encoder)
    thread.start()
    for _ in range(50):
        bert.enable_truncation(16)
        bert.no_truncation()
    stop.set()
    thread.join()
    assert not errors
    truncated = [min(n, 16) for n in full]
    for row in lengths:
        assert row in (full, truncated)


def test_a_failing_text_deep_in_a_threaded_batch_is_named(bert, bundled_texts):
    """Results are wrapped while other threads still encode: an error far into the batch
    stops it, names the first bad input and leaves the tokenizer usable."""
    texts = list(bundled_texts) * 4
    texts[len(texts) - 7] = b"bad \xff"
    texts[len(texts) - 3] = b"also bad \xc3"
    for n in (1, 2):
        with pytest.raises(ValueError, match=f"input {len(texts) - 7}:"):
            bert.encode_batch(texts, num_threads=n)
        with pytest.raises(ValueError, match=f"input {len(texts) - 7}:"):
            bert.encode_batch([(t, "pair") for t in texts], num_threads=n)
    assert bert.encode("still fine").tokens == ["[CLS]", "still", "fine", "[SEP]"]


def test_padded_batches_on_threads_equal_single_encodes(bert, bundled_texts):
    """Padding to the longest needs the whole batch first (another code path)."""
    texts = list(bundled_texts)
    bert.enable_padding()
    batch = bert.encode_batch(texts, num_threads=2)
    width = max(len(bert.encode(t)) for t in texts)
    for text, e in zip(texts, batch):
        single = bert.encode(text)  # padding to the longest of one text adds nothing
        n = len(single)
        assert len(e) == width
        assert (e.ids[:n], e.offsets[:n], e.tokens[:n], e.word_ids[:n]) == \
            (single.ids, single.offsets, single.tokens, single.word_ids)
        assert e.offsets[n:] == [(0, 0)] * (width - n) and e.attention_mask[n:] == [0] * (width - n)


def test_sentencepiece_batch_error_is_named_on_threads():
    from conftest import REPO_ROOT
    models = sorted((REPO_ROOT / "tests" / "data").rglob("*.model"))
    if not models:
        pytest.skip("no bundled SentencePiece model")
    sp = tokenmill.SentencePieceProcessor(model_file=str(models[0]))
    texts = ["hello world"] * 100
    texts[77] = b"\xff"
    for n in (1, 2):
        with pytest.raises(ValueError, match="input 77:"):
            sp.encode(texts, num_threads=n)
    ok = sp.encode(["hello world"] * 100, num_threads=2)
    assert ok == [sp.encode("hello world")] * 100


def test_batch_ids_are_shared_int_objects_that_survive_their_lists(bert, bundled_texts):
    """Ids come from one shared int per value (int_cache.h): equal values, plain ints, and
    dropping every list that held them leaves them valid."""
    import gc
    import sys
    first = bert.encode_batch(bundled_texts, num_threads=2)
    ids = [e.ids for e in first]
    expected = [[int(i) for i in row] for row in ids]
    again = [e.ids for e in bert.encode_batch(bundled_texts, num_threads=1)]
    assert again == expected
    a, b = ids[0][1], again[0][1]
    assert type(a) is int and a is b  # one object per value, not one per list
    refs = sys.getrefcount(a)
    del first, ids, again
    gc.collect()
    assert sys.getrefcount(a) < refs and a == expected[0][1]
    enc = tokenmill.get_encoding("cl100k_base")
    batch = enc.encode_ordinary_batch(["hello world"] * 3, num_threads=2)
    assert batch[0] == enc.encode_ordinary("hello world") and batch[0][0] is batch[2][0]


def test_batches_leave_the_cyclic_collector_as_they_found_it(bert, bundled_texts):
    """The collector is paused only while a chunk's results are wrapped (parallel_batch.cc)."""
    import gc
    enc = tokenmill.get_encoding("cl100k_base")
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            enc.encode_ordinary_batch(bundled_texts, num_threads=2)
            bert.encode_batch(bundled_texts, num_threads=2)
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_an_encoding_outlives_the_rest_of_its_batch(bert, bundled_texts):
    """A batch's Encodings share one block allocation per chunk (compact_encoding.h): any of
    them stays whole after the others are dropped, in any order."""
    import gc
    expected = [bert.encode(t) for t in bundled_texts[:40]]
    batch = bert.encode_batch(bundled_texts[:40], num_threads=2)
    kept = [batch[3], batch[17], batch[39]]
    del batch
    gc.collect()
    for e, i in zip(kept, (3, 17, 39)):
        assert (e.ids, e.tokens, e.offsets, e.word_ids) == \
            (expected[i].ids, expected[i].tokens, expected[i].offsets, expected[i].word_ids)
    del kept[1]
    assert kept[1].tokens == expected[39].tokens and kept[0].ids == expected[3].ids


def test_kept_helper_threads_serve_many_batches_and_a_forked_child(bert, bundled_texts):
    """Batches share kept helper threads (helper_pool.h): many batches in a row stay exact, and
    a child forked after the threads exist (it has none of them) still encodes its batches."""
    import os
    expected = [e.ids for e in bert.encode_batch(bundled_texts, num_threads=1)]
    for n in (2, 3, 8, 2):
        assert [e.ids for e in bert.encode_batch(bundled_texts, num_threads=n)] == expected
    pid = os.fork()
    if pid == 0:  # child: exit status says whether the batch came out right
        ok = [e.ids for e in bert.encode_batch(bundled_texts, num_threads=2)] == expected
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
