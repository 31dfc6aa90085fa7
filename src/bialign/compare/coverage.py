"""Omissions and additions: sentences with no counterpart, and words inside a bead that the
other side does not support.

- :func:`unaligned_sentences`: a 1-0 bead is a source sentence the translation leaves out;
  a 0-1 bead is a sentence the translation adds. Both directions.
- :func:`moved_sentences`: a bead out of the target text's order
  (:attr:`bialign.Alignment.moved`): the translation renders the sentence in another place.
- :func:`intensifiers`: degree words (``bialign/data/intensifiers.json``) present on one side
  only: 決して "never" rendered as a plain "would not", もっとも大きな "the biggest" as "bigger",
  an added "somewhat" or "quite". A word is supported by any word of the same class on the
  other side (amplifier, downtoner, superlative, emphatic). On one side only the degree is often
  carried by a word the lexicon lacks (大忙し "very busy"), so that is info; a degree turned
  around (やや "slightly" against "greatly", 小幅に値下がり against "plunged") is minor when the
  side of the word has no word of the opposite degree itself. Both directions; entries marked
  ``support_only`` are never reported missing (see the lexicon for why), only turned around.
- :func:`status_words`: a status of a person or an office ("former", "the late", "acting",
  "incoming"; 元, 前, 故, 代行, 次期) on one side only. The Japanese word counts when a role
  noun or a person's name follows it (前知事, 故田中), the English one when a role noun or a name
  follows within three words ("former special editor", not "the late Heian period" or "a
  sitting statue"). Added (専門編集委員 → "former special editor") and dropped (フルガル前知事 →
  "Governor Furgal"); a status the translation gave in the text just before is not reported
  as dropped. Both directions. The court's offices of the Left and the Right and its ranks'
  Senior and Junior grades are statuses too: 右大弁 → "Sadaiben (Major Controller of the
  Left)", 従三位 → "Senior Third Rank" (Japanese to English).
"""

from __future__ import annotations

import re

from ._common import BeadView, Side, find_markers
from .registry import BOTH, register

_LANG = {"ja": "Japanese", "en": "English"}


@register(kinds=("omission", "addition"), directions=BOTH)
def unaligned_sentences(view: BeadView):
    """Sentences with no counterpart at all (1-0 and 0-1 beads)."""
    if view.src.empty == view.tgt.empty:
        return []
    if view.tgt.empty:
        kind, side, expl = "omission", view.src, "This source sentence has no counterpart in the translation."
    else:
        kind, side, expl = "addition", view.tgt, "This sentence of the translation has no counterpart in the source."
    span = (side.start, side.end)
    is_ja = side is view.ja
    return [
        view.divergence(
            kind=kind, severity="major", check="unaligned_sentences", explanation=expl,
            ja_span=span if is_ja else None, en_span=None if is_ja else span,
            evidence={"bead_type": view.bead.type, "sentences": len(side.sentence_spans)},
        )
    ]


@register(kinds=("reordering",), directions=BOTH)
def moved_sentences(view: BeadView):
    """A sentence translated in another place (a bead out of the target text's order)."""
    if view.alignment is None:
        return []
    shared = view.shared.get("moved_sentences")
    if shared is None:
        beads = view.alignment.beads
        shared = view.shared["moved_sentences"] = (
            set(view.alignment.moved), {j: b for b in beads for j in b.tgt})
    moved, bead_of_tgt = shared
    if view.index not in moved:
        return []
    t = view.bead.tgt[0]
    before = bead_of_tgt.get(t - 1)  # what the translation has just before it
    near = f", right after its rendering of source sentence {before.src[-1] + 1}" if before and before.src else ""
    return [
        view.divergence(
            kind="reordering", severity="minor", check="moved_sentences",
            explanation=(f"The translation renders this sentence in another place: as sentence {t + 1} of the "
                         f"translation{near}, out of the source's order."),
            ja_span=(view.ja.start, view.ja.end), en_span=(view.en.start, view.en.end),
            evidence={"tgt_sentences": [j + 1 for j in view.bead.tgt]},
        )
    ]


@register(kinds=("omission", "addition", "mistranslation"), directions=BOTH)
def intensifiers(view: BeadView):
    """Degree words (very, somewhat, most, never / 非常に, やや, 最も, 決して) on one side only."""
    if view.ja.empty or view.en.empty:
        return []
    ja_m = view.markers("intensifiers", view.ja)
    en_m = view.markers("intensifiers", view.en)
    ja_classes = {m.entry["class"] for m in ja_m}
    en_classes = {m.entry["class"] for m in en_m}
    out = []
    for markers, other_classes, own_classes, is_ja in ((ja_m, en_classes, ja_classes, True),
                                                       (en_m, ja_classes, en_classes, False)):
        is_src = is_ja == view.ja_is_source
        for m in markers:
            if m.entry["class"] in other_classes:
                continue
            lang, other = (_LANG["ja"], _LANG["en"]) if is_ja else (_LANG["en"], _LANG["ja"])
            cls = m.entry["class"]
            # the opposite degree on the other side, and not on this one (大きくし、幾分近付け
            # "larger and slightly closer": 幾分 is what "slightly" renders)
            opposite = _OPPOSITE.get(cls) in other_classes and _OPPOSITE.get(cls) not in own_classes
            if opposite and is_ja:
                # the English word of the opposite degree renders another Japanese word
                # (次第に "gradually", いくらか "somewhat"): no degree turned around
                opposite = not all(view.glossed(x.text, (m.start, m.end)) for x in en_m
                                   if x.entry["class"] == _OPPOSITE[cls])
            if m.entry.get("support_only") and not opposite:
                continue  # never reported missing; against the opposite degree (小幅 "plunged"), it is
            if opposite and not is_src:
                continue  # reported once, from the source side
            if opposite:
                kind = "mistranslation"
                other_words = [x.text for x in (en_m if is_ja else ja_m) if x.entry["class"] == _OPPOSITE[cls]]
                expl = (f"The {lang} {cls} {m.text!r} is rendered with the {_OPPOSITE[cls]} "
                        f"{', '.join(map(repr, other_words))} in the {other}: the degree is turned around.")
            elif is_src:
                kind = "omission"
                expl = f"The {lang} {cls} {m.text!r} has no counterpart in the {other}: the emphasis is lost."
            else:
                kind = "addition"
                expl = f"The {lang} {cls} {m.text!r} has no counterpart in the {other}: the translation adds it."
            span = (m.start, m.end)
            # 最も重要な点 "an important thing": a superlative of the source the translation has
            # in no form (most, -est, best, top, one of the …) is a claim weakened.
            superlative_dropped = (cls == "superlative" and is_src and not opposite and m.text in ("最も", "もっとも")
                                   and "superlative" not in other_classes)
            out.append(
                view.divergence(
                    # On one side only, the degree is often carried by a word the lexicon does not
                    # list (大忙し "very busy", 微発泡 "slightly sparkling"): info. A degree turned
                    # around (やや "slightly" against "greatly") is a real difference.
                    kind=kind, confidence=0.65 if opposite else 0.55 if superlative_dropped else 0.3,
                    check="intensifiers", explanation=expl,
                    ja_span=span if is_ja else None, en_span=None if is_ja else span,
                    evidence={"word": m.text, "class": cls, "source": m.entry["source"],
                              "other_side_classes": sorted(other_classes)},
                )
            )
    return out


_OPPOSITE = {"amplifier": "downtoner", "downtoner": "amplifier", "superlative": "downtoner"}


# Status words are about people and offices: a Japanese prefix counts when a role noun or a
# person's name follows it (前知事, 元専門編集委員, 故田中角栄), not in 紀元前 or 前年; an English word
# counts when a role noun or a name follows within three words ("former special editor", "the
# late Emperor Showa"), not in "the late Heian period", "a sitting statue" or "the present site".
_JA_PREFIX_STATUS = {"元": "former", "前": "former", "前任": "former", "旧": "former", "先代": "former",
                     "現": "current", "現職": "current", "故": "late", "新": "new", "次期": "incoming",
                     # rank: 副使 "vice-envoy", 権大納言 "Gon Dainagon" (provisional), 名誉会長
                     "副": "vice", "権": "provisional", "名誉": "honorary"}
_JA_SUFFIX_STATUS = {"代行": "acting", "代理": "acting"}
_JA_ROLE = re.compile(
    r"(?:知事|市長|町長|村長|区長|大臣|首相|総理|社長|会長|議長|議員|委員|代表|監督|大統領|総裁|長官|理事|"
    r"局長|部長|課長|所長|校長|学長|教授|主席|幹事長|書記長|将軍|天皇|皇后|皇帝|国王|住職|管長|座主|別当|"
    r"関白|摂政|当主|藩主|城主|選手|横綱|大関|首脳|党首|首長|頭取|取締役|役員|記者|編集長|主筆|判事|検事|"
    r"大使|領事|司令官|師範|家元|師匠|棟梁|院長|園長|館長|店長|支配人|代表者|責任者|オーナー|"
    r"コーチ|キャプテン|主将|横綱|名人|王者|チャンピオン|弟子|門弟|門人|家臣|家来|納言|参議|卿|"
    r"外相|蔵相|法相|文相|厚相|農相|防衛相|財務相|総務相|経産相|厚労相|文科相|農水相|国交相|環境相)$")
# Court posts a rank prefix takes (副使 "vice-envoy", 権守, 讃岐権少目): single characters, so only
# after 副 and 権, never after 前 (豊前掾 is the province Buzen).
_JA_RANK_ROLE = re.compile(r"(?:使|将|守|介|掾|目|大夫)$")
_EN_STATUS = re.compile(
    r"\b(?P<former>former|ex-(?=[a-z])|previous|erstwhile|one-time|onetime|retired|then-(?=[a-z]))"
    r"|\b(?P<current>incumbent|current|sitting|present)\b"
    r"|\b(?P<late>the late)\b"
    r"|\b(?P<new>new|newly (?:appointed|elected|named|installed))\b"
    r"|\b(?P<incoming>incoming|next|future)\b|(?P<incoming2>-(?:elect|designate)\b)"
    r"|\b(?P<acting>acting|interim)\b"
    r"|\b(?P<vice>vice|deputy|assistant|sub-(?=[a-z])|state(?= (?:minister|secretary)))"
    r"|\b(?P<provisional>provisional|supernumerary|gon(?:\b|-|(?=dainagon|chunagon|no)))"
    r"|\b(?P<honorary>honorary|emeritus)\b", re.IGNORECASE)
_EN_ROLE = frozenset(
    "president presidents minister ministers premier governor governors mayor mayors chairman chairwoman "
    "chair chairperson director directors chief head heads leader leaders member members secretary general "
    "emperor empress king queen prince princess lord lords shogun regent daimyo retainer vassal priest "
    "priests abbot abbess monk monks bishop pope editor editors professor professors teacher teachers "
    "principal dean rector president ambassador consul commander commissioner senator senators lawmaker "
    "lawmakers legislator legislators representative representatives official officials officer officers "
    "executive executives ceo manager managers coach captain player players champion judge prosecutor "
    "owner owners holder successor predecessor counsellor councillor councilor adviser advisor spokesman "
    "spokeswoman spokesperson reporter correspondent journalist husband wife kanpaku sessho shikken kubo "
    "master headmaster patriarch chancellor speaker delegate envoy administrator superintendent "
    "yokozuna ozeki follower followers disciple disciples kanrei dainagon chunagon sadaijin udaijin "
    "daijo-daijin envoy envoys sangi".split())
_NOT_PERSON = frozenset(
    "period periods era eras century centuries dynasty years year age ages days times reign stage phase "
    "edition version site location building temple shrine castle statue form system name names "
    "state condition day month week morning evening summer winter spring autumn".split())
_EN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def _is_role(t) -> bool:
    """A role noun (知事, 首相), or 相 as the suffix of a minister's post (総務相, 外相)."""
    return bool(_JA_ROLE.search(t.surface)) or (t.surface == "相" and t.pos1 == "接尾辞")


def _role_follows(nxt) -> bool:
    """Whether the few tokens after a status word are nouns ending in a role (元 + 総務 + 相)."""
    role = next((n for n in nxt if _is_role(n)), None)
    return role is not None and all(n.pos1 in ("名詞", "接頭辞") or n is role for n in nxt[: nxt.index(role) + 1])


def _ja_statuses(view: BeadView) -> list[tuple[str, int, int, str]]:
    """(status, start, end, text) of the Japanese status words attached to a role or a name."""
    toks = view.ja_tokens
    out = []
    for i, t in enumerate(toks):
        status = _JA_PREFIX_STATUS.get(t.surface)
        if not status and len(t.surface) > 1 and t.surface[-1] in "元前故" and 0 < i < len(toks) - 1 \
                and toks[i - 1].pos3 == "人名" and _JA_PREFIX_STATUS.get(t.surface[-1]):
            # UniDic reads 浩二元総務相 as 浩 + 二元 + 総務 + 相: the 元 of 二元 is the status
            status = _JA_PREFIX_STATUS[t.surface[-1]]
            if _role_follows(toks[i + 1:i + 4]):
                out.append((status, t.end - 1, t.end, t.surface[-1]))
            continue
        if not status and t.surface[:1] in ("副", "権") and (
                _JA_ROLE.search(t.surface[1:] or "-") or _JA_RANK_ROLE.search(t.surface[1:] or "-")):
            # one token: 副使 "vice-envoy", 副将, 権守
            out.append((_JA_PREFIX_STATUS[t.surface[0]], t.start, t.start + 1, t.surface[0]))
            continue
        if status:
            nxt = toks[i + 1: i + 4]
            if nxt and nxt[0].surface == "・":
                nxt = toks[i + 2: i + 5]  # 故・石田一郎
            rank = status in ("vice", "provisional")
            role = next((n for n in nxt if _is_role(n) or (rank and _JA_RANK_ROLE.search(n.surface))), None)
            person = nxt and nxt[0].pos3 == "人名" and status == "late"
            nouns = all(n.pos1 in ("名詞", "接頭辞") or n is role for n in nxt[: nxt.index(role) + 1]) if role else False
            if (role and nouns) or person:
                out.append((status, t.start, t.end, t.surface))
        status = _JA_SUFFIX_STATUS.get(t.surface)
        # the role before it may be split (幹事 + 長 + 代行)
        if status and i and _JA_ROLE.search("".join(x.surface for x in toks[max(0, i - 2):i])):
            out.append((status, t.start, t.end, t.surface))
    return out


def _en_statuses(side: Side, strict: bool = True) -> list[tuple[str, int, int, str]]:
    """(status, start, end, text) of the English status words followed by a role or a name
    (every status word when not ``strict``)."""
    out = []
    for off, sent in side.sentences():
        for m in _EN_STATUS.finditer(sent):
            status = next(k for k, v in m.groupdict().items() if v).rstrip("2")
            if status == "incoming" and m.group().startswith("-"):
                out.append((status, off + m.start(), off + m.end(), m.group()))
                continue
            if not strict:
                out.append((status, off + m.start(), off + m.end(), m.group()))
                continue
            following = [re.sub(r"['’]s$", "", w) for w in _EN_WORD_RE.findall(sent[m.end():])[:6]]
            if any(w.lower() in _NOT_PERSON for w in following[:3]) or _names_a_period(following):
                continue
            if status == "former" and m.group().lower() == "retired" and following[:1] and \
                    following[0].lower() in ("emperor", "emperors", "empress", "cloistered"):
                continue  # 上皇 "Retired Emperor" is a title, not a status
            role = any(w.lower() in _EN_ROLE for w in following[:3])
            # "the late Kurosawa", "ex-Nomura": a name; "present Japanese word": not a person
            name = (status == "late" or m.group().lower() == "ex-") and bool(following) and following[0][:1].isupper()
            if role or name:
                out.append((status, off + m.start(), off + m.end(), m.group()))
    return out


_PERIOD_LINK = frozenset("and or to through early mid middle late".split())


def _names_a_period(following: list[str]) -> bool:
    """"the late Heian and Kamakura periods", "the late Heian to early Kamakura period": names
    (or linking words) up to a word of time, which is no person."""
    for w in following:
        if w.lower() in _NOT_PERSON:
            return True
        if w.lower() in _EN_ROLE or not (w[:1].isupper() or w.lower() in _PERIOD_LINK):
            return False  # "the late Emperor Showa's reign": a person
    return False


def _said_just_before(view: BeadView, status: str) -> bool:
    """Whether the translation gave this status in the text just before the bead: translators
    drop a "former" the context already gave."""
    tgt = view.tgt
    before = tgt.full_text[max(0, tgt.start - 600):tgt.start]
    if tgt.lang == "en":
        return any(s == status for s, *_ in _en_statuses(Side("en", before, 0, len(before), ((0, len(before)),))))
    return any(m.entry["status"] == status for m in find_markers(
        "status_words", Side("ja", before, 0, len(before), ((0, len(before)),))))


# Japanese titles that say the status themselves; they support an English status word and are
# never reported as dropped (the English title renders them: "Retired Emperor", "Cloistered").
# 古河鉱業副社長であった原敬 "Hara, formerly vice president of Furukawa Mining": a past role
_JA_TITLE_STATUS = (("former", re.compile(r"上皇|法皇|太上|先帝|先代|隠居|退位|廃位|旧主|亡君|(?<=[一-龯])(?:であった|だった)")),
                    ("current", re.compile(r"当今|今上|現役|在位|当主")))


@register(kinds=("addition", "omission"), directions=BOTH)
def status_words(view: BeadView):
    """Status words of a person or an office ("former", "the late", "acting"; 元, 前, 故, 代行)
    on one side only: 専門編集委員 → "former special editor" (added), フルガル前知事 →
    "Governor Furgal" (dropped)."""
    if view.ja.empty or view.en.empty:
        return []
    ja_st, en_st = _ja_statuses(view), _en_statuses(view.en)
    # "new" and "incoming" render each other (新社長 "the incoming president", 次期 "new");
    # "the late" and "former" render each other (亡君 "their ex-master").
    def norm(s: str) -> str:
        return {"incoming": "new", "late": "former", "provisional": "vice"}.get(s, s)  # 権 "deputy"
    ja_set, en_set = {norm(s[0]) for s in ja_st}, {norm(s[0]) for s in en_st}
    # A status word of the English is supported by any Japanese status word, attached or not
    # (旧主 "former master", 現正則学園 "present Seisoku-gakuen"): strict to report, lenient
    # to support.
    ja_support = ja_set | {norm(m.entry["status"]) for m in view.markers("status_words", view.ja)}
    # a title that is itself a status: 上皇/法皇 "ex-emperor", 当今/今上 "the current Emperor"
    ja_support |= {status for status, pattern in _JA_TITLE_STATUS if pattern.search(view.ja.text)}
    # Any English status word supports the Japanese one, whatever follows it ("the former
    # castle lord" for 前城主, "the former Kyoto Prefectural Normal School" for 旧京都府師範学校).
    en_support = en_set | {norm(s[0]) for s in _en_statuses(view.en, strict=False)}
    if view.ja_is_source:
        src_support, tgt_support = ja_support, en_support
    else:
        src_support, tgt_support = en_set, ja_support
    src_st, tgt_st = (ja_st, en_st) if view.ja_is_source else (en_st, ja_st)
    out = []
    reported = set()
    for side_st, other_set, added in ((tgt_st, src_support, True), (src_st, tgt_support, False)):
        for status, s, e, text in side_st:
            if norm(status) in other_set or (added, norm(status)) in reported:
                continue
            if not added and _said_just_before(view, status):
                continue  # 前大統領 → "Medvedev" right after "previous President Medvedev"
            reported.add((added, norm(status)))
            on_ja = (side_st is ja_st)
            # An added "new" is mostly how English words a succession or a second post the
            # source gives in a verb (再仕官 "to serve a new lord", 代替わり "a new head"; the
            # tuning half's judged sample: none of five worth a look): undecided.
            # A "vice", "deputy" or "assistant" added mostly renders a post whose name says so
            # (次官, 守護代 "Deputy Governor", 委員補): undecided too. A 新 dropped is mostly part
            # of a place name the English romanizes (本町新五丁目 "Honmachi Shin 5 chome"); 次期
            # before a post is not (次期大統領 "President Biden": he is not in office yet).
            new_dropped = norm(status) == "new" and not (text == "次期" and not added)
            confidence = 0.45 if norm(status) in ("new", "vice") and added or new_dropped else (
                0.7 if added else 0.6)
            if added:
                expl = (f"The translation calls this {status} ({text!r}), but nothing in the source "
                        f"marks that status: the claim about the person or office changed.")
            else:
                expl = (f"The source marks this person or office as {status} ({text!r}); the translation "
                        f"does not: the claim about the person or office changed.")
            out.append(
                view.divergence(
                    kind="addition" if added else "omission", confidence=confidence,
                    check="status_words", explanation=expl,
                    ja_span=(s, e) if on_ja else None, en_span=None if on_ja else (s, e),
                    evidence={"word": text, "status": status, "change": "added" if added else "dropped",
                              "japanese": [x[3] for x in ja_st], "english": [x[3] for x in en_st]},
                )
            )
    out += _court_sides(view) if view.ja_is_source else []
    return out + _late_former(view, ja_st, en_st) if not out and view.ja_is_source else out


# The court's offices of the Left and of the Right (左大臣 "Minister of the Left", 右大弁
# "Udaiben") and its ranks' Senior and Junior grades (正三位 "Senior Third Rank", 従四位下
# "Shishii no ge"): one side of the pair on each side is another office or rank.
_JA_SIDE = re.compile(r"(左|右)(?=大臣|大弁|中弁|少弁|近衛|大将|中将|少将|京大夫|大史)")
_EN_SIDE = {"left": re.compile(r"\bof the Left\b|\bLeft (?:Minister|Major|Middle|Minor|Guard|Captain)|\bSa(?:daijin|daiben|"
                               r"chuben|shoben|kon[e']?|daisho|chujo|shosho)", re.IGNORECASE),
            "right": re.compile(r"\bof the Right\b|\bRight (?:Minister|Major|Middle|Minor|Guard|Captain)|\bU(?:daijin|daiben|"
                                r"chuben|shoben|kon[e']?|daisho|chujo|shosho)", re.IGNORECASE)}
_JA_GRADE = re.compile(r"(正|従)(?=[一二三四五六七八]位)")
_RANKS = r"(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth)\b"
_ROMAJI_RANKS = r"(?:ichii|nii|sanmi|shii|goi|rokui|shichii|hachii)\b"
_EN_GRADE = {"senior": re.compile(rf"\bSenior {_RANKS}|\bSh[oō]-?{_ROMAJI_RANKS}", re.IGNORECASE),
             "junior": re.compile(rf"\bJunior {_RANKS}|\bJu-?{_ROMAJI_RANKS}", re.IGNORECASE)}


def _court_sides(view: BeadView) -> list:
    """右大弁 → "Sadaiben (Major Controller of the Left)", 従三位 → "Senior Third Rank": the
    Japanese has one side of the pair only and the English the other only."""
    out = []
    for ja_re, en_res, names in ((_JA_SIDE, _EN_SIDE, {"左": "left", "右": "right"}),
                                 (_JA_GRADE, _EN_GRADE, {"正": "senior", "従": "junior"})):
        found = {names[m.group(1)]: m for m in ja_re.finditer(view.ja.text)}
        en = {k for k, r in en_res.items() if r.search(view.en.text)}
        if len(found) != 1 or len(en) != 1 or set(found) == en:
            continue
        (ja_side, m), en_side = next(iter(found.items())), next(iter(en))
        em = en_res[en_side].search(view.en.text)
        out.append(view.divergence(
            kind="omission", confidence=0.6, check="status_words",
            explanation=(f"The Japanese {m.group(1)} makes the office or rank the {ja_side} one; the English says "
                         f"{em.group()!r}, the {en_side} one: another office or rank."),
            ja_span=(view.ja.start + m.start(), view.ja.start + m.end() + 2),
            en_span=(view.en.start + em.start(), view.en.start + em.end()),
            evidence={"word": m.group(1), "status": ja_side, "change": f"{ja_side} -> {en_side}",
                      "japanese": [m.group()], "english": [em.group()]}))
    return out


def _late_former(view: BeadView, ja_st: list, en_st: list) -> list:
    """故 and 元 together (故・青山義男元知事 "the late former Gov. Aoyama"), where the English
    keeps "former" only: that the person has died is no longer said. ("The late" and "former"
    support each other otherwise, 亡君 "their ex-master".)"""
    raw_en = {x[0] for x in _en_statuses(view.en, strict=False)}
    late = [x for x in ja_st if x[0] == "late"]
    if not late or not any(x[0] == "former" for x in ja_st) or "late" in raw_en or "former" not in raw_en:
        return []
    status, s, e, text = late[0]
    return [view.divergence(
        kind="omission", confidence=0.6, check="status_words",
        explanation=(f"The source calls this person late ({text!r}) as well as former; the translation says "
                     "only former: that the person has died is no longer said."),
        ja_span=(s, e), evidence={"word": text, "status": "late", "change": "dropped",
                                  "japanese": [x[3] for x in ja_st], "english": [x[3] for x in en_st]})]
