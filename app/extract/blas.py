"""The extractor's matrix products through numpy's BLAS rather than thinc's blis.

thinc multiplies float32 matrices with the bundled `blis` package unless told
otherwise; `NumpyOps(use_blis=False)` is thinc's own switch to `numpy.dot`,
whose BLAS (OpenBLAS in numpy's wheels, Accelerate on macOS) picks kernels for
the CPU it finds.  The token-to-vector layers, the tagger and the lower layers
of the parser and the entity recognizer are nearly all such products, so the
pipeline costs far less (`bench/extract_speed.py` prints both).  The parser's
compiled loop keeps blis (`ops.cblas()` is unchanged).

A different BLAS sums in a different order: `doc.tensor` differs in its last
bits, while every annotation (tags, morphology, lemmas, parses, entities) is the
published pipeline's.  Tests check both.

The extractor uses one process per core (`ExtractorPool`); BLAS threads of its
own in each would only compete with them, so each process keeps to one.
"""

from __future__ import annotations

from spacy.language import Language
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_limits


def use_numpy_blas(nlp: Language) -> None:
    """Have every network of `nlp` multiply with numpy's BLAS, on one thread.

    Set on each layer after loading: spaCy builds some layers under `use_ops("cpu")`
    whatever the current ops (the parser's output layer, when resized to its
    labels).  Call it before the stand-ins are swapped in: a `Slot` keeps its
    stand-in's network (the stepped recognizer's) out of this walk's sight."""
    threadpool_limits(limits=1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for layer in model.walk():
                layer.ops = ops
