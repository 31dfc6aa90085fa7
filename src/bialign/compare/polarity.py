"""Polarity and time: a statement turned around, a time reference moved.

- :func:`polarity`: one side negates and the other does not. Japanese negation is read from
  UniDic tokens: the auxiliaries ない/ず/ぬ (ません's ん), the adjective 無い after a verb or
  a copula (〜ではない, 〜てない), なし, and the negative prefixes 不/未/無/非 on a noun
  (不明 "unknown", 未完成 "unfinished"). Constructions that look negative and are not are left
  out: しか…ない "only", だけでなく "not only", なければならない/ざるを得ない "must", 少なくない
  "many", かもしれない "may", ないし "or", and a double negative (〜ないわけではない,
  〜なくはない) cancels. English negation: not, n't, no, never, none, nothing, nobody,
  neither/nor, without, fail to, lack, and un-/in-/im-/dis- adjectives of knowledge and
  ability (unknown, unclear, unable, impossible, incomplete); "not only", "no longer",
  "nothing but", "no doubt" are not negations of the statement.
  Only a bead with negation on one side and none at all on the other is reported: with
  negation on both sides, which clause it belongs to is beyond a word-level check.
- :func:`time_reference`: a relative time reference whose opposite is on the other side:
  翌年 "the following year" against "the previous year", 晩年 "in his later years" against
  "in his youth", 前半 "the first half" against "the latter half", 午前 against "evening",
  現在 "at present" against "formerly". A reference that is dropped is not reported (the
  context usually carries it); one that is turned into its opposite is.

Both run in both directions.
"""

from __future__ import annotations

import re

from ._common import BeadView, JaToken, content_words, jmdict, stem
from .registry import BOTH, register

# --- polarity ---------------------------------------------------------------------------------

_NEG_PREFIX_NOUNS_OK = frozenset("不動 不思議 無事 無料 無数 無量 非常 不断 未来 不死 無常 不二 無住 不空 無学 無双".split())


def _ja_negations(view: BeadView) -> list[JaToken]:
    toks = view.ja_tokens
    readings = view.ja_readings
    out: list[JaToken] = []
    for i, t in enumerate(toks):
        if any(a <= t.start < b for a, b in readings):
            continue  # （しんざん）: a reading, where ん is not ず
        prev = toks[i - 1] if i else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        neg = False
        if t.pos1 == "助動詞" and t.lemma in ("ない", "ず", "ぬ"):
            neg = True
        elif t.pos1 == "形容詞" and t.lemma == "無い" and prev is not None and (
                prev.pos1 in ("動詞", "助動詞") or prev.surface in ("は", "も", "で", "く", "て", "が")):
            neg = True
        elif t.surface in ("なし", "無し") and t.pos1 != "動詞":
            neg = True
        elif t.pos1 == "接頭辞" and t.surface in ("不", "未", "無") and nxt is not None and nxt.pos1 == "名詞":
            neg = True
        elif t.pos1 in ("名詞", "形状詞") and len(t.surface) >= 2 and t.surface[0] in "不未無非" \
                and t.surface not in _NEG_PREFIX_NOUNS_OK and t.lemma not in _NEG_PREFIX_NOUNS_OK:
            # 不明, 不詳, 未詳, 無人, 非公開: one UniDic word with a negative prefix
            neg = t.surface[:2] in _NEG_COMPOUNDS
        if not neg:
            continue
        before = "".join(x.surface for x in toks[max(0, i - 3):i])
        after = "".join(x.surface for x in toks[i + 1:i + 5])
        if before.endswith(("ざるを得", "ざるをえ", "ずにはい", "でも")) or after.startswith("以外"):
            continue  # 言わざるを得ない "must say"; 〜以外の何物でもない / 何物でもない "nothing but"
        if before.endswith(("かもしれ", "かも知れ", "かね", "兼ね")):
            continue  # かもしれない "may", 〜かねない "might": hedges
        if "しか" in before or re.search(r"(だけ|のみ|ばかり)で$", before) or before.endswith("少なく"):
            continue  # しか…ない "only"; だけでなく "not only"; 少なくない "many"
        if re.match(r"(ければ|くては|ればなら|ば(なら|いけ))", after) or t.surface.startswith("なけれ") \
                or after.startswith(("かもしれ", "かも知れ")) or (t.lemma == "ず" and after.startswith("を得")):
            continue  # なければならない, ざるを得ない: necessity; かもしれない: a hedge
        if re.search(r"(ければ|くては|ねば|なくては|ざれば)(なら|いけ|なり)$", before) or (
                before.endswith(("ては", "ちゃ")) and t.lemma == "ない" and after.startswith("ない")):
            continue  # 〜なければならない: the second ない belongs to the necessity
        if re.match(r"(わけ|訳)(で|じゃ)(は|も)?(な|あり)", after) or re.match(r"(く)?は(な|あり)", after):
            continue  # a double negative cancels: 〜ないわけではない, 〜なくはない
        out.append(t)
    return out


def _gloss_stems(lemma: str) -> set[str]:
    """Stems of the content words of the first senses of ``lemma`` in JMdict."""
    words: set[str] = set()
    for e in jmdict(lemma)[:2]:
        for sense in e.senses[:3]:
            for g in sense.glosses:
                words |= content_words(re.sub(r"\([^)]*\)", "", g))
    return words


def _ja_anchored(view: BeadView, neg: JaToken) -> bool:
    """Whether the word the Japanese negates is rendered in the English (by a JMdict gloss)."""
    pred = None
    prev = None
    for x in view.ja_tokens:
        if x.end > neg.start:
            break
        subsidiary = x.lemma in _SUBSIDIARY and prev is not None and prev.surface in ("て", "で")
        if x.pos1 in ("動詞", "名詞", "形容詞", "形状詞") and not subsidiary and x.lemma != "為る":
            pred = x  # 残っていない: 残る, not the い of ている; 実施しなかった: 実施
        prev = x
    if pred is None:
        return False
    lemma = pred.lemma.split("-")[0]
    en = content_words(view.en.text)
    return bool(_gloss_stems(lemma) & en) or bool(_gloss_stems(pred.surface) & en)


_SUBSIDIARY = frozenset("居る 有る 仕舞う 来る 行く 見る 置く 貰う 呉れる 上げる".split())

_AUX_EN = frozenset("be is are was were been being have has had do does did to a an the any so very "
                    "yet always even only just really".split())


def _en_anchored(view: BeadView, neg: tuple[int, int, str]) -> bool:
    """Whether the English word after the negation ("not exist", "no records") is rendered by a
    word of the Japanese (some token's JMdict gloss)."""
    after = view.en.full_text[neg[1]:neg[1] + 60]
    words = [w for w in re.findall(r"[A-Za-z]+", after) if w.lower() not in _AUX_EN][:2]
    if not words:
        return False
    target = {stem(w) for w in words if len(w) > 2}
    key = "polarity.ja_gloss_stems"
    if key not in view._cache:
        stems: set[str] = set()
        for t in view.ja_tokens:
            if t.pos1 in ("動詞", "名詞", "形容詞", "形状詞"):
                stems |= _gloss_stems(t.lemma.split("-")[0])
        view._cache[key] = stems
    return bool(target & view._cache[key])


_NEG_COMPOUNDS = frozenset(
    """不明 不詳 未詳 不可 不能 不在 不要 不許 不参 不通 不成 不作 未完 未定 未納 未刊 未見 未着 未遂 未婚
    未成 未知 未解 未確 無人 無縁 無名 無効 無断 無視 無用 無実 非公 非力 非戦 非開""".split()
)

_EN_NEG = re.compile(
    r"\b(?:not|never|no|none|nothing|nobody|nowhere|neither|nor|without|cannot|lacks?|lacked|lacking|"
    r"fail(?:s|ed)? to|unable|unknown|unclear|uncertain|impossible|incomplete|unfinished|unidentified|"
    r"unnamed|undated|unrecorded|unsigned|unpublished|unconfirmed|absent|unnecessary|needless|unused|"
    r"unmarried|uninhabited|unrelated|unchanged|unsuccessful(?:ly)?|unaware|nonexistent|non-existent)\b|n't\b",
    re.IGNORECASE,
)
_EN_NOT_NEG = re.compile(
    r"\b(?:not only|no longer|nothing but|no doubt|no less than|no more than|not until|none other than|"
    r"no sooner|not a few|not least|nothing less)\b",
    re.IGNORECASE,
)


def _en_negations(view: BeadView) -> list[tuple[int, int, str]]:
    out = []
    for off, sent in view.en.sentences():
        skip = [(m.start(), m.end()) for m in _EN_NOT_NEG.finditer(sent)]
        for m in _EN_NEG.finditer(sent):
            if any(a <= m.start() < b for a, b in skip):
                continue
            if m.group().lower() == "no" and _romanized_no(sent, m.start(), m.end()):
                continue
            out.append((off + m.start(), off + m.end(), m.group()))
    return out


def _final(view: BeadView, neg: JaToken) -> bool:
    """Whether ``neg`` negates the sentence's last predicate: only auxiliaries, particles,
    punctuation and closing brackets follow it."""
    for t in view.ja_tokens:
        if t.start >= neg.end and t.pos1 not in ("助動詞", "助詞", "補助記号", "記号", "空白") \
                and t.lemma not in ("有る", "居る", "の", "ん"):
            return False
    return True


def _romanized_no(sent: str, start: int, end: int) -> bool:
    """"FUJIWARA no Takahide", "Higashi no gozen", "No. 24", "Nishi-no-ko": the Japanese particle
    or an abbreviation, not English "no"."""
    if sent[end:end + 1] in (".", "-") or sent[start - 1:start] == "-":
        return True
    nxt = re.match(r"\W*([A-Za-z'’]+)", sent[end:])
    if nxt and nxt.group(1)[0].isupper():
        return True
    # English "no" follows a verb of having or being, a preposition or a conjunction ("there
    # were no", "had no", "with no", "and no") or opens the sentence; the particle of
    # romanized Japanese follows a Japanese word ("suiei no kanmuri", "Shakkyo no ma").
    prev = re.search(r"([A-Za-z'’]+)\W*$", sent[:start])
    if prev is None:
        return False
    return prev.group(1).lower() not in _BEFORE_NO


_BEFORE_NO = frozenset(
    """is are was were be been being am has have had having with and or but of in at by for to on from
    there here that which who as than if so because also still yet almost virtually""".split()
)


@register(kinds=("polarity",), directions=BOTH)
def polarity(view: BeadView):
    """A negation on one side with no negation at all on the other (〜なかった → "was")."""
    if view.ja.empty or view.en.empty:
        return []
    ja_neg = _ja_negations(view)
    en_neg = _en_negations(view)
    if bool(ja_neg) == bool(en_neg):
        return []
    if ja_neg:
        t = ja_neg[0]
        start = t.start
        # show the negated word with its negation: 残っていない, 屈せず
        for x in view.ja_tokens:
            if x.end <= t.start and x.pos1 in ("動詞", "名詞", "形容詞", "形状詞"):
                start = x.start
        ja_span, en_span = (start, t.end), None
        said = view.ja.full_text[start:t.end]
        explanation = (f"The Japanese negates ({said}); the English has no negation anywhere in the "
                       "bead, so the statement may have been turned around.")
    else:
        s, e, word = en_neg[0]
        ja_span, en_span = None, (s, e)
        explanation = (f"The English negates ({word!r}); the Japanese has no negation anywhere in the "
                       "bead, so the statement may have been turned around.")
    ja_is_neg_side = bool(ja_neg)
    # Anchored: the negated predicate has a counterpart on the other side (行われなかった
    # against "was carried out", "did not exist" against 存在した), so the same statement is
    # there, affirmed. Unanchored (足りなかった "was short of"), the other side may well say it
    # with other words: undecided.
    anchored = _ja_anchored(view, ja_neg[0]) if ja_is_neg_side else _en_anchored(view, en_neg[0])
    # Sure enough to be minor: a single sentence a side whose main predicate is negated
    # (…なかった。, …ではありません。). A negation inside a clause, or in a bead of several
    # sentences, is often rendered by a negative word the check does not know: info.
    single = len(view.ja.sentence_spans) == 1 and len(view.en.sentence_spans) == 1
    if ja_is_neg_side:
        confidence = 0.6 if single and _final(view, ja_neg[-1]) else 0.4
    else:
        confidence = 0.55 if single and en_neg[0][2].lower() in ("not", "never", "n't", "cannot") else 0.4
    # The other side says it with a word of negative meaning (廃止 "no longer exists", 稀
    # "not often", "lost", "few", "only"): a word-level check cannot tell those from a
    # reversal, so the difference is left undecided (info).
    if _LEXICAL_NEG[ja_is_neg_side and "en" or "ja"].search(view.en.text if ja_is_neg_side else view.ja.text):
        confidence = min(confidence, 0.3)
    if not anchored:
        confidence = min(confidence, 0.4)
    # English often renders a Japanese negation with a negative word (lost, lacked, failed,
    # refused, rarely, few): a word-level check cannot see those, so a one-sided negation is
    # minor, not major.
    return [view.divergence(
        kind="polarity", confidence=confidence, check="polarity", explanation=explanation,
        ja_span=ja_span, en_span=en_span,
        evidence={"anchored": anchored, "japanese_negations": [t.surface for t in ja_neg],
                  "english_negations": [w for _, _, w in en_neg],
                  "negated_side": "japanese" if ja_is_neg_side else "english"},
    )]


_LEXICAL_NEG = {
    "ja": re.compile(
        r"[無非不未否廃欠稀希禁拒断失止辞反絶消滅減免休退却捨漏略除抜離逃喪損]|難し|がた[いく]|づら[いく]|にく[いく]|"
        r"以外|やめ|止め|少な|わずか|僅か|のみ|だけ|しか|まで|前に|うちに|忘|避け|防|外れ|外さ|空[いき]|なく|なし|"
        r"留ま|とどま|ばかり|ほとんど|殆ど|ほぼ|限[りら]|別|異な|違"),
    "en": re.compile(
        r"\b(?:few|little|hardly|rarely|seldom|scarcely|barely|only|solely|merely|just|except|excluding|"
        r"other than|rather than|instead|until|till|before|lost|lose|loses|losing|refus\w*|den(?:y|ied|ies)|"
        r"prohibit\w*|ban(?:s|ned)?|forb[ia]d\w*|prevent\w*|avoid\w*|ceas\w*|stop\w*|ended|abolish\w*|"
        r"absen\w*|free|fail\w*|miss\w*|vacant|empty|difficult|hard to|beyond|indispensable|essential|"
        r"inevitabl[ey]|necessar\w*|away|gone|disappear\w*|vanish\w*|extinct|"
        r"discontinu\w*|abandon\w*|out of|exempt\w*|omit\w*|leave out|left out|different|differ\w*|"
        r"contrary|opposite|against|reject\w*|decline\w*|neither|nor|unless|unable|inability|invalid\w*|"
        r"insufficient|inadequate|illegal|irregular|dissolv\w*|disband\w*|dismiss\w*)\b|\w{3,}less\b|\bnon-",
        re.IGNORECASE),
}


# --- time references --------------------------------------------------------------------------

# class -> (Japanese pattern, English pattern); OPPOSITE pairs the classes.
_TIME = {
    "after": (r"翌[年月日朝週]|その後|以後|後年|のちに|後に", r"\b(?:following|next|later|after(?:wards?)?|subsequent(?:ly)?)\b"),
    "before": (r"前年|前日|前月|以前|かつて|先立|前に", r"\b(?:previous|preceding|before|earlier|prior|former(?:ly)?|once|used to)\b"),
    "early": (r"初期|前期|前半|上旬|初頭|初め|はじめ|早期|当初", r"\b(?:early|first half|beginning|start|initial(?:ly)?|earliest)\b"),
    "late": (r"末期|後期|後半|下旬|末年|末頃|晩期|終わり", r"\b(?:late|latter|second half|end|final|last years)\b"),
    "old": (r"晩年|老年|老後", r"\b(?:later years|old age|late in (?:his|her|their) life|last years|final years)\b"),
    "young": (r"若い頃|若年|幼少|少年|少女|幼い|若き|青年", r"\b(?:young|youth|childhood|boyhood|girlhood|early years|as a child|as a boy)\b"),
    "now": (r"現在|今日|現存|現行|今も|いまも|今なお|今では", r"\b(?:now|present|presently|current(?:ly)?|today|existing)\b"),
    "past": (r"かつて|当時|元は|もとは|昔", r"\b(?:formerly|used to|former|at that time|in the past)\b"),
    "morning": (r"午前|朝|早朝|明け方", r"\b(?:morning|a\.m\.|am|dawn|daybreak)\b"),
    "evening": (r"午後|夕方|夕刻|夜|晩", r"\b(?:afternoon|evening|night|p\.m\.|pm|dusk)\b"),
}
_OPPOSITE = {"after": "before", "before": "after", "early": "late", "late": "early", "old": "young",
             "young": "old", "now": "past", "past": "now", "morning": "evening", "evening": "morning"}


# Pairs specific enough to stand on their own (晩年 against "youth", 午前 against "evening");
# before/after, now/past and early/late words turn up in many clauses of one sentence.
_SPECIFIC = frozenset({"old", "young", "morning", "evening"})
# "formerly", "now" as adverbs of the clause; "former" and "present" modify a noun (跡 "the
# former site", 現正則学園 "the present Seisoku school") and are status_words' business.
_TIME_ADVERBS = frozenset("formerly now today currently presently nowadays".split()) | {"used to", "in the past"}
_PERIOD_PARTS = frozenset("初期 前期 前半 上旬 初頭 末期 後期 後半 下旬".split())  # 江戸時代前期 "the early Edo period"


def _time_classes(text: str, lang: str, offset: int,
                  bounds: tuple[set[int], set[int]] | None = None) -> dict[str, tuple[int, int, str]]:
    """The first reference of each class. With ``bounds`` (Japanese token starts and ends), a
    match must cover whole tokens: 前に is not found in 名前に, 朝 not in 朝廷, 後に not in 最後に."""
    found: dict[str, tuple[int, int, str]] = {}
    for cls, (ja, en) in _TIME.items():
        pattern = re.compile(ja if lang == "ja" else en, 0 if lang == "ja" else re.IGNORECASE)
        for m in pattern.finditer(text):
            s, e = offset + m.start(), offset + m.end()
            if bounds is None or (s in bounds[0] and e in bounds[1]):
                found[cls] = (s, e, m.group())
                break
    return found


# Calendar-relative references: which year, month, week or day, counted from the time of
# writing or from the story's time (昨年 "last year", 翌週 "the following week").
_UNITS = {"年": "year", "月": "month", "週": "week", "日": "day"}
_JA_RELATIVE = re.compile(r"(?P<prev>昨|去|前|先)(?P<u1>年|月|週|日)|(?P<this>今|本)(?P<u2>年|月|週|日)|(?P<next>来|翌|明)(?P<u3>年|月|週|日)")
_EN_RELATIVE = {
    "prev": r"\b(?:last|previous|preceding|past) {u}\b|\bthe {u} before\b|\b{u} earlier\b|\byesterday\b",
    "this": r"\bthis {u}\b|\bthe current {u}\b|\btoday\b",
    "next": r"\b(?:next|following|coming|subsequent) {u}\b|\bthe {u} after\b|\b{u} later\b|\btomorrow\b",
}
_WHICH = {"prev": "the previous one", "this": "the current one", "next": "the next one"}


def _en_relative(text: str, unit: str) -> dict[str, re.Match[str]]:
    found = {}
    for cls, pattern in _EN_RELATIVE.items():
        pat = pattern.format(u=unit)
        if unit != "day":
            pat = pat.replace("|\\byesterday\\b", "").replace("|\\btoday\\b", "").replace("|\\btomorrow\\b", "")
        m = re.search(pat, text, re.IGNORECASE)
        if m:
            found[cls] = m
    return found


def _relative_flags(view: BeadView) -> list:
    """今週 → "last week": a calendar-relative reference pointing at another year, month, week
    or day. Words of one token only (今日 "today", 先月; not 前日 inside 前日本代表)."""
    out = []
    bounds = ({t.start for t in view.ja_tokens}, {t.end for t in view.ja_tokens})
    for off, sent in view.ja.sentences():
        for m in _JA_RELATIVE.finditer(sent):
            s, e = off + m.start(), off + m.end()
            if s not in bounds[0] or e not in bounds[1]:
                continue
            cls = next(k for k in ("prev", "this", "next") if m.group(k))
            unit = _UNITS[m.group("u1") or m.group("u2") or m.group("u3")]
            en = _en_relative(view.en.text, unit)
            others = [c for c in en if c != cls]
            if others and cls not in en:
                em = en[others[0]]
                out.append(view.divergence(
                    kind="time", confidence=0.65, check="time_reference",
                    explanation=(f"The Japanese says {m.group()} ({_WHICH[cls]} {unit}); the English says "
                                 f"{em.group()!r} ({_WHICH[others[0]]}): another {unit} is meant."),
                    ja_span=(s, e), en_span=(view.en.start + em.start(), view.en.start + em.end()),
                    evidence={"japanese": m.group(), "english": em.group(), "japanese_class": cls,
                              "english_class": others[0], "unit": unit},
                ))
    return out


@register(kinds=("time",), directions=BOTH)
def time_reference(view: BeadView):
    """A relative time reference turned into its opposite (翌年 → "the previous year")."""
    if view.ja.empty or view.en.empty:
        return []
    toks = view.ja_tokens
    ja_c = _time_classes(view.ja.text, "ja", view.ja.start,
                         ({t.start for t in toks}, {t.end for t in toks}))
    en_c = _time_classes(view.en.text, "en", view.en.start)
    out = _relative_flags(view)
    taken = {d.evidence["japanese"] for d in out}
    for cls, (s, e, word) in ja_c.items():
        if word in taken:
            continue
        opp = _OPPOSITE[cls]
        # Reported only when the English has the opposite and nothing of the same class: "the
        # following year" is not contradicted by an "earlier" elsewhere in a bead that also
        # says "later".
        if opp in en_c and cls not in en_c and opp not in ja_c:
            es, ee, eword = en_c[opp]
            out.append(view.divergence(
                # A word-level match of time words: the English word may render another word
                # (跡 "former site", 今は "now"); undecided.
                kind="time", confidence=0.6 if cls in _SPECIFIC or word in _PERIOD_PARTS or (
                    cls in ("now", "past") and eword.lower() in _TIME_ADVERBS) else 0.45, check="time_reference",
                explanation=(f"The Japanese says {word} ({cls}); the English says {eword!r} ({opp}): "
                             "the time reference is reversed."),
                ja_span=(s, e), en_span=(es, ee),
                evidence={"japanese": word, "english": eword, "japanese_class": cls, "english_class": opp},
            ))
    from .periods import phase_flags

    return out + phase_flags(view, {d.evidence["japanese"] for d in out})
