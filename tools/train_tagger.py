"""Train the entity tagger (a CRF) on CoNLL-2003 train and write indexer/data/entities.crfsuite.

    python -m tools.train_tagger [../shared/data/conll2003/train.txt]

The model holds feature weights, not text. It learns from the words, their
shapes and neighbours, and the gazetteer marks, so names it never saw are
tagged from context and shape.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pycrfsuite

from indexer.entities.features import sentence_features
from indexer.entities.gazetteer import load_gazetteer
from indexer.entities.tagger import MODEL
from indexer.entities.tokens import Token
from tools.conll import read_conll

DEFAULT_TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "conll2003" / "train.txt"


def main() -> None:
    train = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TRAIN
    gazetteer = load_gazetteer()
    trainer = pycrfsuite.Trainer(verbose=False)
    started = time.perf_counter()
    sentences = 0
    for doc in read_conll(train):
        for sentence in doc.sentences:
            tokens = [Token(word, 0, 0) for word, _ in sentence]
            trainer.append(sentence_features(tokens, gazetteer), [tag for _, tag in sentence])
            sentences += 1
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True})
    trainer.train(str(MODEL))
    seconds = time.perf_counter() - started
    print(
        f"trained on {sentences} sentences in {seconds:.0f} s -> {MODEL} ({MODEL.stat().st_size // 1024} KiB)"
    )


if __name__ == "__main__":
    main()
