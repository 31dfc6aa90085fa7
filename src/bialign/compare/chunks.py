"""Sub-sentence correspondence inside a bead: which phrase of one side renders which of the other.

A bead pairs sentences; a translator asks about the parts: which clause of the Japanese did the
English leave out, which phrase of the English has nothing behind it. This module splits both
sides of a bead into chunks with character offsets into the original texts and links them by
lexical anchors:

- **Japanese chunks** are bunsetsu built from UniDic tokens (:func:`ja_chunks`): a content word
  with the nouns of its compound, its suffixes and the particles and auxiliaries that follow it
  (原の, 元海賊であった, 安置された); punctuation closes a chunk.
- **English chunks** are phrases (:func:`en_chunks`): the text between punctuation, cut again
  before a preposition, a conjunction or a relative word ("His grave is" / "in Shoin-ji Temple" /
  "in Hara").
- **Anchors** tie a Japanese content word to English words: a JMdict gloss sharing a stem with
  the English word (安置 "enshrine" ↔ "enshrined"), the word's romanized reading inside the
  English letters (原 hara ↔ "Hara", 水軍 suigun ↔ "Suigun"), the English origin UniDic records
  for a loanword (ピッコロ ↔ "piccolo"), the kanji kept as they are (便當 ↔ '便當'), and a number
  written in digits on both sides.

:func:`chunk_pairs` (one pair of texts) and :func:`bead_chunks` (a
:class:`~bialign.compare._common.BeadView`, cached on it) return a :class:`BeadChunks`: both
sides' chunks, the :class:`ChunkPair` links, and which content words of each side nothing on
the other side renders. The ``omission`` and ``addition`` checks (:mod:`.omissions`) are built
on those.

>>> bc = chunk_pairs("現在、墓は原の松蔭寺にある。", "His grave is in Shoin-ji Temple.")
>>> [c.text for c in bc.unrendered_ja()]
['原の']

What was tried and not kept (measured on the Kyoto tuning half):

| change | measured effect |
|---|---|
| the encoder: similarity of the two sides with and without a chunk (USE v3) | the gain from leaving a chunk out was >= -0.01 for 74% of the chunks a reviser later supplied (35) and for 50% of chunks in never-revised sentences (392): too weak to decide, and 3 encodings a candidate |
| the encoder on the chunks themselves (phrase against phrase) | 喜び against "overjoyed" 0.33, against an unrelated phrase 0.30; 10 ms a phrase |
| KANJIDIC meanings of each kanji as extra glosses | 30 of the 43 judged false omissions kept three unmatched words, as did both real ones: no separation |
| JMdict read backwards (entries whose glosses hold an unexplained English word, sharing a kanji) | 26 candidates left with three unmatched words on all tuning articles, 3 worth a look; a 23 s index to build |
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from ._common import (
    JaToken,
    en_words,
    is_katakana,
    ja_tokens,
    jmdict,
    jmnedict,
    romaji,
    stem,
)
from .tokens import _STOPWORDS

if TYPE_CHECKING:
    from ._common import BeadView

__all__ = ["Chunk", "ChunkPair", "BeadChunks", "chunk_pairs", "bead_chunks", "ja_chunks", "en_chunks"]


@dataclass(frozen=True)
class Chunk:
    """A phrase of one side: its language, span in the full text, text, and content words.

    ``content`` holds ``(start, end)`` spans of the content words (nouns, verbs, adjectives,
    adverbs on the Japanese side; words that are not stopwords on the English side);
    ``rendered`` the spans among them that some word of the other side renders.
    """

    lang: Literal["ja", "en"]
    start: int
    end: int
    text: str
    content: tuple[tuple[int, int], ...]
    rendered: tuple[tuple[int, int], ...]

    @property
    def has_content(self) -> bool:
        return bool(self.content)

    @property
    def unrendered(self) -> tuple[tuple[int, int], ...]:
        done = set(self.rendered)
        return tuple(c for c in self.content if c not in done)


@dataclass(frozen=True)
class ChunkPair:
    """A Japanese chunk and the English chunk that renders it, with the anchors that say so.

    ``anchors`` are ``(japanese word, english word, how)`` triples, ``how`` one of ``gloss``,
    ``reading``, ``loanword``, ``same``, ``number``.
    """

    ja: Chunk
    en: Chunk
    anchors: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class BeadChunks:
    """The chunks of both sides of a bead and the links between them."""

    ja: tuple[Chunk, ...]
    en: tuple[Chunk, ...]
    pairs: tuple[ChunkPair, ...]

    def counterparts(self, chunk: Chunk) -> tuple[Chunk, ...]:
        """The chunks of the other side linked to ``chunk``."""
        if chunk.lang == "ja":
            return tuple(p.en for p in self.pairs if p.ja == chunk)
        return tuple(p.ja for p in self.pairs if p.en == chunk)

    def unrendered_ja(self) -> tuple[Chunk, ...]:
        """Japanese chunks with content of which no word is rendered in the English."""
        return tuple(c for c in self.ja if c.has_content and not c.rendered)

    def unrendered_en(self) -> tuple[Chunk, ...]:
        """English chunks with content of which no word is rendered in the Japanese."""
        return tuple(c for c in self.en if c.has_content and not c.rendered)


# --- Japanese chunks --------------------------------------------------------------------------

_INDEPENDENT = frozenset("名詞 動詞 形容詞 形状詞 副詞 連体詞 接続詞 感動詞 代名詞 接頭辞".split())
_FUNCTION = frozenset("助詞 助動詞 補助記号 記号 空白".split())
# Words that carry no content of their own: formal nouns, light verbs, auxiliaries written as
# verbs. Their absence in a translation is never an omission.
_JA_LIGHT = frozenset(
    """こと 事 もの 物 ため 為 ところ 所 よう 様 方 ほう 等 など 中 うち 内 上 下 後 前 間 際 頃 時 とき
    場合 他 ほか 外 以外 以上 以下 以降 以後 以前 通り 毎 各 同 全 本 当 今 的 者 人 辺 達 たち 共 ども
    付近 周辺 関係 状態 部分 一部 全体 自身 自体 自分 自ら 皆 みな 全て 総て 凡て 全部 それぞれ 各々
    為る 有る 在る 居る 成る 出来る 言う 云う 思う 見る 行く 来る 呉れる 貰う 置く 仕舞う 致す 頂く 下さる
    おる 成す 行う 御座る 無い 良い 善い 同じ 多い 少ない 様々 色々 いろいろ 特に 又 また 更に 既に
    つく 付く 因る 依る 拠る 於く 於る 関する 対する 就く 伴う 通す 於ける 関わる 基づく
    非常 大変 とても 少し 全く 必ず 殆ど 程 ほど 位 くらい ぐらい 毎年 現在 当時 その後 其の後 後年""".split()
)


_FORMAL = frozenset("ため 為 こと 事 もの 物 ところ 所 よう 様 とき 時 場合 際 うち 内 まま 侭 ほど 程 はず 筈 わけ 訳".split())


def _is_content(t: JaToken) -> bool:
    if t.pos1 not in ("名詞", "動詞", "形容詞", "形状詞", "副詞"):
        return False
    if t.pos2 in ("数詞", "助動詞語幹", "助数詞") or t.pos3 == "助数詞" or t.lemma.split("-")[0] in _JA_LIGHT or t.surface in _JA_LIGHT:
        return False
    return not re.fullmatch(r"[\W\d_０-９]+", t.surface)


def _attaches(prev: JaToken | None, t: JaToken) -> bool:
    """Whether ``t`` continues the bunsetsu that ``prev`` is in."""
    if prev is None:
        return False
    if t.pos1 not in _INDEPENDENT:
        return prev.pos1 not in ("補助記号", "記号", "空白") and t.pos1 not in ("補助記号", "記号", "空白")
    if prev.pos1 == "接頭辞":
        return True
    if t.pos1 == "名詞" and prev.pos1 == "名詞" and prev.lemma in _FORMAL:
        return False  # 落雷の ため / 焼失した: a formal noun ends its chunk
    if t.pos1 == "名詞" and prev.pos1 in ("名詞", "接尾辞"):
        # a compound (念仏 三昧 院, 六道 説) or a number and its counter (5 間); a number after
        # a word begins a new chunk (側面 5間)
        return not (t.pos2 == "数詞" and prev.pos2 != "数詞")
    if t.pos1 == "動詞" and t.lemma in ("為る", "出来る", "居る", "有る", "成る", "仕舞う", "置く", "行く", "来る",
                                        "見る", "呉れる", "貰う") and prev.pos1 in ("名詞", "助詞", "助動詞", "動詞"):
        return prev.pos1 != "助詞" or prev.surface in ("て", "で")  # 安置 さ れた; 伝わって いる
    return False


def _ja_chunk_spans(tokens: tuple[JaToken, ...]) -> list[list[JaToken]]:
    groups: list[list[JaToken]] = []
    prev = None
    for t in tokens:
        if t.pos1 in ("補助記号", "記号", "空白"):
            prev = t
            continue
        if groups and _attaches(prev, t):
            groups[-1].append(t)
        else:
            groups.append([t])
        prev = t
    return groups


def ja_chunks(text: str, offset: int = 0) -> list[tuple[int, int, list[JaToken]]]:
    """Bunsetsu of Japanese ``text``: ``(start, end, tokens)``, offsets shifted by ``offset``.

    >>> [("".join(t.surface for t in g)) for _, _, g in ja_chunks("墓は原の松蔭寺にある。")]
    ['墓は', '原の', '松蔭寺に', 'ある']
    """
    return [(g[0].start, g[-1].end, g) for g in _ja_chunk_spans(ja_tokens(text, offset))]


# --- English chunks ---------------------------------------------------------------------------

_EN_BOUNDARY = frozenset(
    """of in on at by for with from into onto to as about after before during since until through
    throughout under over between among against without within across along around near toward
    towards upon via and or but nor while whereas although though because so which who whom whose
    where when that than if unless like including such""".split()
)
_EN_CONTENT_STOP = _STOPWORDS | _EN_BOUNDARY | frozenset(
    """also however therefore thus many much several various certain called named known later
    said say says well way one two three first second new old said being itself themselves himself
    herself often actually really usually generally sometimes occasionally respectively either
    whether though while became become becomes""".split())


# Phrases end at punctuation, brackets and quotation marks (an apostrophe inside a word, as
# in "Rensho's", is no quotation mark).
_EN_PIECE = re.compile(r"(?:[^,;:()\[\]\"“”‘’'。]|(?<=[A-Za-z])['’](?=[A-Za-z]))+")
_EN_CHUNK_WORD = re.compile(r"[A-Za-z0-9\u3005\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff][A-Za-z0-9\u3005\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff'’\-\.]*")


def en_chunks(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Phrases of English ``text``: ``(start, end)`` spans, offsets shifted by ``offset``.

    >>> t = "His grave is in Shoin-ji Temple in Hara."
    >>> [t[s:e] for s, e in en_chunks(t)]
    ['His grave is', 'in Shoin-ji Temple', 'in Hara']
    """
    spans: list[tuple[int, int]] = []
    for piece in _EN_PIECE.finditer(text):
        words = list(_EN_CHUNK_WORD.finditer(piece.group()))
        cur: list[re.Match[str]] = []
        for w in words:
            if cur and w.group().lower() in _EN_BOUNDARY:
                spans.append((piece.start() + cur[0].start(), piece.start() + cur[-1].end()))
                cur = []
            cur.append(w)
        if cur:
            spans.append((piece.start() + cur[0].start(), piece.start() + cur[-1].end()))
    # a sentence's full stop is not part of its last phrase ("in Hara."); "Mt." inside one is
    trimmed = ((s, e - 1 if text[e - 1] == "." else e) for s, e in spans)
    return [(s + offset, e + offset) for s, e in trimmed if e > s]


# --- anchors ----------------------------------------------------------------------------------


def _letters(text: str) -> tuple[str, list[int]]:
    """Lower-case Latin letters of ``text`` with long vowels merged, and where each came from."""
    from .name_matching import squash

    return squash(text)


@lru_cache(maxsize=16384)
def _gloss_stems(word: str) -> frozenset[str]:
    """Stems of the words of the JMdict glosses of ``word`` (JMnedict's renderings for a name),
    notes in parentheses left out ("(used of ...)" is no rendering)."""
    out: set[str] = set()
    glosses = [g for e in jmdict(word)[:4] for s in e.senses[:8] for g in s.glosses]
    if not glosses:
        glosses = list(jmnedict(word))[:12]
    for g in glosses:
        for w in re.findall(r"[A-Za-z]+", re.sub(r"\([^)]*\)", " ", g)):
            if len(w) > 2 and w.lower() not in _STOPWORDS and w.lower() not in _GLOSS_STOP:
                out.add(stem(w))
    return frozenset(out)


# words of JMdict's glosses that describe the entry rather than render it
_GLOSS_STOP = frozenset("used esp usu etc word words kind sort type thing things something someone lit".split())


def _stems_match(a: str, stems: frozenset[str] | set[str]) -> bool:
    """Whether the stem ``a`` is one of ``stems`` or one is a prefix of the other (grav and
    graves, from "grave" and "gravesite"), four letters at least."""
    if a in stems:
        return True
    if len(a) < 3:
        return False
    return any(len(b) >= 4 and len(a) >= 4 and (b.startswith(a) or a.startswith(b))
               or len(b) == 3 and a in (b + "d", b + "s", b + "ed", b + "r", b + "n")
               or len(a) == 3 and b in (a + "d", a + "s", a + "ed", a + "r", a + "n") for b in stems)


def _ja_keys(t: JaToken) -> tuple[frozenset[str], list[str]]:
    """(gloss stems, romanized readings and loanword origins) of one Japanese token."""
    lemma = t.lemma.split("-")[0]
    stems = _gloss_stems(lemma)
    if not stems or not is_katakana(lemma) and lemma != t.surface and t.pos1 == "名詞":
        stems = stems | _gloss_stems(t.surface)  # 京都 (lemma キョウト), 舟 (lemma 船)
    keys = []
    origin = t.lemma.split("-", 1)[1] if "-" in t.lemma else ""
    if re.fullmatch(r"[A-Za-z][A-Za-z ]*", origin):
        keys.append(_letters(origin)[0])
    for reading in dict.fromkeys((t.reading, t.base_reading, t.surface if is_katakana(t.surface) else "")):
        if reading:
            k = _letters(romaji(reading))[0]
            if len(k) >= 3:
                keys.append(k)
                if "w" in k:
                    keys.append(re.sub(r"(?<=[aeiou])w(?=[aeiou])", "", k))  # ショウイン shouwin
    return stems, keys


def _key_in(key: str, word_letters: str) -> bool:
    """Whether a romanized reading is in an English word's letters: the whole word, its start
    (松蔭 shoin in Shoin-ji), or inside a long compound (山口 in Unebiyamaguchi)."""
    if key == word_letters:
        return True
    if len(key) >= 4 and word_letters.startswith(key):
        return True
    return len(key) >= 5 and key in word_letters


def _en_is_content(word: str) -> bool:
    w = word.lower()
    return (len(w) > 2 or w.isdigit()) and w not in _EN_CONTENT_STOP and not re.fullmatch(r"[\W_]+", w)


@dataclass
class _EnWord:
    text: str
    start: int
    end: int
    stem: str

    @property
    def stems(self) -> list[str]:
        """The word's stem and, for a hyphenated word, its parts' (newly-introduced)."""
        if "-" not in self.text:
            return [self.stem]
        return [self.stem] + [_en_stem(p) for p in self.text.split("-") if len(p) > 2]


def _digits(text: str) -> set[str]:
    return set(re.findall(r"\d+", unicodedata.normalize("NFKC", text)))


def link(ja_side: list[tuple[int, str]], en_side: list[tuple[int, str]]) -> BeadChunks:
    """Chunks of both sides (``(offset, sentence)`` lists) and the anchors between them."""
    tokens, groups = _ja_side_tokens(ja_side)
    words, en_spans = _en_side_words(en_side)
    # each English word's letters, and the parts of a hyphenated word (Shoin-ji, Yosano-cho)
    letters = [(w, [_letters(w.text)[0]] + [_letters(p)[0] for p in w.text.split("-")[1:]]) for w in words]
    ja_rendered, ja_stems_all, ja_keys_all = _ja_renderings(ja_side, en_side, tokens, words, letters)
    ja_numbers = _number_anchors(tokens, words)
    en_content, en_rendered = _en_renderings(ja_side, tokens, letters, ja_rendered, ja_stems_all, ja_keys_all)

    ja_list: list[Chunk] = []
    for g in groups:
        content = tuple((t.start, t.end) for t in g if (t.start, t.end) in ja_rendered)
        rendered = tuple(c for c in content if ja_rendered[c])
        ja_list.append(Chunk("ja", g[0].start, g[-1].end, _slice(ja_side, g[0].start, g[-1].end), content, rendered))
    en_list: list[Chunk] = []
    for s, e in en_spans:
        content = tuple((w.start, w.end) for w in en_content if s <= w.start and w.end <= e)
        rendered = tuple(c for c in content if c in en_rendered)
        en_list.append(Chunk("en", s, e, _slice(en_side, s, e), content, rendered))
    pairs = _chunk_links(ja_side, ja_list, en_list, ja_rendered, ja_numbers)
    return BeadChunks(tuple(ja_list), tuple(en_list), tuple(pairs))


def _ja_side_tokens(ja_side: list[tuple[int, str]]) -> tuple[list[JaToken], list[list[JaToken]]]:
    """The tokens of the Japanese sentences and their bunsetsu groups."""
    tokens: list[JaToken] = []
    groups: list[list[JaToken]] = []
    for off, sent in ja_side:
        toks = ja_tokens(sent, off)
        tokens.extend(toks)
        groups.extend(_ja_chunk_spans(toks))
    return tokens, groups


def _en_side_words(en_side: list[tuple[int, str]]) -> tuple[list[_EnWord], list[tuple[int, int]]]:
    """The words of the English sentences, with their stems, and the spans of their phrases."""
    words: list[_EnWord] = []
    en_spans: list[tuple[int, int]] = []
    for off, sent in en_side:
        words.extend(_EnWord(w.text, w.start, w.end, _en_stem(w.text)) for w in en_words(sent, off))
        en_spans.extend(en_chunks(sent, off))
    return words, en_spans


def _ja_renderings(ja_side: list[tuple[int, str]], en_side: list[tuple[int, str]], tokens: list[JaToken],
                   words: list[_EnWord], letters: list):
    """The English words that render each Japanese content word, and every gloss stem and key."""
    full_en = " ".join(s for _, s in en_side)
    en_abs = [off + i for off, sent in en_side for i in range(len(sent) + 1)]  # full_en -> offsets
    # Japanese content words and the English words that render them. UniDic splits many
    # dictionary compounds (館長 → 館 長, 須恵器 → 須恵 器): a run of two or three nouns that is a
    # JMdict word lends its glosses to each of its tokens.
    compound = _compound_stems(tokens)
    readings = _reading_spans(ja_side)
    ja_rendered: dict[tuple[int, int], list[tuple[_EnWord, str]]] = {}
    ja_stems_all: set[str] = set()
    ja_keys_all: list[str] = []
    for i, t in enumerate(tokens):
        if t.pos1 in _FUNCTION:
            continue
        stems, keys = _ja_keys(t)
        stems = stems | compound.get(i, frozenset())
        ja_stems_all |= stems
        ja_keys_all += keys
        if not _is_content(t) or any(a <= t.start < b for a, b in readings):
            continue  # a reading in parentheses (天鳥船（あめのとりふね）) renders nothing new
        hits: list[tuple[_EnWord, str]] = []
        k = full_en.find(t.surface)
        if k >= 0:  # kept as it is: 便當, '刀抜'
            hits.append((_EnWord(t.surface, en_abs[k], en_abs[k] + len(t.surface), ""), "same"))
        for w in words:
            if _en_is_content(w.text) and any(_stems_match(x, stems) for x in w.stems):
                hits.append((w, "gloss"))
        origin = bool(keys) and "-" in t.lemma and keys[0] == _letters(t.lemma.split("-", 1)[1])[0]
        for n, key in enumerate(keys):
            # a reading never renders a function word (坐 read as "the")
            w = next((w for w, ls in letters if _en_is_content(w.text) and any(_key_in(key, x) for x in ls)), None)
            if w is not None:
                hits.append((w, "loanword" if origin and n == 0 else "reading"))
                break
        ja_rendered[(t.start, t.end)] = hits
    return ja_rendered, ja_stems_all, ja_keys_all


def _number_anchors(tokens: list[JaToken], words: list[_EnWord]) -> dict[tuple[int, int], list[tuple[_EnWord, str]]]:
    """Japanese numbers in digits and the English number that is the same digits."""
    # Numbers in digits anchor their chunks (1196年 ↔ "in 1196") without being content words:
    # whether a number is rendered is the numbers check's business.
    ja_numbers: dict[tuple[int, int], list[tuple[_EnWord, str]]] = {}
    by_digits = {w.text.replace(",", ""): w for w in reversed(words) if w.text.replace(",", "").isdigit()}
    run: list[JaToken] = []
    for t in [*tokens, None]:
        if t is not None and t.pos2 == "数詞" and unicodedata.normalize("NFKC", t.surface).isdigit():
            run.append(t)
            continue
        if run:
            value = unicodedata.normalize("NFKC", "".join(x.surface for x in run))
            if value in by_digits:
                ja_numbers[(run[0].start, run[-1].end)] = [(by_digits[value], "number")]
            run = []
    return ja_numbers


def _en_renderings(ja_side: list[tuple[int, str]], tokens: list[JaToken], letters: list, ja_rendered: dict,
                   ja_stems_all: set[str], ja_keys_all: list[str]) -> tuple[list[_EnWord], set[tuple[int, int]]]:
    """The English content words, and the spans of those that something Japanese renders."""
    full_ja = "".join(s for _, s in ja_side)
    ja_digits = _digits(full_ja)
    # English content words, and whether anything Japanese renders them
    ja_letters = _letters(" ".join(romaji(t.reading) or romaji(t.surface) for t in tokens))[0] + " " + " ".join(ja_keys_all)
    en_rendered: set[tuple[int, int]] = {(w.start, w.end) for hits in ja_rendered.values() for w, _ in hits}
    en_content: list[_EnWord] = []
    for w, ls in letters:
        if not _en_is_content(w.text):
            continue
        en_content.append(w)
        if (w.start, w.end) in en_rendered:
            continue
        if any(_stems_match(x, ja_stems_all) for x in w.stems) or (w.text.isdigit() and w.text in ja_digits) or \
                w.text in full_ja or any(len(x) >= 4 and x in ja_letters for x in ls):
            en_rendered.add((w.start, w.end))
    return en_content, en_rendered


def _chunk_links(ja_side: list[tuple[int, str]], ja_list: list[Chunk], en_list: list[Chunk], ja_rendered: dict,
                 ja_numbers: dict) -> list[ChunkPair]:
    """The pairs of a Japanese chunk and each English chunk its words' anchors fall in."""
    pairs: list[ChunkPair] = []
    for c in ja_list:
        by_en: dict[int, list[tuple[str, str, str]]] = {}
        numbers = [sp for sp in ja_numbers if c.start <= sp[0] and sp[1] <= c.end]
        for span in [*c.content, *numbers]:
            jw = _slice(ja_side, *span)
            for w, how in ja_rendered.get(span) or ja_numbers.get(span, []):
                k = next((i for i, ec in enumerate(en_list) if ec.start <= w.start < ec.end), None)
                if k is not None:
                    by_en.setdefault(k, []).append((jw, w.text, how))
        for k, anchors in sorted(by_en.items()):
            pairs.append(ChunkPair(c, en_list[k], tuple(dict.fromkeys(anchors))))
    return pairs


def _compound_stems(tokens: list[JaToken]) -> dict[int, frozenset[str]]:
    """Gloss stems of the dictionary compounds that UniDic splits, by token index."""
    out: dict[int, frozenset[str]] = {}
    for i in range(len(tokens)):
        for n in (3, 2):
            run = tokens[i:i + n]
            if len(run) < n or not all(t.pos1 in ("名詞", "接尾辞", "接頭辞") for t in run):
                continue
            if any(run[k].end != run[k + 1].start for k in range(n - 1)):
                continue
            stems = _gloss_stems("".join(t.surface for t in run))
            if stems:
                for k in range(i, i + n):
                    out[k] = out.get(k, frozenset()) | stems
                break
    return out


def _reading_spans(side: list[tuple[int, str]]) -> list[tuple[int, int]]:
    from .view import _READING

    return [(off + m.start(), off + m.end()) for off, sent in side for m in _READING.finditer(sent)]


# English past forms a stemmer cannot undo, to the base JMdict glosses use
_IRREGULAR = {
    "brought": "bring", "built": "build", "bought": "buy", "taught": "teach", "thought": "think",
    "sought": "seek", "fought": "fight", "caught": "catch", "held": "hold", "told": "tell", "sold": "sell",
    "found": "find", "left": "leave", "lost": "lose", "made": "make", "met": "meet", "paid": "pay",
    "said": "say", "sent": "send", "spent": "spend", "stood": "stand", "understood": "understand",
    "wrote": "write", "written": "write", "won": "win", "went": "go", "gone": "go", "gave": "give",
    "given": "give", "took": "take", "taken": "take", "became": "become", "began": "begin", "begun": "begin",
    "chose": "choose", "chosen": "choose", "drew": "draw", "drawn": "draw", "fell": "fall", "fallen": "fall",
    "flew": "fly", "grew": "grow", "grown": "grow", "knew": "know", "known": "know", "rose": "rise",
    "risen": "rise", "saw": "see", "seen": "see", "shook": "shake", "sang": "sing", "sung": "sing",
    "spoke": "speak", "spoken": "speak", "stole": "steal", "struck": "strike", "threw": "throw",
    "thrown": "throw", "wore": "wear", "worn": "wear", "hid": "hide", "hidden": "hide", "led": "lead",
    "fled": "flee", "fed": "feed", "felt": "feel", "kept": "keep", "slept": "sleep", "swept": "sweep",
    "dug": "dig", "hung": "hang", "laid": "lay", "lain": "lie", "ran": "run", "sat": "sit", "shot": "shoot",
    "bore": "bear", "born": "bear", "borne": "bear", "died": "die", "lay": "lie", "ate": "eat", "eaten": "eat",
    "men": "man", "women": "woman", "children": "child", "people": "person", "feet": "foot", "teeth": "tooth",
}


def _en_stem(word: str) -> str:
    return stem(_IRREGULAR.get(word.lower(), word))


def _slice(side: list[tuple[int, str]], start: int, end: int) -> str:
    for off, sent in side:
        if off <= start and end <= off + len(sent):
            return sent[start - off:end - off]
    return "".join(sent for _, sent in side)[start - side[0][0]:end - side[0][0]] if side else ""


def chunk_pairs(ja: str, en: str) -> BeadChunks:
    """The chunks of a Japanese text and its English rendering, and which renders which.

    Offsets are into ``ja`` and ``en``. For a bead of an alignment, use :func:`bead_chunks`.
    """
    return link([(0, ja)] if ja else [], [(0, en)] if en else [])


def bead_chunks(view: "BeadView") -> BeadChunks:
    """:class:`BeadChunks` of a bead, offsets into the alignment's full texts; cached on the view."""
    key = "chunks"
    if key not in view._cache:
        view._cache[key] = link(view.ja.sentences(), view.en.sentences())
    return view._cache[key]
