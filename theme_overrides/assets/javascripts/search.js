/*
 * The portal's search box and results page: Material's look, the portal's own index (written by
 * portal/outputs/search/index.py).
 *
 * Why this file: Material's own search builds a lunr index of the whole site in the browser on
 * every page load. The portal's index is scored when the site is built and split into small JSON
 * files by word prefix; a query fetches only the chunks its words (and its pairs of words) can be
 * in, adds up the scores of the records that have every word, and fetches the shown data of the
 * first ten. Everything comes from this site (no CDN).
 *
 * The ranking is the one of portal/outputs/search/ranking.py (its Python reference, which the
 * judged query set is scored with) and the query words are those of
 * portal/outputs/search/tokens.py (parse_query): the browser tests check that both agree. The
 * words a query is read with (document types, Roman numerals, number words, words said in passing)
 * are not copied here: the build writes them from tokens.py into search/vocabulary.json, read with
 * the index before the first query is parsed.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var FULL_PAGE_SIZE = 100;  // results page: records fetched per "more"
  var PREFIX_ONLY = 0.5;  // a word that only begins a record's word counts half
  var OTHER_ACCENTS = 0.1;  // a word typed with accents counts a tenth where it is written otherwise
  var TITLE_BASE = 3000;  // see ranking.py: a title holding the query comes first, however common its words
  var TITLE_COVER = 3000;
  var DOCUMENT_FIRST = 1000000;  // ranking.DOCUMENT_FIRST: the page of a document the query names comes first
  var NEAREST_DOCUMENTS = 3;  // documents offered for one that does not exist
  var DOCUMENT_KEY = /^(nqtw|[a-z]+)(\d+)$/;
  var TIE_BANDS = 10;  // ranking.TIE_BANDS: results within a tenth of the best score are equally good, newest first
  var UNDATED_RECENCY = 0;  // ranking.UNDATED_RECENCY: a record of no month has no recency
  var SHORT_WORD = 2;  // characters: a word this short is matched whole, never as a beginning
  var FINAL_DELAY = 400;  // ms after the last key: a final one-character word is then applied
  var EXCERPT_WORDS = 50;
  var COMPOUND = /^[\p{L}\p{N}_&]+(?:[-\/][\p{L}\p{N}_&]+)+$/u;
  var WORD = /[\p{L}\p{N}_&]+(?:[-\/][\p{L}\p{N}_&]+)*/gu;
  var TOKEN = /[\p{L}\p{N}_&]+/gu;
  var PLAIN_TOKEN = /[\p{L}\p{N}_]+/gu;
  var SPACED_HYPHEN = /(\d)\s+-\s+(?=\p{L})/gu;
  var EDGE_PUNCTUATION = /^[.,;:!?()\[\]"'“”‘’]+|[.,;:!?()\[\]"'“”‘’]+$/g;

  // The query vocabulary of portal/outputs/search/tokens.py, from search/vocabulary.json (see
  // useVocabulary); empty until it is read, and no query is parsed before (Index.load waits for it).
  var TYPE_CODES = {};
  var TYPE_WORDS = {};
  var CANONICAL_TYPES = {};
  var FILLER_WORDS = [];
  var ROMAN = {};
  var ORDINAL_WORDS = {};
  var PLENUM_STEPS = [];
  var STATUS_PHRASES = {};
  var STATUS_LONGEST = 0;
  var RUN_TOGETHER = /(?!)/;
  var NUMBER = /^\d{1,5}$/;
  var vocabularyRead = false;
  var vocabularyLoading = null;

  /** Take the words of ``vocabulary.json`` (tokens.browser_vocabulary) as the query's vocabulary. */
  function useVocabulary(words) {
    TYPE_CODES = words.typeCodes;
    TYPE_WORDS = words.typeWords;
    CANONICAL_TYPES = words.canonicalTypes;
    FILLER_WORDS = words.fillers;
    ROMAN = words.roman;
    ORDINAL_WORDS = words.ordinals;
    PLENUM_STEPS = words.plenumSteps;
    STATUS_PHRASES = words.statusPhrases;
    STATUS_LONGEST = words.statusLongest;
    RUN_TOGETHER = new RegExp("^(" + Object.keys(TYPE_CODES).sort(function (a, b) {
      return b.length - a.length || (a < b ? -1 : 1);
    }).join("|") + ")0*(\\d{1,5})$");
    vocabularyRead = true;
    return words;
  }

  /** The vocabulary, read once from ``folder`` (the index's folder); a failed read is tried again next time. */
  function loadVocabulary(folder) {
    if (!vocabularyLoading) {
      vocabularyLoading = fetchJson(new URL("vocabulary.json", folder)).then(useVocabulary).catch(function (error) {
        vocabularyLoading = null;
        throw error;
      });
    }
    return vocabularyLoading;
  }

  /** ``Đảng ủy`` → ``dang uy``: the same folding as portal.text.fold.fold. */
  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .toLowerCase().normalize("NFC");
  }

  /** The accent marks of a word in a fixed order, ``đ`` included: ``ủy`` and ``uỷ``, ``hòa`` and
   *  ``hoà`` give the same marks, since the two spellings of a syllable differ only in which
   *  letter carries the tone mark. */
  function accents(word) {
    var found = [];
    Array.from(word.normalize("NFD")).forEach(function (ch) {
      if (/\p{M}/u.test(ch)) found.push(ch);
      else if (ch === "đ" || ch === "Đ") found.push("đ");
    });
    return found.sort().join("");
  }

  /** Whether a word with accent marks ``all`` is written as typed with marks ``some``: the same
   *  marks for a whole word, at least those marks for a word being typed (its tone may come last). */
  function writtenAsTyped(all, some, whole) {
    if (whole) return all === some;
    var found = 0;
    for (var i = 0; i < all.length && found < some.length; i++) if (all[i] === some[found]) found++;
    return found === some.length;
  }

  function canonicalType(part) {
    return Object.prototype.hasOwnProperty.call(CANONICAL_TYPES, part) ? CANONICAL_TYPES[part] : part;
  }

  /** A compound's part as its runs are filed (tokens.canonical_part): ``qdi`` → ``qd``, ``07`` → ``7``. */
  function canonicalPart(part) { return /^[0-9]+$/.test(part) ? part.replace(/^0+(?=[0-9])/, "") : canonicalType(part); }

  function numberKey(digits) { return String(parseInt(digits, 10)); }

  /** A compound's parts, folded and canonical (tokens.canonical_parts): ``IV/2023`` → ``4``, ``2023``. */
  function canonicalParts(word) {
    var parts = fold(word).split(/[-\/]/).filter(Boolean).map(canonicalPart);
    if (parts.length === 2 && Object.prototype.hasOwnProperty.call(ROMAN, parts[0]) && /^[0-9]{4}$/.test(parts[1])) {
      parts[0] = String(ROMAN[parts[0]]);
    }
    return parts;
  }

  /** A compound's joined canonical form: ``27-QĐi/TU`` → ``27qdtu`` (tokens.compound_keys()[0]). */
  function compoundKey(word) {
    return canonicalParts(word).join("");
  }

  /** The code word of a document code (``24-CT/TW`` → ``ct24``), as tokens.compound_code. */
  function compoundCode(word) {
    var parts = fold(word).split(/[-\/]/).filter(Boolean);
    var numbers = 0;
    while (numbers < parts.length && /^\d+$/.test(parts[numbers])) numbers++;
    if (numbers === 0 || numbers === parts.length || !(parts[numbers] in TYPE_CODES) || parts[0].length > 5) return "";
    return TYPE_CODES[parts[numbers]] + numberKey(parts[0]);
  }

  function numeral(token, words) {
    if (NUMBER.test(token)) return parseInt(token, 10);
    if (Object.prototype.hasOwnProperty.call(ROMAN, token)) return ROMAN[token];
    return words && Object.prototype.hasOwnProperty.call(ORDINAL_WORDS, token) ? ORDINAL_WORDS[token] : null;
  }

  function startsWithSteps(tokens, at, step) {
    for (var k = 0; k < step.length; k++) if (tokens[at + k] !== step[k]) return false;
    return true;
  }

  function plenum(tokens, start, j) {
    var named = false;
    var ordinal = false;
    PLENUM_STEPS.forEach(function (step) {
      if (startsWithSteps(tokens, j, step)) {
        j += step.length;
        named = named || step[0] === "hoi" || step[0] === "trung";
        ordinal = step[0] === "lan";
      }
    });
    if (j < tokens.length && tokens[j] === "tw") {
      j += 1;
      named = true;
      if (startsWithSteps(tokens, j, ["lan", "thu"])) { j += 2; ordinal = true; }
    }
    if (!named || j >= tokens.length) return null;
    var number = numeral(tokens[j], ordinal);
    if (!number) return null;
    var central = tokens.slice(start + 1, j).some(function (token) { return token === "trung" || token === "tw"; }) ||
      tokens.slice(j + 1, j + 3).join(" ") === "trung uong" || tokens.slice(j + 1, j + 6).join(" ") === "ban chap hanh trung uong";
    return [start, j + 1, (central ? "nqtw" : "nq") + number];
  }

  function codeAt(tokens, i) {
    var token = tokens[i];
    var run = RUN_TOGETHER.exec(token);
    if (run) return [i, i + 1, TYPE_CODES[run[1]] + numberKey(run[2])];
    if (token === "thang" && i + 2 < tokens.length && NUMBER.test(tokens[i + 1]) &&
        parseInt(tokens[i + 1], 10) >= 1 && parseInt(tokens[i + 1], 10) <= 12) {
      var year = tokens[i + 2] === "nam" ? i + 3 : i + 2;
      if (year < tokens.length && /^[0-9]{4}$/.test(tokens[year])) {
        return [i, year + 1, numberKey(tokens[i + 1]) + tokens[year]];
      }
    }
    if (token === "quy" && i + 1 < tokens.length) {
      var quarter = numeral(tokens[i + 1], false);
      if (quarter !== null && quarter >= 1 && quarter <= 4) return [i, i + 2, "quy" + quarter];
    }
    var pair = tokens.slice(i, i + 2).join(" ");
    var code;
    var j;
    if (Object.prototype.hasOwnProperty.call(TYPE_WORDS, pair)) { code = TYPE_WORDS[pair]; j = i + 2; }
    else if (Object.prototype.hasOwnProperty.call(TYPE_WORDS, token)) { code = TYPE_WORDS[token]; j = i + 1; }
    else if (Object.prototype.hasOwnProperty.call(TYPE_CODES, token)) { code = TYPE_CODES[token]; j = i + 1; }
    else return null;
    var after = j < tokens.length && tokens[j] === "so" ? j + 1 : j;
    if (after < tokens.length && NUMBER.test(tokens[after])) return [i, after + 1, code + numberKey(tokens[after])];
    if (code === "nq") return plenum(tokens, i, j);
    return null;
  }

  /** The status phrase starting at tokens[i], longest first: tokens.status_at. */
  function statusAt(tokens, i) {
    for (var length = Math.min(STATUS_LONGEST, tokens.length - i); length > 1; length--) {
      var phrase = tokens.slice(i, i + length).join(" ");
      if (Object.prototype.hasOwnProperty.call(STATUS_PHRASES, phrase)) return [i, i + length, STATUS_PHRASES[phrase]];
    }
    return null;
  }

  /** A query's status phrases and codes, left to right: tokens.query_codes. */
  function queryCodes(tokens) {
    var found = [];
    var i = 0;
    while (i < tokens.length) {
      var span = statusAt(tokens, i) || codeAt(tokens, i);
      if (span === null) { i++; continue; }
      found.push(span);
      i = span[1];
    }
    return found;
  }

  /** Whether a code word names a document (``ct24``, ``nqtw8``): tokens._names_document. */
  function namesDocument(key) {
    return RUN_TOGETHER.test(key) || (key.indexOf("nq") === 0 && DOCUMENT_KEY.test(key));
  }

  /** Spans [start, end, code word] of folded words naming a document or a quarter (tokens.sequence_codes). */
  function sequenceCodes(tokens) {
    var found = [];
    var i = 0;
    while (i < tokens.length) {
      var span = codeAt(tokens, i);
      if (span === null) { i++; continue; }
      found.push(span);
      i = span[1];
    }
    return found;
  }

  function withCodeWords(items) {
    var out = [];
    var i = 0;
    while (i < items.length) {
      if (items[i].code) { out.push(items[i]); i++; continue; }
      var j = i;
      while (j < items.length && !items[j].code) j++;
      var run = items.slice(i, j);
      var cursor = 0;
      queryCodes(run.map(function (term) { return term.key; })).forEach(function (span) {
        out.push.apply(out, run.slice(cursor, span[0]));
        out.push({ key: span[2], typed: span[2], prefix: run[span[1] - 1].prefix, optional: false, code: true,
                   width: span[1] - span[0], document: namesDocument(span[2]) ? span[2] : "" });
        cursor = span[1];
      });
      out.push.apply(out, run.slice(cursor));
      i = j;
    }
    return out;
  }

  /** Words after a code and ``của``/``ngày`` (its issuer, its date) are optional: tokens._optional_citation_tails. */
  function optionalCitationTails(items) {
    var tail = false;
    items.forEach(function (term, index) {
      var previous = index ? items[index - 1] : null;
      if (term.code && !tail) return;
      if (!tail && previous !== null && previous.code && (term.key === "cua" || term.key === "ngay")) tail = true;
      else if (tail && term.code && RUN_TOGETHER.test(term.key)) tail = false;
      if (tail) term.optional = true;
    });
  }

  /** Whether the last word ends a code word (``Quý 4``): tokens._completes_code. */
  function completesCode(items) {
    if (items[items.length - 1].code) return false;
    var plain = [];
    for (var k = items.length - 1; k >= 0 && !items[k].code; k--) plain.unshift(items[k].key);
    var spans = sequenceCodes(plain);
    return spans.length > 0 && spans[spans.length - 1][1] === plain.length;
  }

  /** The terms of a typed query and its pairs of consecutive words: tokens.parse_query. */
  function parseQuery(query, final) {
    query = query.normalize("NFC").replace(SPACED_HYPHEN, "$1-");
    var openEnded = !/\s$/.test(query);
    var items = [];
    query.split(/\s+/).forEach(function (word) {
      var core = word.replace(EDGE_PUNCTUATION, "");
      if (!core) return;
      if (COMPOUND.test(core)) {
        items.push({ key: compoundKey(core), typed: core.toLowerCase(), prefix: false, optional: false, code: true,
                     width: (core.match(PLAIN_TOKEN) || []).length, document: compoundCode(core) });
      } else {
        (core.toLowerCase().match(TOKEN) || []).forEach(function (token) {
          items.push({ key: fold(token), typed: token, prefix: false, optional: false, code: false, width: 1, document: "" });
        });
      }
    });
    if (openEnded && items.length) {
      var length = Array.from(items[items.length - 1].key).length;
      if (length === 1 && items.length > 1 && !final && !completesCode(items)) items.pop();
      else if (length > SHORT_WORD) items[items.length - 1].prefix = true;
    }
    items = withCodeWords(items);
    var meaningful = items.some(function (term) { return term.code || FILLER_WORDS.indexOf(term.key) < 0; });
    if (meaningful) {
      items.forEach(function (term) { term.optional = !term.code && FILLER_WORDS.indexOf(term.key) >= 0; });
      optionalCitationTails(items);
    }
    items.forEach(function (term) {
      term.accented = !term.code && term.typed !== term.key;
      term.accents = term.accented ? accents(term.typed) : "";
    });
    var pairs = [];
    for (var a = 0; a + 1 < items.length; a++) {
      if (!items[a].code && !items[a + 1].code) pairs.push(items[a].key + " " + items[a + 1].key);
    }
    return { terms: items, pairs: pairs };
  }

  /** Whether the last word of one character was left out (it waits for the next key or a pause). */
  function waitsForShortWord(query) {
    var keys = function (parsed) { return parsed.terms.map(function (term) { return term.key; }).join(" "); };
    return keys(parseQuery(query, false)) !== keys(parseQuery(query, true));
  }

  /** The old rewriting of a query (compound words joined and folded), kept for tests of the index keys. */
  function queryWords(query) {
    var words = [];
    query.normalize("NFC").replace(SPACED_HYPHEN, "$1-").split(/\s+/).forEach(function (word) {
      var core = word.replace(EDGE_PUNCTUATION, "");
      if (COMPOUND.test(core)) words.push(compoundKey(core));
      else if (core) words.push(core);
    });
    return words.join(" ");
  }

  // --- Highlighting: only what matched ---

  /** Folded forms a shown word is compared with: every contiguous run of its parts, joined and
   *  canonical (``27-QĐi/TU`` → ``27qdtu``, ``qdtu``, ``qdi``…), and its code word (``qd27``). */
  function wordKeys(word) {
    var folded = fold(word).split(/[-\/]/);
    var parts = folded.length > 1 ? canonicalParts(word) : folded;
    var keys = folded.slice();
    for (var start = 0; start < parts.length; start++) {
      for (var end = start + 1; end <= parts.length; end++) keys.push(parts.slice(start, end).join(""));
    }
    if (parts.length > 1) {
      var code = compoundCode(word);
      if (code) keys.push(code);
      if (code.indexOf("nq") === 0 && folded.indexOf("tw") >= 0) keys.push("nqtw" + code.slice(2));
    }
    return keys;
  }

  /** Whether a shown word is one a term matched: the same word (or, for the word being typed, a
   *  word it begins), and for a term typed with accents only where written with them. */
  function wordMatches(word, term) {
    var keys = wordKeys(word);
    var hit = keys.some(function (key) { return key === term.key || (term.prefix && key.indexOf(term.key) === 0); });
    if (!hit) return false;
    if (!term.accented) return true;
    var whole = keys.indexOf(term.key) >= 0;
    return writtenAsTyped(accents(word.normalize("NFC").toLowerCase()), term.accents, whole);
  }

  /** First word of the window of ``limit`` words that shows the most distinct query terms. */
  function bestWindow(spans, limit) {
    var best = 0;
    var bestCount = -1;
    spans.forEach(function (span, start) {
      if (!span.terms.length) return;
      var seen = {};
      spans.slice(start, start + limit).forEach(function (s) { s.terms.forEach(function (t) { seen[t] = true; }); });
      var count = Object.keys(seen).length;
      if (count > bestCount) { best = start; bestCount = count; }
    });
    return Math.max(0, Math.min(best - Math.floor(limit / 4), spans.length - limit));
  }

  /** The spans of ``text``'s words, each with the terms it matched: words of a code named in words
   *  (``Chỉ thị số 24``) match that code word; filler words are marked only inside such a span. */
  function matchedSpans(text, terms) {
    var spans = [];
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
      spans.push({ start: match.index, end: match.index + match[0].length, word: match[0], terms: [] });
    }
    var codeTerms = {};
    terms.forEach(function (term, index) { if (term.code) codeTerms[term.key] = index; });
    // A code stands for its number after type words (``Kết luận 100-KL/TW``: ``kl100``), as indexed.
    var plain = spans.map(function (span) {
      if (!COMPOUND.test(span.word)) return fold(span.word);
      var first = fold(span.word).split(/[-\/]/)[0];
      return compoundCode(span.word) && NUMBER.test(first) ? first : "";
    });
    sequenceCodes(plain).forEach(function (found) {
      var key = found[2];
      if (!Object.prototype.hasOwnProperty.call(codeTerms, key) && key.indexOf("nqtw") === 0) key = "nq" + key.slice(4);
      if (!Object.prototype.hasOwnProperty.call(codeTerms, key)) return;
      for (var k = found[0]; k < found[1]; k++) spans[k].terms.push(codeTerms[key]);
    });
    spans.forEach(function (span) {
      terms.forEach(function (term, index) {
        if (term.optional || span.terms.indexOf(index) >= 0) return;
        if (wordMatches(span.word, term)) span.terms.push(index);
      });
    });
    return spans;
  }

  /** Text as DOM nodes with matching words in <mark>, cut to the window that shows most terms. */
  function highlighted(text, terms, limit) {
    var spans = matchedSpans(text, terms);
    var from = 0;
    var to = spans.length;
    if (limit && spans.length > limit) {
      from = bestWindow(spans, limit);
      to = from + limit;
    }
    var fragment = document.createDocumentFragment();
    var start = from > 0 ? spans[from].start : 0;
    var end = to < spans.length ? spans[to - 1].end : text.length;
    if (from > 0) fragment.appendChild(document.createTextNode("… "));
    var cursor = start;
    spans.slice(from, to).forEach(function (span) {
      if (!span.terms.length) return;
      fragment.appendChild(document.createTextNode(text.slice(cursor, span.start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(span.start, span.end);
      fragment.appendChild(mark);
      cursor = span.end;
    });
    fragment.appendChild(document.createTextNode(text.slice(cursor, end)));
    if (to < spans.length) fragment.appendChild(document.createTextNode(" …"));
    return fragment;
  }

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  // --- The index ---

  /** A chunk file as arrays: per word its forms, and per record that has it, its score and the
   *  bits of the forms it writes; the records whose title has it, with those bits and the title's length. */
  function decodeChunk(raw) {
    return Object.keys(raw).map(function (key) {
      var flat = raw[key][1];
      var count = flat.length / 3;
      var records = new Int32Array(count);
      var scores = new Int32Array(count);
      var masks = new Int32Array(count);
      var record = 0;
      for (var i = 0; i < count; i++) {
        record += flat[3 * i];
        records[i] = record;
        scores[i] = flat[3 * i + 1];
        masks[i] = flat[3 * i + 2];
      }
      var titled = new Map();
      var triples = raw[key][2];
      for (var j = 0; j < triples.length; j += 3) titled.set(triples[j], [triples[j + 1], triples[j + 2]]);
      return { key: key, forms: raw[key][0], records: records, scores: scores, masks: masks, titled: titled };
    });
  }

  function decodePairs(raw) {
    var pairs = new Map();
    Object.keys(raw).forEach(function (key) {
      var flat = raw[key];
      var found = new Map();
      var record = 0;
      for (var i = 0; i < flat.length; i += 2) { record += flat[i]; found.set(record, flat[i + 1]); }
      pairs.set(key, found);
    });
    return pairs;
  }

  /** Each record's score for one term (its best word), whether its title has the term, and the
   *  title's length: ranking.term_scores. */
  function termScores(term, chunks) {
    var scores = new Map();
    chunks.forEach(function (words) {
      words.forEach(function (word) {
        var whole = word.key === term.key;
        if (!whole && !(term.prefix && word.key.indexOf(term.key) === 0)) return;
        var typed = 0;
        if (term.accented) {
          if (!word.accents) word.accents = word.forms.map(accents);
          word.accents.forEach(function (marks, bit) {
            if (writtenAsTyped(marks, term.accents, whole)) typed |= 1 << bit;
          });
        }
        var factor = whole ? 1 : PREFIX_ONLY;
        for (var i = 0; i < word.records.length; i++) {
          var score = factor * word.scores[i] * (!term.accented || (word.masks[i] & typed) ? 1 : OTHER_ACCENTS);
          var title = word.titled.size ? word.titled.get(word.records[i]) : undefined;
          var inTitle = title !== undefined && (!term.accented || (title[0] & typed) !== 0);
          var known = scores.get(word.records[i]);
          if (known === undefined) scores.set(word.records[i], [score, inTitle, title ? title[1] : 0]);
          else {
            known[0] = Math.max(known[0], score);
            if (inTitle) { known[1] = true; known[2] = title[1]; }
          }
        }
      });
    });
    return scores;
  }

  function titleScore(terms, scores, record, width) {
    var matched = 0;
    var covered = 0;
    var words = 0;
    terms.forEach(function (term, index) {
      var found = scores[index].get(record);
      if (found === undefined || !found[1]) return;
      words = found[2];
      covered += term.width;
      if (!term.optional) matched += term.width;
    });
    if (matched === 0 || matched * 2 < width) return 0;
    return TITLE_BASE * matched / width + TITLE_COVER * Math.min(1, covered / words);
  }

  /** The index written by portal/outputs/search/index.py. */
  function Index(folder) {
    this.folder = folder;
    this.meta = null;
    this.chunks = {};
    this.recordFiles = {};
  }

  Index.prototype.load = function () {
    var self = this;
    if (!this.meta) {
      this.meta = Promise.all([fetchJson(new URL("index.json", this.folder)), loadVocabulary(this.folder)]).then(function (read) {
        var meta = read[0];
        meta.groupOf = new Map();
        (meta.groups || []).forEach(function (members, number) {
          members.forEach(function (member) { meta.groupOf.set(member, number); });
        });
        meta.priorOf = new Map();
        var priors = meta.priors || [];
        for (var i = 0; i < priors.length; i += 2) meta.priorOf.set(priors[i], priors[i + 1]);
        meta.recencyOf = new Int32Array(meta.records || 0).fill(UNDATED_RECENCY);
        var runs = meta.recency || [];
        for (var r = 0; r < runs.length; r += 3) meta.recencyOf.fill(runs[r + 2], runs[r], runs[r + 1]);
        return meta;
      }).catch(function (error) {
        self.meta = null;
        throw error;
      });
    }
    return this.meta;
  };

  /** Chunks a word can be in: the chunk of its longest prefix and, when it may match as a prefix,
   *  every chunk whose prefix it begins. */
  function chunksFor(names, key, prefix) {
    var found = [];
    var best = -1;
    names.forEach(function (name, number) {
      if (key.indexOf(name) === 0) {
        if (best < 0 || name.length > names[best].length) best = number;
      } else if (prefix && name.indexOf(key) === 0) {
        found.push(number);
      }
    });
    if (best >= 0) found.push(best);
    return found;
  }

  Index.prototype.file = function (folder, number, decode) {
    var name = folder + "/" + number;
    if (!this.chunks[name]) {
      var self = this;
      this.chunks[name] = fetchJson(new URL(name + ".json", this.folder)).then(decode)
        .catch(function (error) { delete self.chunks[name]; throw error; });
    }
    return this.chunks[name];
  };

  /** Entries for a query, best first: ranking.rank. ``final``: a last word of one character counts. */
  Index.prototype.search = function (text, final) {
    var self = this;
    var query, terms, meta;
    return this.load().then(function (loaded) {
      meta = loaded;
      query = parseQuery(text, final);
      terms = query.terms;
      var words = Promise.all(terms.map(function (term) {
        return Promise.all(chunksFor(meta.chunks, term.key, term.prefix).map(function (number) {
          return self.file("words", number, decodeChunk);
        }));
      }));
      var pairs = Promise.all(query.pairs.map(function (key) {
        var numbers = chunksFor(meta.pairChunks || [], key, false);
        if (!numbers.length) return new Map();
        return self.file("pairs", numbers[numbers.length - 1], decodePairs).then(function (chunk) {
          return chunk.get(key) || new Map();
        });
      }));
      return Promise.all([words, pairs]);
    }).then(function (loaded) {
      var scores = terms.map(function (term, index) { return termScores(term, loaded[0][index]); });
      return self.namedDocuments(terms, scores).then(function (named) { return [loaded, scores, named]; });
    }).then(function (found) {
      var loaded = found[0];
      var scores = found[1];
      var named = found[2].named;
      var pairScores = loaded[1];
      var required = [];
      terms.forEach(function (term, index) { if (!term.optional) required.push(index); });
      var candidates = havingAll(scores, required);
      var partial = false;
      if (!candidates.length && required.length > 1) { candidates = havingMost(scores, required); partial = true; }
      if (named.size) {
        var union = new Set(candidates);
        named.forEach(function (record) { union.add(record); });
        candidates = Array.from(union).sort(function (a, b) { return a - b; });
      }
      var width = 0;
      required.forEach(function (index) { width += terms[index].width; });
      var ranked = candidates.map(function (record) {
        var total = 0;
        scores.forEach(function (termScore) {
          var found = termScore.get(record);
          if (found !== undefined) total += found[0];
        });
        pairScores.forEach(function (pair) {
          var found = pair.get(record);
          if (found !== undefined) total += found;
        });
        var title = titleScore(terms, scores, record, width);
        if (title) total += title + (meta.priorOf.get(record) || 0);
        if (named.has(record)) total += DOCUMENT_FIRST;
        total += meta.recencyOf[record];
        return [record, total];
      });
      var best = 0;
      ranked.forEach(function (pair) { best = Math.max(best, pair[1]); });
      var band = function (score) { return best > 0 ? Math.floor((best - score) * TIE_BANDS / best) : 0; };
      ranked.sort(function (a, b) {
        return band(a[1]) - band(b[1]) || meta.recencyOf[b[0]] - meta.recencyOf[a[0]] || b[1] - a[1] || a[0] - b[0];
      });
      var entries = grouped(meta, ranked);
      var missing = [];
      if (partial) {
        required.forEach(function (index) { if (!scores[index].size) missing.push(terms[index].typed); });
        if (!missing.length && entries.length) {
          required.forEach(function (index) {
            if (!scores[index].has(entries[0].record)) missing.push(terms[index].typed);
          });
        }
      }
      return { query: query, entries: entries, partial: partial, missing: missing, unknown: found[2].unknown };
    });
  };

  /** Records whose title names a document the query names (ranking.rank): when none does, the
   *  nearest documents stand in for it (their scores merged into the term's) and it is ``unknown``. */
  Index.prototype.namedDocuments = function (terms, scores) {
    var self = this;
    var named = new Set();
    var unknown = [];
    var step = Promise.resolve();
    terms.forEach(function (term, i) {
      if (!term.document) return;
      step = step.then(function () {
        var titled = [];
        scores[i].forEach(function (found, record) { if (found[1]) titled.push(record); });
        if (titled.length) { titled.forEach(function (record) { named.add(record); }); return null; }
        unknown.push(term.typed);
        return self.nearestDocuments(term.document).then(function (words) {
          words.forEach(function (word) {
            termScores({ key: word.key, typed: word.key, prefix: false, code: true, accented: false }, [[word]])
              .forEach(function (found, record) {
                var known = scores[i].get(record);
                if (known === undefined || known[0] < found[0]) scores[i].set(record, found);
                if (found[1]) named.add(record);
              });
          });
        });
      });
    });
    return step.then(function () { return { named: named, unknown: unknown }; });
  };

  /** The words of the documents nearest to one no page is about: ranking.nearest_documents. */
  Index.prototype.nearestDocuments = function (code) {
    var self = this;
    var wanted = DOCUMENT_KEY.exec(code);
    if (!wanted) return Promise.resolve([]);
    var number = parseInt(wanted[2], 10);
    return this.load().then(function (meta) {
      return Promise.all(chunksFor(meta.chunks, code, false).map(function (chunk) {
        return self.file("words", chunk, decodeChunk);
      }));
    }).then(function (chunks) {
      var found = [];
      chunks.forEach(function (words) {
        words.forEach(function (word) {
          var match = DOCUMENT_KEY.exec(word.key);
          if (match && match[1] === wanted[1] && word.titled.size) {
            var other = parseInt(match[2], 10);
            found.push([Math.abs(other - number), other, word]);
          }
        });
      });
      found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
      return found.filter(function (item) { return item[0] === found[0][0]; })
        .slice(0, NEAREST_DOCUMENTS).map(function (item) { return item[2]; });
    });
  };

  function havingAll(scores, required) {
    if (!required.length) return [];
    var found = [];
    scores[required[0]].forEach(function (value, record) {
      for (var k = 1; k < required.length; k++) if (!scores[required[k]].has(record)) return;
      found.push(record);
    });
    return found.sort(function (a, b) { return a - b; });
  }

  function havingMost(scores, required) {
    var counts = new Map();
    required.forEach(function (index) {
      scores[index].forEach(function (value, record) { counts.set(record, (counts.get(record) || 0) + 1); });
    });
    var most = 0;
    counts.forEach(function (count) { most = Math.max(most, count); });
    var least = Math.max(1, most - 1);
    var found = [];
    counts.forEach(function (count, record) { if (count >= least) found.push(record); });
    return found.sort(function (a, b) { return a - b; });
  }

  /** One entry per group (a department's year pages), where its best record ranks. */
  function grouped(meta, ranked) {
    var entries = [];
    var byGroup = new Map();
    ranked.forEach(function (pair) {
      var group = meta.groupOf.get(pair[0]);
      if (group === undefined) { entries.push({ record: pair[0], score: pair[1], members: [] }); return; }
      var entry = byGroup.get(group);
      if (entry) { entry.members.push(pair[0]); return; }
      entry = { record: pair[0], score: pair[1], members: [] };
      byGroup.set(group, entry);
      entries.push(entry);
    });
    return entries;
  }

  /** What a result shows: a row of the record file it is in, as ``{url, meta}``. */
  Index.prototype.record = function (number) {
    var self = this;
    return this.load().then(function (meta) {
      var file = Math.floor(number / meta.recordsPerFile);
      if (!self.recordFiles[file]) {
        self.recordFiles[file] = fetchJson(new URL("records/" + file + ".json", self.folder))
          .catch(function (error) { delete self.recordFiles[file]; throw error; });
      }
      return self.recordFiles[file].then(function (rows) {
        var row = rows[number - file * meta.recordsPerFile];
        var shown = {};
        meta.fields.forEach(function (name, index) { shown[name] = row[index]; });
        return { record: number, url: shown.href, meta: shown };
      });
    });
  };

  /** An entry's records: its own and its group's other matched ones. */
  Index.prototype.entry = function (entry) {
    var self = this;
    return Promise.all([entry.record].concat(entry.members).map(function (number) { return self.record(number); }))
      .then(function (records) { return { main: records[0], members: records.slice(1) }; });
  };

  // --- Showing results (the search box and the results page share these) ---

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function countText(strings, count) {
    return count === 1 ? strings.one : strings.other.replace("#", count.toLocaleString("vi-VN"));
  }

  /** The message above partial results: which typed words no shown result has. */
  function partialText(strings, missing) {
    return format(strings.partial, { words: missing.map(function (word) { return "«" + word + "»"; }).join(", ") });
  }

  /** A group member's label: its title past the entry's (``Phòng X: năm 2022`` → ``năm 2022``). */
  /** The message for documents named that no page is about: said so, the nearest ones first. */
  function unknownText(strings, unknown, count) {
    var words = unknown.map(function (word) { return "«" + word + "»"; }).join(", ");
    return format(count ? strings.unknown : strings.unknownNone, { words: words });
  }

  /** A group member's label: its title past the entry's (``Phòng X: năm 2022`` → ``năm 2022``). */
  function memberLabel(main, member) {
    var title = member.meta.title || member.url;
    var base = (main.meta.title || "").replace(/:.*$/, "");
    return title.indexOf(base) === 0 && title.length > base.length ? title.slice(base.length).replace(/^[\s:·-]+/, "") : title;
  }

  function resultItem(site, shown, terms, strings, id) {
    var record = shown.main;
    var meta = record.meta || {};
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    if (id) item.setAttribute("role", "none");  // the listbox owns the options (the links) directly
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(meta.href || record.url, site).href;
    if (id) { link.id = id; link.setAttribute("role", "option"); link.setAttribute("aria-selected", "false"); }
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var kind = document.createElement("div");
    kind.className = "portal-search-kind";
    kind.textContent = meta.kind || "";
    var title = document.createElement("h1");
    title.appendChild(highlighted(meta.title || record.url, terms, 0));
    var text = document.createElement("p");
    text.className = "portal-search-text";
    text.appendChild(highlighted(meta.text || "", terms, meta.whole ? 0 : EXCERPT_WORDS));
    article.append(kind, title, text);
    if (meta.info) {
      var info = document.createElement("p");
      info.className = "portal-search-info";
      info.appendChild(highlighted(meta.info, terms, 0));
      article.appendChild(info);
    }
    link.appendChild(article);
    item.appendChild(link);
    if (shown.members.length) {
      var more = document.createElement("p");
      more.className = "portal-search-members";
      more.appendChild(document.createTextNode(strings.members + " "));
      shown.members.slice().sort(function (a, b) { return a.record - b.record; }).forEach(function (member, index) {
        if (index) more.appendChild(document.createTextNode(" · "));
        var other = document.createElement("a");
        other.href = new URL(member.meta.href || member.url, site).href;
        other.textContent = memberLabel(record, member);
        other.tabIndex = -1;
        more.appendChild(other);
      });
      item.appendChild(more);
    }
    return item;
  }

  // --- The search box ---

  function Search(root) {
    this.root = root;
    this.strings = JSON.parse(root.getAttribute("data-portal-strings"));
    this.input = root.querySelector("[data-portal-search-query]");
    this.meta = root.querySelector("[data-portal-search-meta]");
    this.list = root.querySelector("[data-portal-search-list]");
    this.more = root.querySelector("[data-portal-search-more]");
    this.all = root.querySelector("[data-portal-search-all]");
    this.toggle = document.getElementById("__search");
    this.site = siteRoot();
    this.index = new Index(new URL("search/", this.site));
    this.sequence = 0;
    this.running = null;
    this.pending = null;
    this.timer = null;
    this.results = [];
    this.shown = 0;
    this.active = -1;
    this.terms = [];
    this.query = "";
    this.meta.textContent = this.strings.placeholder;
    this.bind();
  }

  Search.prototype.load = function () {
    var index = this.index;
    return index.load().then(function () { return index; });
  };

  Search.prototype.bind = function () {
    var self = this;
    // Fetch the index's table of chunks once the page is idle or the box is pointed at, so the
    // first keystroke only waits for its own chunks.
    var warm = function () { self.load().catch(function () {}); };
    if (window.requestIdleCallback) window.requestIdleCallback(warm, { timeout: 3000 });
    else setTimeout(warm, 1000);
    this.root.addEventListener("pointerenter", warm, { once: true });
    this.input.addEventListener("focus", function () {
      if (self.quiet) return;
      self.open();
      self.load().catch(function () {});
    });
    this.input.addEventListener("input", function () {
      self.open();  // typing in the box left closed by Esc opens it again
      self.run(self.input.value, false);
    });
    this.input.addEventListener("keydown", function (event) { self.key(event); });
    this.root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      self.submit();
    });
    this.root.querySelector("form").addEventListener("reset", function () {
      setTimeout(function () { self.run("", false); self.input.focus(); }, 0);
    });
    this.more.addEventListener("click", function () { self.showMore(self.sequence); });
    this.list.addEventListener("click", function (event) {
      var link = event.target.closest("a");
      if (link && link.pathname === location.pathname) self.close();
    });
    if (this.toggle) {
      this.toggle.addEventListener("change", function () {
        if (self.toggle.checked) self.input.focus();
      });
    }
    // The overlay closes when the keyboard leaves it (Tab past its last result, Shift+Tab before
    // the box), so it never stays open over the page being tabbed through.
    this.root.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (next && !self.root.contains(next) && self.toggle && self.toggle.checked) self.close(false);
    });
    // The header's search button (a label on narrow screens) opens the box from the keyboard too.
    this.button = document.querySelector("[data-portal-search-button]");
    if (this.button) {
      this.button.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        self.open();
        self.input.focus();
      });
    }
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) ||
        document.activeElement.isContentEditable;
      if (event.key === "Escape" && self.toggle && self.toggle.checked) {
        self.close(true);
      } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
                 (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        self.open();
        self.input.focus();
      }
    });
  };

  /** Arrow keys move through the results (loading more at the end), Enter opens the one chosen. */
  Search.prototype.key = function (event) {
    var links = this.list.querySelectorAll(".md-search-result__link");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!links.length) return;
      event.preventDefault();
      var next = this.active + (event.key === "ArrowDown" ? 1 : -1);
      if (next >= links.length && !this.more.hidden) {
        var self = this;
        this.showMore(this.sequence).then(function () { self.select(next); });
        return;
      }
      this.select(Math.max(-1, Math.min(next, links.length - 1)));
    }
  };

  Search.prototype.select = function (position) {
    var links = this.list.querySelectorAll(".md-search-result__link");
    if (position >= links.length) position = links.length - 1;
    links.forEach(function (link, index) {
      link.classList.toggle("portal-search-active", index === position);
      link.setAttribute("aria-selected", String(index === position));
    });
    this.active = position;
    if (position >= 0) {
      this.input.setAttribute("aria-activedescendant", links[position].id);
      links[position].scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  /** Enter: an empty box says so; otherwise the chosen (or first) result opens, once the final
   *  query (with a last word of one character) has been searched. */
  Search.prototype.submit = function () {
    var self = this;
    if (!vocabularyRead) {
      this.index.load().then(function () { self.submit(); }, function () { self.run(self.input.value, true); });
      return;
    }
    if (!parseQuery(this.input.value, true).terms.length) {
      this.meta.textContent = this.strings.empty;
      return;
    }
    var open = function () {
      var links = self.list.querySelectorAll(".md-search-result__link");
      var chosen = links[self.active >= 0 ? self.active : 0];
      if (chosen) chosen.click();
    };
    if (waitsForShortWord(this.input.value) && this.query !== this.input.value + "\u0000final") {
      this.run(this.input.value, true).then(open);
    } else {
      open();
    }
  };

  Search.prototype.open = function () {
    if (this.toggle && !this.toggle.checked) this.toggle.checked = true;
  };

  /** Close the overlay; with ``returnFocus`` (Esc) the focus goes back to the search button, or to
   *  the box itself, closed, where the button is hidden (wide screens): never to the page's start. */
  Search.prototype.close = function (returnFocus) {
    if (this.toggle) this.toggle.checked = false;
    if (!returnFocus) {
      this.input.blur();
      return;
    }
    if (this.button && this.button.offsetParent !== null) {
      this.button.focus();
    } else {
      this.quiet = true;
      this.input.focus();
      this.quiet = false;
    }
  };

  /** Run the search for ``query``. One search at a time: keys typed during a search only leave
   *  their latest query, which runs next (stale ones are skipped). A query whose last word of one
   *  character waits is searched again with it once typing stops (:data:`FINAL_DELAY`). */
  Search.prototype.run = function (query, final) {
    var self = this;
    if (!vocabularyRead) {
      // the first query: read the index and its vocabulary, then parse it (a failed read shows the error)
      var waiting = ++this.sequence;
      return this.index.load().then(function () {
        if (waiting === self.sequence) return self.run(query, final);
      }, function () {
        return self.searchNow(query, final, waiting);
      });
    }
    var sequence = ++this.sequence;
    clearTimeout(this.timer);
    if (!final && waitsForShortWord(query)) {
      this.timer = setTimeout(function () {
        if (self.input.value === query) self.run(query, true);
      }, FINAL_DELAY);
    }
    if (!parseQuery(query, final).terms.length) {
      this.pending = null;
      this.list.replaceChildren();
      this.more.hidden = true;
      this.all.hidden = true;
      this.meta.textContent = this.strings.placeholder;
      this.root.setAttribute("data-portal-search-ready", String(sequence));
      return Promise.resolve();
    }
    if (this.running) {
      this.pending = { query: query, final: final, sequence: sequence };
      return this.running;
    }
    this.running = this.searchNow(query, final, sequence).then(function () {
      self.running = null;
      var next = self.pending;
      self.pending = null;
      if (next && next.sequence === self.sequence) return self.run(next.query, next.final);
    });
    return this.running;
  };

  Search.prototype.searchNow = function (query, final, sequence) {
    var self = this;
    return this.load().then(function (index) {
      if (sequence !== self.sequence) return null;
      return index.search(query, final);
    }).then(function (search) {
      if (sequence !== self.sequence || !search) return;
      self.query = query + (final ? "\u0000final" : "");
      self.terms = search.query.terms;
      self.results = search.entries;
      self.shown = 0;
      self.active = -1;
      self.input.removeAttribute("aria-activedescendant");
      self.list.replaceChildren();
      var count = search.entries.length;
      var short = count === 0 && search.query.terms.length === 1 && Array.from(search.query.terms[0].key).length <= SHORT_WORD;
      var message = count === 0 ? (short ? self.strings.short : self.strings.none) : countText(self.strings, count);
      if (search.partial && count) message = partialText(self.strings, search.missing) + " " + message;
      if (search.unknown.length) message = unknownText(self.strings, search.unknown, count) + " " + message;
      self.meta.textContent = message;
      self.all.hidden = count <= PAGE_SIZE;
      if (count > PAGE_SIZE) {
        var page = new URL("tim-kiem/", self.site);
        page.searchParams.set("q", query.trim());
        self.all.href = page.href;
        self.all.textContent = format(self.strings.all, { count: count.toLocaleString("vi-VN") });
      }
      return self.showMore(sequence);
    }).catch(function (error) {
      if (sequence !== self.sequence) return;
      self.meta.textContent = self.strings.error;
      self.root.setAttribute("data-portal-search-ready", String(sequence));
      if (window.console) console.error(error);
    });
  };

  Search.prototype.showMore = function (sequence) {
    var self = this;
    var batch = this.results.slice(this.shown, this.shown + PAGE_SIZE);
    var first = this.shown;
    this.shown += batch.length;
    return Promise.all(batch.map(function (entry) { return self.index.entry(entry); })).then(function (entries) {
      if (sequence !== self.sequence) return;
      entries.forEach(function (shown, offset) {
        self.list.appendChild(resultItem(self.site, shown, self.terms, self.strings, "portal-search-result-" + (first + offset)));
      });
      self.root.setAttribute("data-portal-search-ready", String(sequence));
      self.more.hidden = self.shown >= self.results.length;
    });
  };

  // --- The results page (tim-kiem/?q=…): every result, grouped by month ---

  function ResultsPage(root) {
    this.root = root;
    this.strings = JSON.parse(root.getAttribute("data-portal-strings"));
    this.site = siteRoot();
    this.index = new Index(new URL("search/", this.site));
    this.form = root.querySelector("form");
    this.input = root.querySelector("input");
    this.meta = root.querySelector("[data-portal-results-meta]");
    this.body = root.querySelector("[data-portal-results]");
    this.more = root.querySelector("[data-portal-results-more]");
    var self = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = new URL(location.href);
      url.searchParams.set("q", self.input.value.trim());
      history.replaceState(null, "", url.href);
      self.run(self.input.value);
    });
    this.more.addEventListener("click", function () { self.showMore(); });
    var query = new URL(location.href).searchParams.get("q") || "";
    this.input.value = query;
    this.run(query);
  }

  ResultsPage.prototype.run = function (query) {
    var self = this;
    if (!vocabularyRead) {
      return this.index.load().then(function () { return self.run(query); }, function (error) {
        self.meta.textContent = self.strings.error;
        self.root.setAttribute("data-portal-results-ready", "1");
        if (window.console) console.error(error);
      });
    }
    this.body.replaceChildren();
    this.more.hidden = true;
    this.groups = {};
    if (!parseQuery(query, true).terms.length) {
      this.meta.textContent = this.strings.empty;
      this.root.setAttribute("data-portal-results-ready", "1");
      return Promise.resolve();
    }
    document.title = format(this.strings.title, { query: query.trim() }) + " - " + document.title.replace(/^.* - /, "");
    this.meta.textContent = this.strings.loading;
    return this.index.search(query, true).then(function (search) {
      return self.index.load().then(function (meta) {
        self.terms = search.query.terms;
        self.sections = meta.sections || [];
        self.ordered = self.byMonth(search.entries);
        self.shown = 0;
        var message = search.entries.length ? countText(self.strings, search.entries.length) : self.strings.none;
        if (search.partial && search.entries.length) message = partialText(self.strings, search.missing) + " " + message;
        if (search.unknown.length) message = unknownText(self.strings, search.unknown, search.entries.length) + " " + message;
        self.meta.textContent = message;
        return self.showMore();
      });
    }).catch(function (error) {
      self.meta.textContent = self.strings.error;
      self.root.setAttribute("data-portal-results-ready", "1");
      if (window.console) console.error(error);
    });
  };

  /** The section (month) of a record: the last section starting at or before it ("" for pages). */
  ResultsPage.prototype.section = function (record) {
    var label = "";
    for (var i = 0; i < this.sections.length && this.sections[i][0] <= record; i++) label = this.sections[i][1];
    return label;
  };

  /** Pages first (as ranked), then tasks month by month, newest first, in the programme's order. */
  ResultsPage.prototype.byMonth = function (entries) {
    var self = this;
    var first = this.sections.length ? this.sections[0][0] : Infinity;
    var pages = entries.filter(function (entry) { return entry.record < first; });
    var tasks = entries.filter(function (entry) { return entry.record >= first; })
      .sort(function (a, b) { return a.record - b.record; });
    return pages.map(function (entry) { return [self.strings.pages, entry]; })
      .concat(tasks.map(function (entry) { return [self.section(entry.record), entry]; }));
  };

  ResultsPage.prototype.showMore = function () {
    var self = this;
    var batch = this.ordered.slice(this.shown, this.shown + FULL_PAGE_SIZE);
    this.shown += batch.length;
    var counts = {};
    this.ordered.forEach(function (pair) { counts[pair[0]] = (counts[pair[0]] || 0) + 1; });
    return Promise.all(batch.map(function (pair) { return self.index.entry(pair[1]); })).then(function (entries) {
      entries.forEach(function (shown, offset) {
        var label = batch[offset][0];
        var list = self.groups[label];
        if (!list) {
          var heading = document.createElement("h2");
          heading.textContent = label + " (" + counts[label] + ")";
          list = self.groups[label] = document.createElement("ol");
          list.className = "md-search-result__list portal-results-list";
          self.body.append(heading, list);
        }
        list.appendChild(resultItem(self.site, shown, self.terms, self.strings, ""));
      });
      self.more.hidden = self.shown >= self.ordered.length;
      self.root.setAttribute("data-portal-results-ready", "1");
    });
  };

  function start() {
    var root = document.querySelector("[data-portal-search]");
    if (root) window.portalSearch = new Search(root);
    var page = document.querySelector("[data-portal-results-page]");
    if (page) window.portalResults = new ResultsPage(page);
  }

  window.portalSearchText = {
    fold: fold, queryWords: queryWords, parseQuery: parseQuery, sequenceCodes: sequenceCodes,
    /** Resolves once the vocabulary is read (to what it read): parseQuery and the rest need it. */
    ready: function () { return loadVocabulary(new URL("search/", siteRoot())); },
    rank: function (text, final) {
      var index = window.portalSearch ? window.portalSearch.index : new Index(new URL("search/", siteRoot()));
      return index.search(text, final).then(function (search) {
        return { records: search.entries.map(function (entry) { return entry.record; }),
                 members: search.entries.map(function (entry) { return entry.members; }),
                 scores: search.entries.map(function (entry) { return entry.score; }),
                 partial: search.partial, missing: search.missing, unknown: search.unknown };
      });
    },
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
