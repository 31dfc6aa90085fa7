"""Negations on each side of a bead, with what they negate: the evidence of the ``polarity`` check.

A :class:`Negation` is a word (or two) that turns a statement around, with its character span
in the full text, the span of the word it negates, and how much it can be trusted:

- ``strong``: a plain negation of a predicate or a noun. Japanese, from UniDic tokens: the
  auxiliaries ない/ず/ぬ (ません's ん is ず), the adjective 無い after a verb, an adjective, a
  copula or a noun (〜ではない, 〜てない, 計画のない, 関係ない), なし, 〜なければ "if not".
  English: not, n't, never, no, none, nothing, nobody, nowhere, neither/nor, without, cannot,
  fail to, lack.
- ``lexical``: one word whose negation is part of the word: a Japanese noun with a negative
  prefix (不明, 未完成, 無人, 非公開, 不 + 可能), an English un-word (unknown, unable,
  impossible). Whether it is a negation at all is read from JMdict: 不明's glosses ("unclear",
  "unknown") are negative, 無料's ("free"), 非常's ("emergency", "very"), 未満's ("less than")
  and 無事's ("safety") are not, so those are not negations. Its JMdict glosses
  (``glosses``) tell how the other side may render it without a negation (不便 = "inconvenient"),
  and ``positives`` the words that would say the opposite (unknown → "known", unfinished →
  "finished").
- ``weak``: looks negative and does not negate the statement, so it may explain a negation on
  the other side but is never reported: しか…ない "only", だけでなく "not only", なければならない
  / ざるを得ない "must", かもしれない "may", 少なくない "many", a double negative (〜ないわけでは
  ない, 〜なくはない, 不可能ではない, "not without", "not impossible"), "no longer", "not only",
  "no doubt", "whether or not", and the near-negatives hardly, rarely, seldom, scarcely, barely.

A verb or noun with its negation that JMdict lists as one expression is read by its first
gloss: 変わらない "constant", 欠かせない "indispensable", 間違いない "certain", 関わらず "in spite
of" are affirmative, so not negations; 必要ない "unnecessary" and 知らない "unknown" are, and their
glosses count as a faithful rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Sequence

from .dictionaries import jmdict
from .romanize import looks_hepburn
from .tokens import JaToken, stem

__all__ = ["Negation", "ja_negations", "en_negations", "gloss_is_negative"]

Strength = Literal["strong", "lexical", "weak"]


@dataclass(frozen=True)
class Negation:
    """A negation on one side: the negation word's span, the negated word's, and its strength.

    ``start``/``end`` cover the negation word(s) (ない, ず, "not", "n't", 不明, "unknown");
    ``scope_start``/``scope_end`` the negated word with its negation (残っていない, "not exist"),
    offsets into the side's full text. ``glosses``: stems of the words the other side may use
    for it (JMdict glosses of a lexical negative, or of an expression such as 必要ない);
    ``positives``: stems of the words that would say the opposite (unknown → known).
    """

    lang: Literal["ja", "en"]
    start: int
    end: int
    text: str
    scope_start: int
    scope_end: int
    strength: Strength
    glosses: frozenset[str] = frozenset()
    positives: frozenset[str] = frozenset()
    note: str = ""


# --- glosses ----------------------------------------------------------------------------------

_NEG_PREFIX = re.compile(r"^(un|non-?|in|im|il|ir|dis)([a-z]{4,})$")
_GLOSS_NEG = re.compile(r"\b(?:not|no|never|without|none|nothing|lack(?:ing|s)?)\b|n't\b|\b(?:un|non-?)[a-z]{4,}|\b[a-z]{4,}less\b",
                        re.IGNORECASE)
_GLOSS_NOT_NEG = re.compile(r"\b(?:no (?:doubt|less|more|matter|small)|not a little|nothing but|unless|nevertheless|"
                            r"nonetheless|regardless|irrespective|doubtless)\b",
                            re.IGNORECASE)


def gloss_is_negative(gloss: str) -> bool:
    """Whether a JMdict gloss says "not …": "unknown", "not yet known", "lack of help",
    "nameless" are; "free (of charge)", "less than", "emergency", "no doubt" are not."""
    g = re.sub(r"\([^)]*\)", " ", gloss)
    g = _GLOSS_NOT_NEG.sub(" ", g)
    return bool(_GLOSS_NEG.search(g)) or bool(_NEG_PREFIX.match(g.strip().lower()) and " " not in g.strip()
                                              and _positive_word(g.strip().lower()))


# Words that begin with un- but carry no negative prefix.
_NOT_UN_PREFIX = re.compile(r"uni(?:que|t|on|vers|form|f[iy]|son|lateral|cycl|corn)|under|uncle|unto\b", re.IGNORECASE)


def _positive_word(word: str) -> str:
    """``unknown`` → ``known``; empty if ``word`` has no negative prefix. in-/im-/il-/ir-/dis-
    words count only when they are adjectives of the shapes JMdict uses (impossible,
    incomplete, invalid, irregular, dishonest): the rest (include, important, display) are not
    negatives."""
    m = _NEG_PREFIX.match(word)
    if not m:
        return ""
    prefix, rest = m.group(1), m.group(2)
    if _NOT_UN_PREFIX.match(word):
        return ""  # unique, united, universe, understand: no un- prefix
    if prefix.startswith(("un", "non")):
        return rest
    if re.search(r"(?:ble|ete|id|ent|ant|al|ar|ive|ous|ite|ct|ed|est)$", rest):
        return rest
    return ""


@lru_cache(maxsize=8192)
def _entry_glosses(word: str) -> tuple[str, ...]:
    """Glosses of the first JMdict entry of ``word`` (its first two senses)."""
    for e in jmdict(word)[:1]:
        return tuple(g for s in e.senses[:2] for g in s.glosses)
    return ()


def _single_word_stems(glosses: Sequence[str]) -> frozenset[str]:
    """Stems of the one-word glosses ("unknown", "unclear"; not "no problem", whose "problem"
    would be found in a text that says the opposite)."""
    out = set()
    for g in glosses:
        g = re.sub(r"\([^)]*\)", " ", g).strip()
        if re.fullmatch(r"[A-Za-z][A-Za-z\-]+", g):
            out.add(stem(g))
    return frozenset(out)


_GLOSS_FILLER = frozenset("the a an of to be one's someone something oneself not no yet and or but very all any "
                          "some such so too much more most far between at in on for with by as".split())


def _content_stems(glosses: Sequence[str]) -> frozenset[str]:
    """Stems of the words of the glosses ("after (practically) no time" → after, time)."""
    out = set()
    for g in glosses:
        for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\([^)]*\)", " ", g)):
            if w.lower() not in _GLOSS_FILLER:
                out.add(stem(w))
    return frozenset(out)


def _positive_stems(glosses: Sequence[str]) -> frozenset[str]:
    """Stems of the words that say the opposite of negative glosses: unknown → known, "not
    yet known" → known, unfinished → finished."""
    out = set()
    for g in glosses:
        g = re.sub(r"\([^)]*\)", " ", g).strip().lower()
        if " " not in g:
            p = _positive_word(g)
            if p:
                out.add(stem(p))
        else:
            m = re.fullmatch(r"not (?:yet )?([a-z]{4,})", g)
            if m:
                out.add(stem(m.group(1)))
    return frozenset(out)


# --- Japanese ---------------------------------------------------------------------------------

_NEG_PREFIXES = "不未無非"
_CONTENT = ("動詞", "名詞", "形容詞", "形状詞")


def _lexical_prefix(toks: Sequence[JaToken], i: int) -> tuple[int, int, str] | None:
    """A noun with a negative prefix at token ``i``: (start, end, word) or None.

    不 + 可能 (UniDic splits it), or one token 不明, 無人, 非常: the word must be in JMdict
    (its glosses decide whether it negates)."""
    t = toks[i]
    if t.pos1 == "接頭辞" and t.surface in _NEG_PREFIXES and i + 1 < len(toks) \
            and toks[i + 1].pos1 in ("名詞", "形状詞") and toks[i + 1].start == t.end:
        word = t.surface + toks[i + 1].surface
        return t.start, toks[i + 1].end, word
    if t.pos1 in ("名詞", "形状詞") and len(t.surface) >= 2 and t.surface[0] in _NEG_PREFIXES and _entry_glosses(t.surface):
        return t.start, t.end, t.surface
    return None


def _predicate(toks: Sequence[JaToken], i: int) -> int | None:
    """Index of the content word that the negation at ``i`` negates (残る in 残っていない, not
    the subsidiary いる; 実施 in 実施しなかった)."""
    from .chunks import _JA_LIGHT

    prev = None
    found = light = None
    for k in range(max(0, i - 8), i):
        x = toks[k]
        subsidiary = x.lemma in _SUBSIDIARY and prev is not None and prev.surface in ("て", "で")
        if x.pos1 in _CONTENT and not subsidiary and x.lemma != "為る":
            # 戻ることはなかった: 戻る, not the formal こと; 攻め落とすことが出来ず: 攻め落とす
            if x.lemma.split("-")[0] in _JA_LIGHT or x.surface in _JA_LIGHT or x.lemma in ("持つ",):
                light = k
            else:
                found = k
        if x.pos1 in ("補助記号", "記号"):
            found = light = None
        prev = x
    return found if found is not None else light


_SUBSIDIARY = frozenset("居る 有る 仕舞う 来る 行く 見る 置く 貰う 呉れる 上げる".split())


def _expression(toks: Sequence[JaToken], p: int, i: int) -> tuple[str, tuple[str, ...]]:
    """The words before the negation with it as a JMdict expression (変わらない, 必要ない,
    間もない, 関わらず), with its glosses; ``("", ())`` when JMdict has none. The longest
    run of up to four tokens that JMdict lists wins."""
    neg = toks[i]
    tail = "ない" if neg.lemma in ("ない", "無い") else neg.surface
    for j in range(max(0, i - 4), i):
        if toks[j].pos1 in ("助詞", "助動詞", "補助記号") or i - j > 4:
            continue
        head = "".join(x.surface for x in toks[j:i])
        words = [head + tail, head + neg.surface, head + "ない"]  # 変わらず: 変わらない
        if j == i - 1 and toks[j].lemma.split("-")[0] != toks[j].surface:
            words += [toks[j].lemma.split("-")[0] + tail, toks[j].lemma.split("-")[0] + neg.surface]  # 程なく
        for word in dict.fromkeys(words):
            if len(word) >= 3 and re.search(r"[\u4e00-\u9fff]", word) or len(word) >= 4:
                gl = _entry_glosses(word)
                if gl:
                    return word, gl
    return "", ()


def ja_negations(toks: Sequence[JaToken], readings: Sequence[tuple[int, int]] = ()) -> list[Negation]:
    """The negations of Japanese tokens (offsets as in the tokens), in text order.

    ``readings`` are spans of readings in parentheses (（しんざん）), where ん is no ず.
    """
    out: list[Negation] = []
    double: set[int] = set()
    for i, t in enumerate(toks):
        if any(a <= t.start < b for a, b in readings):
            continue
        lex = _lexical_prefix(toks, i)
        if lex is not None:
            neg = _ja_lexical_negation(toks, i, lex, double)
            if neg is not None:
                out.append(neg)
            continue
        if not _ja_negates(toks, i):
            continue
        strength, note = _ja_strength(toks, i, double)
        out.append(_ja_negation(toks, i, strength, note))
    return out


def _ja_lexical_negation(toks: Sequence[JaToken], i: int, lex: tuple[int, int, str],
                         double: set[int]) -> Negation | None:
    """The negation of a negative prefix word (不明, 未刊行) at token ``i``, or None for a
    lexicalised one (無料 "free"); a double negative (不可能ではない) marks its ない in ``double``."""
    t = toks[i]
    if i and toks[i - 1].pos1 == "接頭辞" and toks[i - 1].end == t.start:
        return None
    s, e, word = lex
    glosses = _entry_glosses(word)
    if not glosses and t.pos1 == "接頭辞":
        glosses = tuple(f"not {g}" for g in _entry_glosses(word[1:])[:4])  # 未 + 刊行: "not publication"
    negs = [g for g in glosses if gloss_is_negative(g)]
    if not negs or not gloss_is_negative(glosses[0]) and len(negs) < 2:
        return None  # 無料 "free", 非常 "emergency; very", 未満 "less than", 無事 "safety"
    k = next(j for j in range(i, len(toks)) if toks[j].end >= e)
    after = "".join(x.surface for x in toks[k + 1:k + 5])
    strength: Strength = "weak" if re.match(r"(では|でも|じゃ)(な|あり)", after) else "lexical"
    if strength == "weak":  # 不可能ではない: the ない of ではない cancels too
        double.update(j for j in range(k + 1, min(len(toks), k + 5)) if toks[j].lemma in ("無い", "ない"))
    return Negation("ja", s, e, word, s, e, strength,
                    _content_stems(glosses) - _content_stems(_entry_glosses(word[1:])),
                    _positive_stems(glosses), "double negative" if strength == "weak" else "prefix")


def _ja_negates(toks: Sequence[JaToken], i: int) -> bool:
    """Whether token ``i`` is a negation: the auxiliary ない/ず/ぬ, the adjective 無い, なし, or the
    prohibitive な (亡き "late" and ないし "or" are not)."""
    t = toks[i]
    prev = toks[i - 1] if i else None
    neg = False
    if t.pos1 == "助動詞" and t.lemma in ("ない", "ず", "ぬ") and prev is not None and prev.pos1 in ("動詞", "助動詞", "形容詞"):
        # after a verb or an auxiliary only (おしず is a name); ん only in ません (鎮護せん
        # is the classical volitional む)
        neg = t.surface != "ん" or prev.lemma == "ます"
    elif t.pos1 == "助動詞" and t.lemma == "ず" and prev is not None and prev.surface == "へ" and i > 1 \
            and toks[i - 2].pos1 in ("名詞", "動詞"):
        neg = True  # 術理を弁へず: the classical spelling of 弁えず, read as 弁 + the particle へ
    elif t.pos1 == "形容詞" and t.lemma == "無い" and prev is not None and (
            prev.pos1 in ("動詞", "助動詞", "形容詞", "名詞", "形状詞")
            or prev.surface in ("は", "も", "で", "く", "て", "が", "の", "じゃ", "しか", "さえ", "すら")):
        neg = True
    elif t.pos1 == "動詞" and t.lemma == "無くなる" and prev is not None and prev.surface in ("は", "も") \
            and i > 1 and toks[i - 2].surface in ("で", "く"):
        neg = True  # 過言ではなくなっている, 一般的ではなくなった "is no longer": UniDic's verb 無くなる
    elif t.surface in ("なし", "無し") and t.pos1 != "動詞":
        neg = True
    elif t.pos1 == "助詞" and t.pos2 == "終助詞" and t.surface == "な" and prev is not None and (
            prev.pos1 == "動詞" or prev.surface == "もう" and i + 1 < len(toks) and toks[i + 1].surface == "」"):
        neg = True  # 行くな "do not go", 赴きたもうな: the prohibitive な after a verb (給う split as た+もう)
    if not neg or t.surface.startswith("亡"):
        return False  # 亡き母 "his late mother": 無い written 亡, "deceased"
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if t.lemma == "無い" and t.surface == "ない" and nxt is not None and nxt.surface == "し" and prev.pos1 == "名詞":
        return False  # 寺町ないし、その周辺 "Teramachi or its surroundings": ないし "or"
    return True


def _next_negation(toks: Sequence[JaToken], i: int) -> int | None:
    """The next negation auxiliary within the clause after token ``i`` (up to 12 tokens)."""
    for j in range(i + 1, min(len(toks), i + 13)):
        if toks[j].surface in ("、", "，") and toks[j - 1].surface in ("と", "ば"):
            continue  # 受けていないと、伝授出来ない: the comma after the condition
        if toks[j].surface in ("。", "、", "，"):
            return None
        if toks[j].lemma in ("無い", "ない", "ず", "ぬ") and toks[j].pos1 in ("助動詞", "形容詞"):
            return j
    return None


def _ja_strength(toks: Sequence[JaToken], i: int, double: set[int]) -> tuple[Strength, str]:
    """(strength, note) of the negation at token ``i`` by its context: weak for a double
    negative, "must", "only", a hedge (ではないか) and the like (marking the other half of a
    double negative in ``double``); a contrast (AではなくB) noted."""
    t = toks[i]
    before = "".join(x.surface for x in toks[max(0, i - 3):i])
    after = "".join(x.surface for x in toks[i + 1:i + 5])
    strength: Strength = "strong"
    note = ""
    if i in double:
        strength, note = "weak", "double negative"
    elif before.endswith(("ざるを得", "ざるをえ", "ずにはい", "ないではい", "でも")) or after.startswith("以外"):
        strength, note = "weak", "must / nothing but"  # 言わざるを得ない; 〜以外の何物でもない
    elif before.endswith(("かもしれ", "かも知れ", "かね", "兼ね")) or after.startswith(("かもしれ", "かも知れ")) \
            or re.match(r"(か|だろうか|でしょうか|かつたらうか|かったろうか|かったであろうか|たか)", after):
        # 〜ではないかと思われる "it is thought that": a hedge, no negation; 問題がなかったか調べる
        # "investigate whether there were problems": a question, no negation
        strength, note = "weak", "hedge"
    elif "しか" in before or re.search(r"(だけ|のみ|ばかり)(で|なら)$", before) or before.endswith("少なく") or \
            "以外" in "".join(x.surface for x in toks[max(0, i - 12):i]):
        strength, note = "weak", "only / not only / many"
    elif "必ずしも" in "".join(x.surface for x in toks[max(0, i - 10):i]):
        strength, note = "weak", "not necessarily"  # 必ずしも一致していない "opinion is divided": partial
    elif re.match(r"(ければ|くては|くちゃ|きゃ)(なら|いけ|だめ|ダメ)|ば(なら|いけ)", after) or \
            t.surface.startswith("なけれ") and re.match(r"ば(なら|いけ|だめ)", after) or \
            (t.lemma == "ず" and after.startswith("を得")):
        strength, note = "weak", "must"
    elif re.search(r"(ければ|くては|ねば|なくては|ざれば)(なら|いけ|なり)$", before) or (
            before.endswith(("ては", "ちゃ")) and t.lemma == "無い"):
        strength, note = "weak", "must"
    elif (re.match(r"と(?!して|い[うっわ]|言|も|さ|考え|思|[み見]|伝え|述べ|記|書|判断|主張|指摘|説明|答え|話|聞)", after) or t.surface.startswith("なけれ") and after.startswith("ば")) \
            and (j := _next_negation(toks, i)) is not None and not any(x.surface == "も" for x in toks[i + 1:j]):
        # 受けていないと伝授出来ない "is necessary to receive": a condition, the pair says "only if"
        # (but 水も加えていなければ炭素濾過もしていない "neither … nor" is a list, no condition)
        strength, note = "weak", "only if"
        double.add(j)
    elif re.match(r"(わけ|訳|こと|事)(で|じゃ)?(は|も)?(な|あり)", after) or re.match(r"(く|で)?(は|も)(な|あり)", after):
        # a double negative cancels: 〜ないわけではない, 〜ないことはない, 〜なくはない, 〜ないでもない
        strength, note = "weak", "double negative"
        for j in range(i + 1, min(len(toks), i + 6)):
            if toks[j].lemma in ("無い", "ない", "ず", "ぬ"):
                double.add(j)
                break
    if strength == "strong" and t.lemma == "無い" and t.surface == "なく" and before.endswith("では") and \
            re.match(r"[、，,]|[^\u3040-\u309f]", after or "、") and \
            not (i >= 3 and (toks[i - 3].pos1 == "形状詞" or toks[i - 3].surface == "的")):
        # (一般的ではなく、… "was not common, and …": an adjective negated, no contrast of two nouns)
        note = "contrast"  # A ではなく B "B rather than A": English says it many ways (instead of, as opposed to)
    return strength, note


def _ja_negation(toks: Sequence[JaToken], i: int, strength: Strength, note: str) -> Negation:
    """The negation at token ``i`` with its scope (from the predicate it negates) and, for an
    expression JMdict lists (間もない, 変わらない), that expression's glosses."""
    t = toks[i]
    p = _predicate(toks, i)
    scope_start = toks[p].start if p is not None else t.start
    glosses: frozenset[str] = frozenset()
    positives: frozenset[str] = frozenset()
    if p is not None and strength == "strong":
        word, gl = _expression(toks, p, i)
        if gl:
            if not gloss_is_negative(gl[0]):
                # 変わらない "constant", 間違いない "certain", 関わらず "in spite of", いけない
                # "wrong": no negation to report, but one may explain the other side's
                strength, note = "weak", f"expression {word}"
            else:
                # the affirmative glosses are how the other side may say it without a
                # negation (間もない "immediately after"); the negative ones it renders with one
                glosses = _content_stems([g for g in gl if not gloss_is_negative(g)]) \
                    - _content_stems(_entry_glosses(toks[p].lemma.split("-")[0]))
                positives = _positive_stems(gl)
                note = f"expression {word}"
    return Negation("ja", t.start, t.end, t.surface, scope_start, t.end, strength, glosses, positives, note)


# --- English ----------------------------------------------------------------------------------

_EN_STRONG = re.compile(
    r"\b(?:not|never|no|none|nothing|nobody|nowhere|neither|nor|without|cannot|lacks?|lacked|lacking|"
    r"fail(?:s|ed|ing)? to)\b(?!-)|n't\b|\bno[- ]one\b",  # "the not-flat part" negates no statement
    re.IGNORECASE,
)
_EN_WEAK = re.compile(
    r"\b(?:not only|no longer|nothing but|no doubt|no less than|no more than|not until|none other than|"
    r"no sooner|not a few|not least|nothing less|(?:whether )?or not|if not|hardly|scarcely|barely|seldom|"
    r"rarely|no matter|not necessarily|yet to|exclud(?:e|es|ed|ing)|untrue|rather than|instead of|at all)\b",
    re.IGNORECASE,
)
_EN_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# un-/in- words that are negations however the other side puts it, with no JMdict gloss to
# read: an English adjective of knowing, being able, having or finishing.
_EN_LEXICAL = re.compile(
    r"\b(?:unknown|unclear|uncertain|unable|impossible|incomplete|unfinished|unidentified|unnamed|undated|"
    r"unrecorded|unsigned|unpublished|unconfirmed|absent|unnecessary|needless|unused|unmarried|uninhabited|"
    r"unrelated|unchanged|unsuccessful(?:ly)?|unaware|nonexistent|non-existent)\b",
    re.IGNORECASE,
)
# "not wrong", "not rare": litotes, an affirmative
_NEGATIVE_ADJECTIVES = frozenset("wrong bad rare difficult hard false few little less uncommon unusual".split())
_AUX_EN = frozenset("be is are was were been being have has had do does did to a an the any so very yet always even "
                    "only just really ever at all".split())


def _scope(text: str, end: int) -> int:
    """End of the words an English negation negates: the next two words that are not
    auxiliaries or articles ("not [be] found", "no [written] records")."""
    n = 0
    last = end
    for m in _EN_WORD.finditer(text, end):
        if text[end:m.start()].strip(" ") and re.search(r"[,.;:()]", text[end:m.start()]):
            break
        last = m.end()
        if m.group().lower() not in _AUX_EN:
            n += 1
            if n == 2:
                break
        end = m.end()
    return last


def en_negations(text: str, offset: int = 0) -> list[Negation]:
    """The negations of one English sentence (offsets shifted by ``offset``), in text order."""
    out: list[Negation] = []
    weak_spans = [(m.start(), m.end()) for m in _EN_WEAK.finditer(text)]
    for m in _EN_WEAK.finditer(text):
        out.append(Negation("en", offset + m.start(), offset + m.end(), m.group(), offset + m.start(),
                            offset + _scope(text, m.end()), "weak", note="not a negation of the statement"))
    strong = [m for m in _EN_STRONG.finditer(text) if not any(a <= m.start() < b for a, b in weak_spans)]
    lexical = list(_EN_LEXICAL.finditer(text))
    generic = [w for w in _EN_WORD.finditer(text) if re.match(r"(?:un[^aeiouy]|non-)[a-z]{3,}", w.group())
               and not _EN_LEXICAL.fullmatch(w.group())
               and _positive_word(w.group().lower().replace("non-", "non"))]  # not "understand", "under"
    cancelled: set[int] = set()
    for m in strong:
        # "not without", "not impossible", "never unkind": a double negative
        follow = re.match(r"\W+(?:(?:a|an|the|be|been|entirely|wholly|altogether|quite|so)\W+)?([A-Za-z\-]+)", text[m.end():])
        if follow and m.group().lower() in ("not", "n't", "never") and (
                follow.group(1).lower() == "without" or _positive_word(follow.group(1).lower())
                or follow.group(1).lower() in _NEGATIVE_ADJECTIVES):
            cancelled.add(m.start())
            cancelled.add(m.end() + follow.start(1))
    question = text.rstrip(" '\"’”").endswith("?")
    for m in strong:
        word = m.group()
        if word.lower() == "no" and _romanized_no(text, m.start(), m.end()):
            continue
        if question and m.start() < 20 or re.match(r"(?:\W+\w+){0,10}?\W+(?:until|till)\b", text[m.end():]) \
                and word.lower() in ("not", "n't", "no") or re.match(r"(?:\W+\w+){0,8}?\W+without\b", text[m.end():]) \
                and word.lower() in ("not", "n't", "no", "cannot", "never", "nothing", "nobody"):
            out.append(Negation("en", offset + m.start(), offset + m.end(), word, offset + m.start(),
                                offset + _scope(text, m.end()), "weak", note="question / not until"))
            continue
        if m.start() in cancelled:
            out.append(Negation("en", offset + m.start(), offset + m.end(), word, offset + m.start(),
                                offset + _scope(text, m.end()), "weak", note="double negative"))
            continue
        if word.lower() == "without" and m.start() in cancelled:
            continue
        out.append(Negation("en", offset + m.start(), offset + m.end(), word, offset + m.start(),
                            offset + _scope(text, m.end()), "strong"))
    for m in [*lexical, *generic]:
        word = m.group()
        pos = _positive_word(word.lower().replace("non-", "non"))
        # an un-word JMdict's glosses do not list is a negation only to explain one on the other
        # side ("unearthed" is no negation of "earthed")
        strength: Strength = "weak" if m.start() in cancelled or m in generic else "lexical"
        out.append(Negation("en", offset + m.start(), offset + m.end(), word, offset + m.start(), offset + m.end(),
                            strength, frozenset({stem(word)}), frozenset({_en_stem(pos)}) if pos else frozenset(),
                            "double negative" if strength == "weak" else ("listed" if m in lexical else "un-word")))
    out.sort(key=lambda n: n.start)
    return out


def _en_stem(word: str) -> str:
    from .chunks import _en_stem as chunk_stem  # known → know, as JMdict's glosses say it

    return chunk_stem(word)


def _romanized_no(sent: str, start: int, end: int) -> bool:
    """"FUJIWARA no Takahide", "Higashi no gozen", "No. 24", "Nishi-no-ko": the Japanese particle
    or an abbreviation, not English "no"."""
    if sent[end:end + 1] in (".", "-", "'", "’", '"', "”") or sent[start - 1:start] in ("-", "'", "‘", '"', "“"):
        return True  # "No. 24", "Nishi-no-ko", a quoted 'No' (「NO」と言える日本)
    if re.search(r"(?:^|[,;:]|[.!?][\"”’)]?(?=\s)|\b(?:and|but|or|with|had|have|has|were|was|are|is|there|as|result))\s*$",
                 sent[:start]):
        return False  # "as a result, no Imperial Universities were established"; "…in cash. No one was"
    nxt = re.match(r"\W*([A-Za-z'’]+)", sent[end:])
    if nxt and nxt.group(1)[0].isupper():
        return True
    # English "no" follows a verb of having or being, a preposition or a conjunction ("there
    # were no", "had no", "with no", "and no") or opens the sentence; the particle of
    # romanized Japanese follows a Japanese word ("suiei no kanmuri", "Shakkyo no ma").
    prev = re.search(r"([A-Za-z'’]+)\W*$", sent[:start])
    if prev is None or re.search(r"[,;:]\s*$", sent[:start]):
        return False
    if prev.group(1).lower() in _BEFORE_NO:
        return False
    # between words romanized Japanese cannot spell ("detected no organic compounds") it is
    # English; "Mutsu no kuni", "no chi" are the particle
    return looks_hepburn(prev.group(1).lower().strip("'’")) or bool(nxt) and looks_hepburn(nxt.group(1).lower().strip("'’"))


_BEFORE_NO = frozenset(
    """is are was were be been being am has have had having with and or but of in at by for to on from
    there here that which who as than if so because also still yet almost virtually although though
    when while whereas where since after before until unless even only
    received receive receives found find finds see saw seen far shows showed shown reported reports
    made make makes gave give gives took take takes left leave leaves got get gets offered offer
    need needs needed known""".split()
)
