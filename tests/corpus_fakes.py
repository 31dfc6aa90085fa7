"""Stand-in aligners for corpus runs: picklable, so that worker processes and Ray actors build them.

They segment for real and pair sentences in order (the rest 1-0 / 0-1), so a corpus test checks
the plumbing fast and exactly. ``FailingAligner`` dies, as a killed worker does, the first time
it meets one document (a marker file remembers that it did).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import bialign
from bialign.align import Alignment, Bead
from bialign.provenance import Provenance
from bialign.segment import Sentence


def pairing_alignment(src, tgt, src_lang, tgt_lang, encoder_id="pairing-test-double", settings=None):
    """A stand-in aligner's result: real segmentation, sentences paired in order, the rest 1-0 / 0-1."""
    def split(x, lang):
        if isinstance(x, str):
            return x, tuple(bialign.segment(x, lang))
        lines = [s.text if isinstance(s, Sentence) else s for s in x]
        text, out, pos = "\n".join(lines), [], 0
        for line in lines:
            out.append(Sentence(line, pos, pos + len(line)))
            pos += len(line) + 1
        return text, tuple(out)

    src_text, s = split(src, src_lang)
    tgt_text, t = split(tgt, tgt_lang)
    n = min(len(s), len(t))
    beads = [Bead((i,), (i,), round(0.9 - 0.1 * i, 3)) for i in range(n)]
    beads += [Bead((i,), (), 0.0) for i in range(n, len(s))] + [Bead((), (i,), 0.0) for i in range(n, len(t))]
    prov = Provenance(encoder_id, settings if settings is not None else {"src_lang": src_lang})
    return Alignment(src_text, tgt_text, s, t, tuple(beads), src_lang, tgt_lang, prov)


@dataclass(frozen=True)
class PairingAligner:
    """``PairingAligner(delay=0.1)()`` is an aligner: the factory the corpus runner calls once per worker."""

    delay: float = 0.0

    def __call__(self):
        return self

    def align(self, src, tgt, *, src_lang="ja", tgt_lang="en"):
        if self.delay:
            time.sleep(self.delay)
        return pairing_alignment(src, tgt, src_lang, tgt_lang)


@dataclass(frozen=True)
class FailingAligner:
    """Kills its own process (``os._exit``) on the first attempt at a document whose text holds ``trigger``."""

    trigger: str
    marker: str
    delay: float = 0.0

    def __call__(self):
        return self

    def align(self, src, tgt, *, src_lang="ja", tgt_lang="en"):
        if self.delay:
            time.sleep(self.delay)
        if self.trigger in (src if isinstance(src, str) else "") and not Path(self.marker).exists():
            Path(self.marker).write_text(str(os.getpid()), encoding="utf-8")
            os._exit(1)
        return pairing_alignment(src, tgt, src_lang, tgt_lang)


@dataclass(frozen=True)
class KillingAligner:
    """Kills its own process (``os._exit``) at every attempt at a document whose text holds ``trigger``."""

    trigger: str

    def __call__(self):
        return self

    def align(self, src, tgt, *, src_lang="ja", tgt_lang="en"):
        if self.trigger in (src if isinstance(src, str) else ""):
            os._exit(1)
        return pairing_alignment(src, tgt, src_lang, tgt_lang)
