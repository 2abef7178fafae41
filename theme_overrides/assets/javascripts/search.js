/*
 * The portal's search box: Material's look, the portal's own index (written by portal/searchindex.py).
 *
 * Why this file: Material's own search builds a lunr index of the whole site in the browser on
 * every page load. The portal's index is scored when the site is built and split into small JSON
 * files by word prefix; a query fetches only the chunks its words can be in, adds up the scores
 * of the records that have every word, and fetches the shown data of the first ten. Everything
 * comes from this site (no CDN). Results show each record's own text with the words that matched
 * highlighted, accents or not.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var PREFIX_ONLY = 0.5;  // a word that only begins a record's word counts half
  var OTHER_ACCENTS = 0.1;  // a word typed with accents counts a tenth where it is written otherwise
  var SHORT_WORD = 2;  // characters: a word this short is matched whole, never as a beginning
  var EXCERPT_WORDS = 50;
  var COMPOUND = /^[\p{L}\p{N}_&]+(?:[-\/][\p{L}\p{N}_&]+)+$/u;
  var WORD = /[\p{L}\p{N}_&]+(?:[-\/][\p{L}\p{N}_&]+)*/gu;
  var SPACED_HYPHEN = /(\d)\s+-\s+(?=\p{L})/gu;
  var EDGE_PUNCTUATION = /^[.,;:!?()\[\]"'“”‘’]+|[.,;:!?()\[\]"'“”‘’]+$/g;

  /** ``Đảng ủy`` → ``dang uy``: the same folding as portal.textfold.fold. */
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

  /** The words the index is asked: a compound word (``24-CT/TW``) becomes its joined folded form
   *  (``24cttw``), as indexed by portal.searchtokens; other words are kept as typed, so a query
   *  with accents still prefers exact matches. Mirrors portal.searchtokens.query_words. */
  function queryWords(query) {
    var words = [];
    query.normalize("NFC").replace(SPACED_HYPHEN, "$1-").split(/\s+/).forEach(function (word) {
      var core = word.replace(EDGE_PUNCTUATION, "");
      if (COMPOUND.test(core)) words.push(fold(core).replace(/[-\/]/g, ""));
      else if (core) words.push(core);
    });
    return words.join(" ");
  }

  /** Folded forms a shown word is compared with: every contiguous run of its parts, joined
   *  (``27-QĐi/TU`` → ``27qditu``, ``qditu``, ``qdi``…), as portal.searchtokens.compound_keys. */
  function wordKeys(word) {
    var parts = fold(word).split(/[-\/]/);
    var keys = [];
    for (var start = 0; start < parts.length; start++) {
      for (var end = start + 1; end <= parts.length; end++) keys.push(parts.slice(start, end).join(""));
    }
    return keys;
  }

  /** Indexes of the query terms a shown word matches: as a prefix of one of its keys, or for a
   *  term typed with accents, only where the word is written with those accents. */
  function matched(word, terms) {
    var keys = wordKeys(word);
    var written = word.normalize("NFC").toLowerCase();
    var found = [];
    terms.forEach(function (term, index) {
      var hit = keys.some(function (key) { return key.indexOf(term.key) === 0; }) &&
        (!term.accented || writtenAsTyped(accents(written), term.accents, false));
      if (hit) found.push(index);
    });
    return found;
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

  /** Text as DOM nodes with matching words in <mark>, cut to the window that shows most terms. */
  function highlighted(text, terms, limit) {
    var spans = [];
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
      var found = matched(match[0], terms);
      spans.push({ start: match.index, end: match.index + match[0].length, hit: found.length > 0, terms: found });
    }
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
      if (!span.hit) return;
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

  /** What the index is asked for a typed query: its words, those to be matched whole in quotes.
   *  A word followed by a space is complete, so it is matched whole; only the last word, while it is
   *  being typed, matches as the beginning of words, and only from its third character: one or two
   *  characters (``c``, ``th``, ``hộ``) begin words of nearly every record, so they would fetch and
   *  rank the most while narrowing least. So while typing, a last word of one character waits for
   *  the next key and one of two is matched whole (``uy``, ``TT``, ``24``). */
  function searchQuery(query) {
    var words = queryWords(query).split(" ").filter(Boolean);
    var typing = !/\s$/.test(query);
    if (typing && words.length > 1 && Array.from(words[words.length - 1]).length === 1) {
      words.pop();
      typing = false;
    }
    return words.map(function (word, index) {
      var beginning = typing && index === words.length - 1 && Array.from(word).length > SHORT_WORD;
      return beginning ? word : '"' + word + '"';
    }).join(" ");
  }

  /** A query of one word of one or two characters: no result means "type more", not "nothing". */
  function isShort(asked) {
    var words = asked.split(" ");
    return words.length === 1 && Array.from(words[0].replace(/"/g, "")).length <= SHORT_WORD;
  }

  /** The words to highlight: typed with accents, only where written so (``Đảng``, not ``Đang``;
   *  ``Tỉnh uỷ`` as well as ``Tỉnh ủy``). */
  function searchTerms(query) {
    return queryWords(query).split(" ").filter(Boolean).map(function (word) {
      var typed = word.normalize("NFC").toLowerCase();
      var key = fold(word);
      return { key: key, accents: accents(typed), accented: typed !== key && !COMPOUND.test(word) };
    });
  }

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  var TOKEN = /[\p{L}\p{N}_&]+/gu;

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  /** The words of an asked query (``searchQuery``), as the index files them: each ``\w`` run
   *  folded (its key), with the accents typed, whether it has any, and whether it may
   *  match as the beginning of words (it is not in quotes). */
  function queryTerms(asked) {
    var terms = [];
    asked.split(" ").filter(Boolean).forEach(function (word) {
      var prefix = word.charAt(0) !== '"';
      (word.toLowerCase().match(TOKEN) || []).forEach(function (token) {
        var key = fold(token);
        terms.push({ key: key, accents: accents(token), accented: token !== key, prefix: prefix });
      });
    });
    return terms;
  }

  /** A chunk file as arrays: per word its forms, title bonus, and per record that has it, its
   *  score and the bits of the forms it writes; the records whose title has it, with those bits. */
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
      var pairs = raw[key][3];
      for (var j = 0; j < pairs.length; j += 2) titled.set(pairs[j], pairs[j + 1]);
      return { key: key, forms: raw[key][0], bonus: raw[key][2], records: records, scores: scores, masks: masks,
               titled: titled };
    });
  }

  /** Score of each record for one term, its best word: half for a word the term only begins; a
   *  term typed with accents counts a tenth where it is written with others (``đảng`` for
   *  ``đang``). Beside it, the word's title bonus where the record's title has the word as typed. */
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
          var titled = word.titled.size ? word.titled.get(word.records[i]) : undefined;
          var bonus = titled !== undefined && (!term.accented || (titled & typed)) ? factor * word.bonus : 0;
          var known = scores.get(word.records[i]);
          if (known === undefined) scores.set(word.records[i], [score, bonus]);
          else { known[0] = Math.max(known[0], score); known[1] = Math.max(known[1], bonus); }
        }
      });
    });
    return scores;
  }

  /** The index written by portal/searchindex.py: ``index.json``, word chunks by prefix, record files. */
  function Index(folder) {
    this.folder = folder;
    this.meta = null;
    this.chunks = {};
    this.recordFiles = {};
  }

  Index.prototype.load = function () {
    var self = this;
    if (!this.meta) {
      this.meta = fetchJson(new URL("index.json", this.folder)).catch(function (error) {
        self.meta = null;
        throw error;
      });
    }
    return this.meta;
  };

  /** Chunks a word can be in: the chunk of its longest prefix and, when it may match as a prefix,
   *  every chunk whose prefix it begins. */
  Index.prototype.chunksFor = function (meta, term) {
    var found = [];
    var best = -1;
    meta.chunks.forEach(function (name, number) {
      if (term.key.indexOf(name) === 0) {
        if (best < 0 || name.length > meta.chunks[best].length) best = number;
      } else if (term.prefix && name.indexOf(term.key) === 0) {
        found.push(number);
      }
    });
    if (best >= 0) found.push(best);
    return found;
  };

  Index.prototype.chunk = function (number) {
    if (!this.chunks[number]) {
      var self = this;
      this.chunks[number] = fetchJson(new URL("words/" + number + ".json", this.folder)).then(decodeChunk)
        .catch(function (error) { delete self.chunks[number]; throw error; });
    }
    return this.chunks[number];
  };

  /** Records with every term of ``asked``, best first (equal scores: index order, newest month first).
   *  A record's score is the sum of its terms' scores. */
  Index.prototype.search = function (asked) {
    var self = this;
    var terms = queryTerms(asked);
    return this.load().then(function (meta) {
      return Promise.all(terms.map(function (term) {
        return Promise.all(self.chunksFor(meta, term).map(function (number) { return self.chunk(number); }));
      }));
    }).then(function (chunksOfTerms) {
      var total = null;
      terms.forEach(function (term, index) {
        var scores = termScores(term, chunksOfTerms[index]);
        if (total === null) {
          total = new Map();
          scores.forEach(function (pair, record) { total.set(record, [pair[0], pair[1], pair[1] > 0 ? 1 : 0]); });
          return;
        }
        var both = new Map();
        total.forEach(function (sum, record) {
          var pair = scores.get(record);
          if (pair !== undefined) both.set(record, [sum[0] + pair[0], sum[1] + pair[1], sum[2] + (pair[1] > 0 ? 1 : 0)]);
        });
        total = both;
      });
      // A title bonus counts only when the title has every word: a page titled with the query
      // comes first, a page whose title shares one word with it does not.
      var ranked = [];
      if (total) total.forEach(function (sum, record) {
        ranked.push([record, sum[0] + (sum[2] === terms.length ? sum[1] : 0)]);
      });
      ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return { results: ranked.map(function (entry) {
        return { record: entry[0], data: function () { return self.record(entry[0]); } };
      }) };
    });
  };

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
        return { url: shown.href, meta: shown };
      });
    });
  };

  function Search(root) {
    this.root = root;
    this.strings = JSON.parse(root.getAttribute("data-portal-strings"));
    this.input = root.querySelector("[data-portal-search-query]");
    this.meta = root.querySelector("[data-portal-search-meta]");
    this.list = root.querySelector("[data-portal-search-list]");
    this.more = root.querySelector("[data-portal-search-more]");
    this.toggle = document.getElementById("__search");
    this.site = siteRoot();
    this.index = new Index(new URL("search/", this.site));
    this.sequence = 0;
    this.running = null;
    this.pending = null;
    this.results = [];
    this.shown = 0;
    this.terms = [];
    this.meta.textContent = this.strings.placeholder;
    this.bind();
  }

  /** The index's table of chunks; fetched when the page is idle or the box is first pointed at. */
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
      self.open();
      self.load().catch(function () {});
    });
    this.input.addEventListener("input", function () { self.run(self.input.value); });
    this.root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var first = self.list.querySelector("a");
      if (first) first.click();
    });
    this.root.querySelector("form").addEventListener("reset", function () {
      setTimeout(function () { self.run(""); self.input.focus(); }, 0);
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
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) ||
        document.activeElement.isContentEditable;
      if (event.key === "Escape" && self.toggle && self.toggle.checked) {
        self.close();
      } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
                 (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        self.open();
        self.input.focus();
      }
    });
  };

  Search.prototype.open = function () {
    if (this.toggle && !this.toggle.checked) this.toggle.checked = true;
  };

  Search.prototype.close = function () {
    if (this.toggle) this.toggle.checked = false;
    this.input.blur();
  };

  /** Run the search for ``query``. One search at a time: keys typed during a search only leave
   *  their latest query, which runs next (stale ones are skipped). */
  Search.prototype.run = function (query) {
    var self = this;
    var sequence = ++this.sequence;
    if (!queryWords(query)) {
      this.pending = null;
      this.list.replaceChildren();
      this.more.hidden = true;
      this.meta.textContent = this.strings.placeholder;
      return Promise.resolve();
    }
    if (this.running) {
      this.pending = { query: query, sequence: sequence };
      return this.running;
    }
    this.running = this.searchNow(query, sequence).then(function () {
      self.running = null;
      var next = self.pending;
      self.pending = null;
      if (next && next.sequence === self.sequence) return self.run(next.query);
    });
    return this.running;
  };

  Search.prototype.searchNow = function (query, sequence) {
    var self = this;
    var asked = searchQuery(query);
    this.terms = searchTerms(asked.replace(/"/g, ""));
    return this.load().then(function (index) {
      if (sequence !== self.sequence) return null;
      return index.search(asked);
    }).then(function (search) {
      if (sequence !== self.sequence || !search) return;
      self.results = search.results;
      self.shown = 0;
      self.list.replaceChildren();
      var count = search.results.length;
      self.meta.textContent = count === 0 ? (isShort(asked) ? self.strings.short : self.strings.none) :
        count === 1 ? self.strings.one : self.strings.other.replace("#", count);
      return self.showMore(sequence);
    }).catch(function (error) {
      if (sequence !== self.sequence) return;
      self.meta.textContent = self.strings.error;
      if (window.console) console.error(error);
    });
  };

  Search.prototype.showMore = function (sequence) {
    var self = this;
    var batch = this.results.slice(this.shown, this.shown + PAGE_SIZE);
    this.shown += batch.length;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (records) {
      if (sequence !== self.sequence) return;
      records.forEach(function (record) { self.list.appendChild(self.item(record)); });
      self.root.setAttribute("data-portal-search-ready", String(sequence));
      self.more.hidden = self.shown >= self.results.length;
    });
  };

  Search.prototype.item = function (record) {
    var meta = record.meta || {};
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(meta.href || record.url, this.site).href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var kind = document.createElement("div");
    kind.className = "portal-search-kind";
    kind.textContent = meta.kind || "";
    var title = document.createElement("h1");
    title.appendChild(highlighted(meta.title || record.url, this.terms, 0));
    var text = document.createElement("p");
    text.className = "portal-search-text";
    text.appendChild(highlighted(meta.text || "", this.terms, meta.whole ? 0 : EXCERPT_WORDS));
    article.append(kind, title, text);
    if (meta.info) {
      var info = document.createElement("p");
      info.className = "portal-search-info";
      info.appendChild(highlighted(meta.info, this.terms, 0));
      article.appendChild(info);
    }
    link.appendChild(article);
    item.appendChild(link);
    return item;
  };

  function start() {
    var root = document.querySelector("[data-portal-search]");
    if (root) window.portalSearch = new Search(root);
  }

  window.portalSearchText = { fold: fold, queryWords: queryWords, searchQuery: searchQuery };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
