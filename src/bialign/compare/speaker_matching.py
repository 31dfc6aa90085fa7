"""Speakers: who a statement is attributed to on each side of a bead, and whether two agree.

Who says it: "Xは「…」と述べた", "Xによれば" against 'X said "…"', "according to X". On the
Japanese side a speaker is the Xは (else Xが) of a clause ending in 「…」と or …と plus a speech
verb (:data:`_SPEECH_JA`), or the X of Xによれば/Xによると (:func:`_ja_speakers`); on the English
side the capitalized or title words before "said/stated/commented/told/explained/…" (also "X,
who stated", '"…," said X') or after "according to" (:func:`_en_speakers`). A speaker has a
name part and a title part (ラヴロフ外相 = Lavrov + Foreign Minister; honorifics such as 氏
dropped; a country before a title, ロシア外相, is an affiliation); names are compared with the
names machinery (:mod:`.name_matching`), titles with ``bialign/data/speaker_titles.json``
(:func:`_relation`).

This is the machinery of the ``speakers`` check, which reports in :mod:`.quotes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ._common import BeadView, JaToken, is_kanji, is_katakana, lexicon, name_similarity
from .name_matching import _THRESHOLD, _TITLE_WORDS, _ja_names, _token_keys
from .tokens import _STOPWORDS

# English verbs that attribute a statement to a speaker ("Lavrov said"); quotes.py also takes
# them for the verbs of speech around a quotation.
_SAY_EN = (r"said|says|say|stated|states|commented|comments|told|tells|explained|explains|remarked|"
           r"added|adds|noted|notes|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|argued|argues|declared|"
           r"announced|insisted|insists|claimed|claims|asserted|replied|responded|answered|wrote|writes|"
           r"warned|warns|observed|maintained|pointed out|was quoted as saying|quoted")

# Lemmas of verbs and サ変 nouns that report speech after a quotative と.
_SPEECH_JA = frozenset(
    """述べる 発言 語る 説明 論評 話す 強調 指摘 表明 主張 明言 批判 答える 回答 訴える 発表 反論
    明かす 述懐 記す 報じる 伝える 答弁 言明 断言 警告 解説 談話 コメント 称賛 評価 言う""".split()
)
_EN_AUX = frozenset("has have had was is also reportedly apparently then later again once "
                    "further had earlier would will did publicly openly".split())
_EN_SAY_RE = re.compile(r"\b(?:" + _SAY_EN + r")\b")
_EN_ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
_PRONOUNS = frozenset("he she they it i we you who which this that".split())


@dataclass(frozen=True)
class Speaker:
    """Who a statement is attributed to on one side: the phrase, its name and title parts."""

    text: str
    start: int
    end: int
    names: tuple  # JaToken runs' tokens (Japanese) or (word, start, end) triples (English)
    offices: frozenset[str]
    title: str


@lru_cache(maxsize=1)
def _titles() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    return tuple((e["office"], tuple(e["ja"]), tuple(e["en"])) for e in lexicon("speaker_titles"))


def _ja_title(text: str) -> tuple[str, frozenset[str]]:
    """The longest title form ``text`` ends with, and the offices it can name."""
    forms = [f for _, ja, _ in _titles() for f in ja if text.endswith(f)]
    if not forms:
        return "", frozenset()
    best = max(forms, key=len)
    return best, frozenset(o for o, ja, _ in _titles() if best in ja)


def _en_title(text: str) -> tuple[str, frozenset[str]]:
    low = " " + re.sub(r"\s+", " ", text.lower()) + " "
    forms = [f for _, _, en in _titles() for f in en if f" {f} " in low]
    if not forms:
        return "", frozenset()
    best = max(forms, key=len)
    return best, frozenset(o for o, _, en in _titles() if best in en)


@lru_cache(maxsize=1)
def _en_title_words() -> frozenset[str]:
    # content words only: "the" and "of" (secretary of the treasury) do not make a phrase a title
    return frozenset(w for _, _, en in _titles() for f in en for w in f.split() if w not in _STOPWORDS)


def _is_name_token(t: JaToken) -> bool:
    return (t.pos1 == "名詞" and t.pos2 == "固有名詞") or (
        t.unknown and t.pos1 == "名詞" and (is_katakana(t.surface) or is_kanji(t.surface))
    )


def _ja_speaker(view: BeadView, run: list[JaToken]) -> Speaker | None:
    """Split a noun run (ラヴロフ外相, ロシア政府筋, 「コメルサント」) into name and title."""
    run = [t for t in run if t.surface not in "「」『』"]
    if not run:
        return None
    text = view.ja.full_text[run[0].start : run[-1].end]
    # The names are the name tokens followed only by other names or a title: in ラヴロフ外相
    # the name is ラヴロフ; in ロシア政府筋 ロシア only says whose sources they are.
    k = 0
    while k < len(run) and _is_name_token(run[k]):
        k += 1
    names = run[:k]
    rest = "".join(t.surface for t in run[k:])
    rest = re.sub(r"(?:氏|さん|様|殿|君|ら|等)+$", "", rest)  # honorifics and plurals are not titles
    title, offices = _ja_title(rest) if rest else ("", frozenset())
    if rest and not title:
        names = []
    if title or len(names) > 1:
        # a country or place before a title is an affiliation (ロシア外相), not the speaker's name
        names = [t for t in names if t.pos3 not in ("地名", "国")]
    if not names and not title:
        return None
    return Speaker(text, run[0].start, run[-1].end, tuple(names), offices, title)


def _noun_run_before(toks: list[JaToken], i: int) -> list[JaToken]:
    """The noun phrase ending just before ``toks[i]``: 「…」 contents or a run of nouns/affixes."""
    j = i - 1
    if j >= 0 and toks[j].surface in ("」", "』"):
        k = j - 1
        while k >= 0 and toks[k].surface not in ("「", "『"):
            k -= 1
        return toks[k + 1 : j] if k >= 0 else []
    run: list[JaToken] = []
    while j >= 0 and toks[j].pos1 in ("名詞", "接尾辞", "接頭辞") and (not run or toks[j].end == run[0].start):
        run.insert(0, toks[j])
        j -= 1
    return run


def _ja_speakers(view: BeadView) -> list[Speaker]:
    out: list[Speaker] = []
    for s_off, sent in view.ja.sentences():
        toks = [t for t in view.ja_tokens if s_off <= t.start < s_off + len(sent)]
        depth = 0
        inside = []
        for t in toks:
            if t.surface in ("「", "『"):
                depth += 1
            inside.append(depth > 0)
            if t.surface in ("」", "』"):
                depth = max(0, depth - 1)
        clause_start = 0
        for i, t in enumerate(toks):
            if inside[i]:
                continue
            # Xによれば / Xによると: X is the source of what follows.
            if t.surface == "に" and i + 1 < len(toks) and toks[i + 1].surface in ("よれ", "よる", "より") \
                    and i + 2 < len(toks) and toks[i + 2].surface in ("ば", "と"):
                sp = _ja_speaker(view, _noun_run_before(toks, i))
                if sp:
                    out.append(sp)
                clause_start = i + 3
                continue
            if t.lemma not in _SPEECH_JA and t.surface not in _SPEECH_JA:
                continue
            if t.lemma in ("言う",) and not t.surface.startswith(("言っ", "言い")):
                continue  # という / と言う before a noun or at the end is hearsay, not attribution
            prev = [k for k in range(max(clause_start, i - 4), i) if not inside[k]]
            if not any(toks[k].surface == "と" and toks[k].pos1 == "助詞" for k in prev):
                continue
            # the speaker: the last Xは (else Xが) of this clause, outside quotations
            cands = {"は": None, "が": None}
            for k in range(clause_start, i):
                if inside[k] or toks[k].surface not in cands or toks[k].pos1 != "助詞" or k == 0:
                    continue
                if toks[k - 1].pos1 in ("名詞", "接尾辞") or toks[k - 1].surface in ("」", "』"):
                    cands[toks[k].surface] = k
            k = cands["は"] if cands["は"] is not None else cands["が"]
            clause_start = i + 1
            if k is None:
                continue
            sp = _ja_speaker(view, _noun_run_before(toks, k))
            if sp:
                out.append(sp)
    return out


def _en_phrase_back(words: list, sent: str, i: int) -> list:
    """Words of the noun phrase ending at ``words[i]`` (capitalized words and title words)."""
    out: list = []
    while i >= 0:
        w, s, e = words[i]
        if out and sent[e:out[0][1]].strip(" -"):
            break  # punctuation between: the phrase ended
        low = w.lower()
        if low.endswith(("'s", "’s")):
            break  # "Lavrov's spokesman said": the owner is not the speaker
        if not (w[:1].isupper() or low in _en_title_words()):
            break
        out.insert(0, words[i])
        i -= 1
    while out and out[0][0] in ("The", "A", "An"):
        out.pop(0)
    return out


def _en_phrase_forward(words: list, sent: str, i: int) -> list:
    out: list = []
    while i < len(words):
        w, s, e = words[i]
        if out and sent[out[-1][2]:s].strip(" -"):
            break
        if not out and w.lower() in ("the", "a", "an"):
            i += 1
            continue
        if not (w[:1].isupper() or w.lower() in _en_title_words()):
            break
        out.append(words[i])
        i += 1
    if out and i < len(words) and not sent[out[-1][2]:words[i][1]].strip():
        nxt = words[i][0]
        if nxt[:1].islower() and nxt.lower() not in _STOPWORDS:
            return []  # "according to the Russian media": the capitals only modify a common noun
    return out


def _en_speaker(phrase: list, sent: str, off: int) -> Speaker | None:
    if not phrase:
        return None
    text = sent[phrase[0][1] : phrase[-1][2]]
    title, offices = _en_title(text)
    title_words = set(title.split())
    names = tuple(
        (w, s + off, e + off) for w, s, e in phrase
        if w[:1].isupper() and w not in _TITLE_WORDS and w.lower() not in title_words and w.lower() not in _PRONOUNS
    )
    if len(names) == 1 and names[0][1] - off == _sentence_start(sent) and names[0][0].endswith("s") \
            and not names[0][0].endswith(("'s", "’s")):
        names = ()  # "Officials said", "Analysts said": a capital that only starts the sentence
    if not names and not title:
        return None
    return Speaker(text, phrase[0][1] + off, phrase[-1][2] + off, names, offices, title)


def _sentence_start(sent: str) -> int:
    return len(sent) - len(sent.lstrip(" \t\n\"“'‘("))


def _en_speakers(view: BeadView) -> list[Speaker]:
    out: list[Speaker] = []
    for off, sent in view.en.sentences():
        words = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[A-Za-z][A-Za-z'’\-]*", sent)]
        starts = {s: n for n, (_, s, _) in enumerate(words)}
        for m in _EN_SAY_RE.finditer(sent):
            n = starts.get(m.start())
            if n is None:
                continue
            j = n - 1
            while j >= 0 and words[j][0].lower() in _EN_AUX and not sent[words[j][2]:words[j + 1][1]].strip():
                j -= 1
            if j > 0 and words[j][0].lower() == "who" and sent[words[j - 1][2]:words[j][1]].strip() == ",":
                j -= 1  # "President Medvedev, who stated": the antecedent speaks
            elif j >= 0 and sent[words[j][2]:words[j + 1][1]].strip():
                j = -1  # '"…," said Lavrov': the speaker follows the verb
            phrase = _en_phrase_back(words, sent, j) if j >= 0 else []
            if not phrase and n > 0 and sent[words[n - 1][2]:m.start()].strip(" ").endswith(("\"", "”", ",\"", ",”")):
                phrase = _en_phrase_forward(words, sent, n + len(m.group().split()))
            sp = _en_speaker(phrase, sent, off)
            if sp:
                out.append(sp)
        for m in _EN_ACCORDING.finditer(sent):
            n = next((k for k, w in enumerate(words) if w[1] >= m.end()), None)
            if n is None:
                continue
            sp = _en_speaker(_en_phrase_forward(words, sent, n), sent, off)
            if sp:
                out.append(sp)
    return out


def _names_agree(ja: Speaker, en: Speaker) -> str:
    """"same", "different" or "unknown" for two speakers' name parts."""
    keys_found = False
    for t in ja.names:
        roms, glosses = _token_keys(t)
        keys_found = keys_found or bool(roms or glosses)
        for w, _, _ in en.names:
            lw = w.lower()
            if any(len(g) >= 2 and lw.startswith(g.lower()[: max(2, min(len(g), 5))]) and g[:1].isupper()
                   for g in glosses):
                return "same"
            if any(name_similarity(r2, w) >= _THRESHOLD for r in roms for r2 in r.split()):
                return "same"
    return "different" if keys_found else "unknown"


def _relation(ja: Speaker, en: Speaker) -> str:
    if ja.names and en.names:
        return _names_agree(ja, en)
    if ja.offices and en.offices:
        return "same" if ja.offices & en.offices else "different"
    return "unknown"


def _token_romaji(t: JaToken) -> str:
    roms, glosses = _token_keys(t)
    return (roms or glosses or [t.surface])[0]


def _mentioned_in_ja(view: BeadView, en: Speaker) -> bool:
    """Whether an English speaker's name matches some name in the Japanese bead."""
    if not en.names:
        return False
    for run in _ja_names(view):
        probe = Speaker("", 0, 0, tuple(run), frozenset(), "")
        if _names_agree(probe, en) == "same":
            return True
    return False
