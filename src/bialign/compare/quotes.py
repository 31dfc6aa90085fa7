"""Quotation and attribution: direct speech removed or added, first person turned third, a
speaker changed.

Japanese quotes with 「」 (『』 inside, “” for emphasis), English with "…" or “…”. A quotation
that only wraps a name or a label (「コメルサント」, 「2+2」, "2-plus-2") is a typographic
convention, not reported speech, so it is left out of the counts.

- :func:`quotations`: the bead has more quotations on one side than on the other: direct
  speech turned into reported speech ("asking: Is there any reason…?" for 「一体、何のために
  …?」と), or words put in someone's mouth (呉越同舟の話し合いだった → it had been a case of
  "strange bedfellows"). Without translating, the check cannot tell which quotation
  corresponds to which, so the unmatched ones are picked by their relative position in the
  bead. Both directions. Japanese→English it also reports one quotation on each side where
  the English one has more sentences (「よく戦ってくれた」 → '"They fought hard. I take full
  responsibility."'): words may have been added to what was said.
- :func:`first_person_quotes`: a Japanese quotation in the first person (われわれ, 私, the
  volitional 〜たい "I want") whose English counterpart has no first-person pronoun: "we will
  never…" became "Russia would not…". Japanese→English only: Japanese drops pronouns freely,
  so an English "we" with no われわれ proves nothing.
- :func:`speakers`: a statement attributed to someone else. On the Japanese side a speaker is
  the Xは (else Xが) of a clause ending in 「…」と or …と plus a speech verb (述べた, 発言した,
  語った, 説明した, 論評した, 強調した, …), or the X of Xによれば/Xによると; on the English
  side the capitalized or title words before "said/stated/commented/told/explained/…" (also
  "X, who stated", '"…," said X') or after "according to" (found and compared in
  :mod:`~bialign.compare.speaker_matching`). A speaker is a name plus a title
  (ラヴロフ外相 = ラヴロフ + 外相; honorifics such as 氏 dropped; a country before a title,
  ロシア外相, is an affiliation). Names are compared as in the names check
  (:mod:`~bialign.compare.name_matching`: romanization, JMdict/JMnedict glosses, fuzzy matching;
  name order and added given names do not matter); with a name missing on one side the titles are compared
  (``bialign/data/speaker_titles.json``: 外相 = Foreign Minister). A speaker that is neither
  (政府筋, マスコミ, "he", "the Russian media") is not compared. Only a speaker on each side that
  agrees with no speaker on the other is reported, so a dropped attribution is not a change.
  Kanji names of Chinese and Korean people get Japanese readings (王毅 ou ki for Wang Yi), so a
  kanji speaker is reported only when the English speaker is named in the Japanese too, or
  when both are plainly Japanese (a UniDic person name against Hepburn-looking English).
  Known limit: speakers are compared per bead as sets, so two speakers swapped between the
  quotations of one bead are not seen. Both directions.
"""

from __future__ import annotations

import re

from ._common import BeadView, Side, is_kanji, is_katakana, looks_hepburn
from .registry import BOTH, JA_EN, register
from .speaker_matching import _SAY_EN, _en_speakers, _ja_speakers, _mentioned_in_ja, _relation, _token_romaji

_PAIRS = {"「": "」", "『": "』", "“": "”", "（": "）"}
_LABEL = re.compile(r"^[\s\d０-９+＋\-‐plusPLUS.・/]+$")
_FIRST_PERSON_EN = re.compile(r"\b(?:I|we|me|us|my|our|ours|mine|myself|ourselves)\b", re.IGNORECASE)
_FIRST_PERSON_JA_LEMMAS = {"私", "我々", "我等", "僕", "俺", "我が", "わたし", "われわれ", "当方", "小生", "己"}


def _quotes_ja(side: Side, unclosed: bool = False) -> list[tuple[int, int, str]]:
    """Outermost 「…」/『…』/“…” quotations as (start, end, inner text), nesting respected;
    with ``unclosed``, also a quotation opened and not closed in the sentence (a quotation
    that runs over several sentences: 「名古屋弁ではエビフリャーと言う。 …」), up to its end."""
    out = []
    for off, sent in side.sentences():
        stack: list[tuple[str, int]] = []
        for i, ch in enumerate(sent):
            if ch in ("「", "『", "“"):
                stack.append((_PAIRS[ch], i))
            elif stack and ch == stack[-1][0]:
                _, start = stack.pop()
                if not stack:
                    out.append((off + start, off + i + 1, sent[start + 1 : i]))
        if unclosed and stack:
            start = stack[0][1]
            out.append((off + start, off + len(sent), sent[start + 1:]))
    return out


_EN_QUOTE = re.compile(r'"([^"]+)"|“([^”]+)”')


def _quotes_en(side: Side) -> list[tuple[int, int, str]]:
    out = []
    for off, sent in side.sentences():
        for m in _EN_QUOTE.finditer(sent):
            out.append((off + m.start(), off + m.end(), m.group(1) or m.group(2)))
    return out


def _is_label(inner: str, lang: str) -> bool:
    inner = inner.strip().strip(".,!?。、")
    if not inner or _LABEL.match(inner):
        return True
    if lang == "ja":
        return is_katakana(inner.replace(" ", ""))
    words = inner.split()
    if all(w[:1].isupper() or w[:1].isdigit() for w in words) and len(words) <= 4 and not inner.endswith("?"):
        return True
    # a short phrase round a name, with no verb or pronoun: a name or a term set off ("IZUMO no
    # Okuni," "the Azuchi-Momoyama period"); lower-case words ("strange bedfellows") are a
    # phrase put in someone's mouth
    return len(words) <= 5 and not inner.endswith("?") and any(w[:1].isupper() for w in words) and not any(
        w.lower().strip(".,;:!'’\"") in _EN_CLAUSE_WORDS for w in words)


# Verbs that make a quotation before quotative と speech, writing or thought (not naming:
# 「大谷影堂」と称した, 「煎餅」と呼ばれる and 「X」という名 name a thing, they quote no one).
_QUOTING_JA = frozenset(
    """述べる 発言 語る 説明 話す 強調 指摘 表明 主張 明言 答える 回答 訴える 発表 反論 記す 書く 詠む
    歌う 叫ぶ 問う 尋ねる 命じる 申す 仰る 宣言 告げる 誓う 祈る 返す 嘆く 喜ぶ 怒る 言い残す 遺言 宣う
    託宣 託す 言う 命ずる 申し出る 頼む 願う 諭す 教える 伝える 記録 書き残す 返答 返事 詔 勅 宣旨 疑問 質問
    問い掛ける 投げ掛ける 呼び掛ける 要求 要請 約束 断る 思う 考える 感じる 信じる""".split()
)
_SPEECH_EN = re.compile(
    r"\b(?:" + _SAY_EN + r"|asked|asks|shouted|cried|prayed|ordered|commanded|sang|recited|read|"
    r"composed|reading|saying|telling|asking|writing|words?|poem|inscription)\b|:\s*$",
    re.IGNORECASE,
)
_NAMING_EN = re.compile(
    r"\b(?:literally|called|calls|call|named|names|known as|term|terms|termed|word|words|meaning|means|"
    r"so-called|titled|entitled|dubbed|read as|pronounced)\W*$", re.IGNORECASE)
# Single quotes too ('When I was given Buddha's sariras, …'): an apostrophe between letters
# does not close the quotation.
_EN_ANY_QUOTE = re.compile(
    r'"([^"]+)"|“([^”]+)”|(?<![A-Za-z])[\'‘]((?:[^\'’]|(?<=[A-Za-z])[\'’](?=[A-Za-z])){2,}?)[\'’](?![A-Za-z])')
# Words that make a quotation a clause someone said or wrote rather than a term in quotation
# marks ("IZUMO no Okuni," "the Azuchi-Momoyama period"): a finite verb or a pronoun.
_EN_CLAUSE_WORDS = frozenset(
    """is are was were be been being am have has had do does did will would shall should can could may
    might must i we you he she it they me us him them not let please isn't aren't wasn't don't didn't
    won't can't""".split())


def _ja_quote_is_speech(view: BeadView, side: Side, start: int, end: int, inner: str) -> bool:
    """A 「…」 quotation is speech when quotative と/って follows and a verb of saying, writing
    or thinking comes within a few words (naming verbs excepted), or when the quotation is the
    whole sentence."""
    text = side.full_text
    if text[start] == "『":
        return False  # 『』 marks a title (or a quotation inside a quotation)
    for off, sent in side.sentences():
        if off <= start < off + len(sent):
            rest = sent[end - off:].strip()
            if start == off and rest in ("", "。", "．", "."):
                return True
    after = [t for t in view.ja_tokens if t.start >= end][:5]
    if not after or after[0].surface not in ("と", "って", "との", "とも", "とて"):
        return False
    if len(after) > 1 and after[1].surface in ("「", "『"):
        return False  # 「A」と「B」: coordination
    inside = [t for t in view.ja_tokens if start < t.start < end - 1 and t.pos1 != "補助記号"]
    # a quotation that ends in a predicate (守れ, 来られるはずがない) is a clause someone said
    sentence_like = inner.rstrip("）)").endswith(("。", "？", "?", "！", "!")) or bool(
        inside and inside[-1].pos1 in ("動詞", "助動詞", "形容詞") and len(inside) >= 3)
    if not sentence_like and len(inner) <= 6:
        return False  # 「明暗」と書かれた箱 "the box called 'Meian'": a word, not someone's words
    for t in after[1:]:
        if t.lemma == "言う" and (len(inner) < 8 or t.surface in ("いう", "言う", "いい", "言い")):
            return False  # 「X」という話/名: naming or content, unless a finite 言った follows a sentence
        if sentence_like and t.pos1 == "動詞" and t.lemma not in ("呼ぶ", "称する", "名付ける", "号する", "名乗る", "読む"):
            return True
        if t.lemma in ("呼ぶ", "称する", "名付ける", "号する", "名乗る", "読む", "表記", "記載"):
            return False
        if t.lemma in _QUOTING_JA or t.surface in _QUOTING_JA:
            return True
    return False


def _speech(view: BeadView, side: Side) -> list[tuple[int, int, str]]:
    """The quotations of one side that report someone's words (not titles, terms or names)."""
    if side.lang == "ja":
        return [q for q in _quotes_ja(side) if not _is_label(q[2], "ja")
                and _ja_quote_is_speech(view, side, q[0], q[1], q[2])]
    out = []
    for off, sent in side.sentences():
        for m in _EN_ANY_QUOTE.finditer(sent):
            inner = next(g for g in m.groups() if g)
            if _is_label(inner, "en"):
                continue
            before = sent[:m.start()]
            after = sent[m.end():m.end() + 30]
            # A speech verb earlier in the sentence (commented that … "strange bedfellows"), or
            # after a quotation of a clause ("…," he said). A single quoted word, or words right
            # after "literally" or "called", is a term whatever verb the sentence has.
            n_words = len(inner.split())
            if _NAMING_EN.search(sent[max(0, m.start() - 20):m.start()]):
                continue
            if (n_words >= 2 and _SPEECH_EN.search(before)) or (n_words >= 4 and _SPEECH_EN.search(after)):
                out.append((off + m.start(), off + m.end(), inner))
    return out


_SAID_JA = re.compile(
    r"(?:と|って)(?:も|は)?[、\s]*(?:言|い[っうい]|述べ|語|話|発言|説明|答|訴|主張|強調|指摘|批判|明か|報告|発表|宣言|叫|"
    r"尋ね|問|記者|会見|応じ|反論|表明|コメント|証言|命じ|指示|告げ|伝え|呼びかけ|求め|祈|詠|書|記し|唱え|叱|諭)")


_QUOTED_BARE_JA = re.compile(r"[^」』]\s?(?:と|って)(?:詠|歌|唱|述べ|記し|書い|ある|あり)")


def _all_quotes(side: Side) -> list[tuple[int, int, str]]:
    """Every quotation of a side, speech or not (a quoted term counts as a quotation kept)."""
    if side.lang == "ja":
        return _quotes_ja(side, unclosed=True)
    return [(off + m.start(), off + m.end(), next(g for g in m.groups() if g))
            for off, sent in side.sentences() for m in _EN_ANY_QUOTE.finditer(sent)]


def _relative(side: Side, pos: int) -> float:
    length = max(1, side.end - side.start)
    return (pos - side.start) / length


# Reported speech, either language: a verb of saying, writing or thinking.
_REPORTED = re.compile(
    r"\b(?:sa(?:id|ys|y|ying)|stat(?:ed|es|e|ing)|t(?:old|ells?)|ask(?:ed|s)?|repl(?:ied|ies|y)|wr(?:ote|ites?|itten)|"
    r"declar\w*|announc\w*|claim\w*|insist\w*|explain\w*|remark\w*|recit\w*|ordered|"
    r"according to|thought|felt|wished|wanted|urg(?:ed|es|e|ing)|call(?:ed|s|ing)? (?:on|for)|appeal(?:ed|s|ing)?|"
    r"warn(?:ed|s|ing)?|vow(?:ed|s)?|pledg(?:ed|es)?|promis(?:ed|es)|(?:declin|refus)(?:ed|es|ing) to comment)\b|"
    r"と(?:言|い[いうっわ]|述べ|語|話|書|記|答|叫|尋|聞|思|考|詠|歌|呼びかけ|訴え)", re.IGNORECASE)


@register(kinds=("quote",), directions=BOTH)
def quotations(view: BeadView):
    """Direct quotations present on one side only (quotation marks removed or added)."""
    if view.ja.empty or view.en.empty:
        return []
    out = []
    for side, other in ((view.src, view.tgt), (view.tgt, view.src)):
        speech = _speech(view, side)
        if not speech:
            continue
        kept = [q for q in _all_quotes(other) if not _is_label(q[2], other.lang)]
        if len(kept) >= len(speech):
            continue
        removed = side is view.src
        # Without translating, which quotation is which is unknown: the unmatched ones are
        # picked by their relative position in the bead.
        unmatched = list(speech)
        for q in kept:
            if not unmatched:
                break
            rel = _relative(other, q[0])
            unmatched.remove(min(unmatched, key=lambda u: abs(_relative(side, u[0]) - rel)))
        for start, end, inner in unmatched:
            on_ja = side is view.ja
            span = (start, end)
            if removed:
                expl = (f"The source quotes someone's words directly ({inner!r}); the translation has "
                        "no quotation here: direct speech became reported speech or paraphrase.")
            else:
                expl = (f"The translation quotes {inner!r} as someone's words, but the source quotes "
                        "nothing here.")
            # Words said aloud (と述べた, と語った) turned into a report is worth a look; a thought
            # or a wish in brackets (「行きたい」と思っていた "wanted to go") is mostly rendered
            # that way on purpose: undecided.
            said = not on_ja or bool(_SAID_JA.match(side.full_text[end:end + 12]))
            # Quoted words the Japanese gives without brackets (八雲立つ … と詠んだ, …とある)
            if not removed and on_ja is False and _QUOTED_BARE_JA.search(other.text):
                said = False
            # Quotation marks added around a term, a title or a foreign word are mostly the
            # translation's typography, and words said aloud are mostly rendered as reported
            # speech on purpose ("he said he did not want to stay"; the tuning half's judged
            # flags: 1 of 10 worth a look): undecided unless the other side reports no speech
            # at all, so that what was said may be gone with its quotation marks.
            if not removed or _REPORTED.search(other.text):
                said = False
            out.append(
                view.divergence(
                    kind="quote", confidence=0.6 if said else 0.45, check="quotations", explanation=expl,
                    ja_span=span if on_ja else None, en_span=None if on_ja else span,
                    evidence={"change": "removed" if removed else "added", "quotation": inner,
                              "source_quotations": [q[2] for q in _all_quotes(view.src)],
                              "translation_quotations": [q[2] for q in _all_quotes(view.tgt)]},
                )
            )
    return out + _sentences_added(view)


# No sentence ends after a title or an abbreviation ("Mr. Ito", "Mt. Fuji", "U.S. forces").
_EN_SENTENCE_END = re.compile(r"(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bMt\.)(?<!\bNo\.)(?<!\bJr\.)"
                              r"(?<!\bMrs\.)(?<!\bGov\.)(?<!\bGen\.)(?<!\bU\.S\.)(?<=[.!?])\s+(?=[A-Z\"“'‘])")


def _n_sentences(inner: str, lang: str) -> int:
    """Sentences inside a quotation: at 。！？ and the ／ of verse or of lines run together
    (…がある／私の亡き後は…) in Japanese, at a sentence end in English."""
    parts = re.split(r"[。！？!?／]", inner) if lang == "ja" else _EN_SENTENCE_END.split(inner.strip())
    return len([p for p in parts if p.strip(" 　、,.")])


def _sentences_added(view: BeadView) -> list:
    """One quotation on each side, the English one with more sentences than the Japanese
    (「選手たちはよく戦ってくれた」と話した → '"The players fought hard. I take full
    responsibility," he said'): words may have been put in the speaker's mouth. On the news
    development sets' 97 faithful pairs with one quotation a side, no English quotation has more
    sentences than its Japanese one; three of their 17 edited quotations do. Japanese→English."""
    if not view.ja_is_source:
        return []
    ja, en = _speech(view, view.ja), _speech(view, view.en)
    if len(ja) != 1 or len(en) != 1:
        return []
    n_ja, n_en = _n_sentences(ja[0][2], "ja"), _n_sentences(en[0][2], "en")
    if n_en <= n_ja:
        return []
    return [view.divergence(
        kind="quote", confidence=0.55, check="quotations",
        explanation=(f"The English quotation has {n_en} sentences where the Japanese one has {n_ja}: words may have "
                     "been added to what was said (or one Japanese sentence split in two)."),
        ja_span=(ja[0][0], ja[0][1]), en_span=(en[0][0], en[0][1]),
        evidence={"change": "sentences added", "japanese": ja[0][2], "english": en[0][2],
                  "japanese_sentences": n_ja, "english_sentences": n_en},
    )]


@register(kinds=("quote",), directions=JA_EN)
def first_person_quotes(view: BeadView):
    """A first-person Japanese quotation (われわれ…, 〜たい) rendered without I/we/my/our."""
    if view.ja.empty or view.en.empty:
        return []
    en_q = _all_quotes(view.en)  # single quotes too: 'when I am dead, my teachings …'
    if any(_FIRST_PERSON_EN.search(q[2]) for q in en_q):
        return []
    out = []
    for start, end, inner in _speech(view, view.ja):
        markers = [
            t.surface
            for t in view.ja_tokens
            if start <= t.start < end
            and (t.lemma in _FIRST_PERSON_JA_LEMMAS or t.surface in _FIRST_PERSON_JA_LEMMAS
                 or (t.pos1 == "助動詞" and t.lemma == "たい"))
        ]
        if not markers:
            continue
        # A wish in the first person (「一生に一度は行きたい」と思っていた) is mostly rendered as
        # reported wanting ("wanted to visit … once in his life") on purpose: undecided unless
        # the quotation names the speaker's self (私, われわれ).
        pronoun = any(m in _FIRST_PERSON_JA_LEMMAS for m in markers) or any(
            t.lemma in _FIRST_PERSON_JA_LEMMAS for t in view.ja_tokens if start <= t.start < end)
        out.append(
            view.divergence(
                kind="quote", confidence=0.6 if pronoun else 0.45, check="first_person_quotes",
                explanation=(
                    f"The Japanese quotes the speaker in the first person ({', '.join(markers)}); the "
                    "English has no first-person quotation here, so the speaker's own words became a "
                    "third-person report."
                ),
                ja_span=(start, end),
                en_span=(en_q[0][0], en_q[0][1]) if en_q else None,
                evidence={"ja_first_person": markers, "en_quotations": [q[2] for q in en_q]},
            )
        )
    return out


# --- speakers ---------------------------------------------------------------------------------
#
# Who says it: "Xは「…」と述べた" against 'X said "…"'. The speakers of each side are found, and
# two speakers compared, in speaker_matching.py.


@register(kinds=("quote",), directions=BOTH)
def speakers(view: BeadView):
    """A statement attributed to different people on the two sides (Xは「…」と述べた vs 'Y said')."""
    if view.ja.empty or view.en.empty:
        return []
    ja_sp, en_sp = _ja_speakers(view), _en_speakers(view)
    if not ja_sp or not en_sp:
        return []
    rel = {(a, b): _relation(ja_sp[a], en_sp[b]) for a in range(len(ja_sp)) for b in range(len(en_sp))}
    lone_ja = [a for a in range(len(ja_sp)) if all(rel[a, b] == "different" for b in range(len(en_sp)))]
    lone_en = [b for b in range(len(en_sp)) if all(rel[a, b] == "different" for a in range(len(ja_sp)))]
    out = []
    for a, b in zip(lone_ja, lone_en):
        j, e = ja_sp[a], en_sp[b]
        if j.names and all(is_kanji(t.surface) for t in j.names) and not _mentioned_in_ja(view, e) \
                and not (all(t.pos3 == "人名" and t.reading for t in j.names)
                         and all(looks_hepburn(w) for w, _, _ in e.names)):
            # Chinese and Korean names in kanji get Japanese readings (王毅 ou ki for Wang Yi,
            # 文在寅 bun zai tora for Moon Jae-in), so a kanji speaker that matches no English
            # name proves a change only when the English speaker is someone else the Japanese
            # names, or when both are plainly Japanese: UniDic knows the kanji as a person's
            # name (菅, 岸田) and the English name reads as Hepburn romanization (Kishida).
            continue
        ja_roms = [_token_romaji(t) for t in j.names]
        ja_desc = j.text + (f" ({' '.join(ja_roms)})" if j.names else "")
        en_desc = repr(e.text)
        src_says, tgt_says = (ja_desc, en_desc) if view.ja_is_source else (en_desc, ja_desc)
        if j.names and e.names:
            why = (f"the names do not match ({' '.join(ja_roms)} against "
                   f"{' '.join(w for w, _, _ in e.names)}, compared by romanization and dictionary glosses)")
        else:
            why = f"the titles name different offices ({j.title} against {e.title!r})"
        out.append(
            view.divergence(
                kind="quote", severity="major", check="speakers",
                explanation=(f"The source attributes the statement to {src_says}; the translation "
                             f"attributes it to {tgt_says}: {why}."),
                ja_span=(j.start, j.end), en_span=(e.start, e.end),
                evidence={"ja_speaker": j.text, "en_speaker": e.text,
                          "ja_name_romaji": [_token_romaji(t) for t in j.names],
                          "en_name": [w for w, _, _ in e.names],
                          "ja_title": j.title, "en_title": e.title,
                          "compared": "names" if j.names and e.names else "titles"},
            )
        )
    return out


def attributed_beads(alignment) -> list[int]:
    """Indices of the beads of ``alignment`` in which :func:`speakers` finds a speaker on both
    sides: the attributions it compares (a check that flags nothing has still looked at these)."""
    from .view import bead_views

    return [v.index for v in bead_views(alignment) if _ja_speakers(v) and _en_speakers(v)]
