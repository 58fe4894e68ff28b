"""The shipped encoder loads offline with the real loading code and encodes deterministically."""

from __future__ import annotations

import numpy as np

from dyad.learn.encoder import SentenceEncoder, encoder, encoder_digest, model_file

SENTENCES = ["Police arrested three men in Ahmedabad on Friday.",
             "Iranian Foreign Minister Abbas Araghchi met his Pakistani counterpart in Islamabad on Monday to "
             "discuss border security.", "Hello."]


def test_encoder_gives_piece_vectors_with_offsets_and_a_unit_sentence_vector() -> None:
    (first, second, third) = encoder().encode(SENTENCES)
    assert first.vectors.shape[1] == 384 and first.vectors.dtype == np.float32
    assert len(first.vectors) == len(first.offsets)
    start, end = first.offsets[0]
    assert SENTENCES[0][start:end].lower() == "police"
    assert abs(float(np.linalg.norm(second.sentence)) - 1.0) < 1e-5
    assert len(third.vectors) == 2  # "hello" and "."


def test_an_encoding_does_not_depend_on_its_batch() -> None:
    alone = encoder().encode(SENTENCES[1:2])[0]
    batched = encoder().encode(SENTENCES)[1]
    assert np.allclose(alone.vectors, batched.vectors, atol=1e-4)


def test_span_vector_falls_back_to_the_sentence_vector() -> None:
    encoded = encoder().encode(SENTENCES[:1])[0]
    assert np.allclose(encoded.span_vector(1000, 1001), encoded.sentence)
    assert not np.allclose(encoded.span_vector(0, 6), encoded.sentence)


def test_encoder_digest_is_part_of_the_pipeline_version() -> None:
    from dyad.version import pipeline_stamp

    assert model_file().exists()
    assert pipeline_stamp().endswith(f"+e{encoder_digest()}")


def test_sentences_encoded_side_by_side_are_the_same_as_one_by_one(monkeypatch) -> None:
    monkeypatch.setenv("DYAD_ENCODER_THREADS", "2")
    side_by_side = SentenceEncoder().encode(SENTENCES * 3)
    for alone, together in zip(encoder().encode(SENTENCES * 3), side_by_side, strict=True):
        assert np.array_equal(alone.vectors, together.vectors) and np.array_equal(alone.sentence, together.sentence)
        assert np.array_equal(alone.offsets, together.offsets)
