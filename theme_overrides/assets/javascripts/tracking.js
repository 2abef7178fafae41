/* Following the work on a static page (portal/site/tracking.py writes what this reads):
   1. Every task row or item with a due day (data-end, data-done) gets its mark, «Quá hạn» or
      «Sắp đến hạn», against the READER's date; the page came with the marks of its build day
      and says so in [data-asof], which is rewritten here to name today.
   2. Filters ([data-filters]): month, department, status, overdue; their state is the page's
      query string (?thang=2023-11&tien-do=chua-xong…), pushed to the history, so a link can be
      shared and Back undoes a change. With no query a page opens on this month (or its latest)
      and what is not done; «Xem tất cả» shows the rest. No server and no network are needed. */
(function () {
  var SOON_DAYS = 14;  // as portal/site/tracking.py and the deadline overview's «soon» list
  var LABELS = { overdue: "Quá hạn", soon: "Sắp đến hạn" };
  var ALL = "tat-ca", OPEN = "chua-xong";

  function iso(date) {
    var m = date.getMonth() + 1, d = date.getDate();
    return date.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (d < 10 ? "0" : "") + d;
  }

  function dueState(item, today, soon) {
    var end = item.getAttribute("data-end");
    if (!end || item.getAttribute("data-done") === "1") return "";
    if (end < today) return "overdue";
    return end <= soon ? "soon" : "";
  }

  function markRows(today, soon) {
    document.querySelectorAll("[data-end]").forEach(function (item) {
      var state = dueState(item, today, soon);
      item.setAttribute("data-due-state", state || "none");
      var mark = item.querySelector("[data-due-mark]");
      if (!mark) return;
      mark.className = "portal-due" + (state ? " portal-due-" + state : "");
      mark.textContent = LABELS[state] || "";
      mark.hidden = !state;
      mark.removeAttribute("title");
    });
    document.querySelectorAll("[data-asof]").forEach(function (note) {
      note.textContent = "Quá hạn, sắp đến hạn: tính đến hôm nay, " + new Date().toLocaleDateString("vi-VN") + ".";
    });
  }

  function Filters(form, today) {
    this.form = form;
    this.scope = document.querySelector(form.getAttribute("data-filters")) || document;
    this.items = Array.prototype.slice.call(this.scope.querySelectorAll("[data-status]"));
    this.groups = Array.prototype.slice.call(this.scope.querySelectorAll("[data-filter-group]"));
    this.count = form.querySelector("[data-filter-count]");
    this.controls = Array.prototype.slice.call(form.querySelectorAll("[name]"));
    this.defaults = { "tien-do": OPEN, "thang": this.defaultMonth(today.slice(0, 7)) };
    var self = this;
    form.addEventListener("change", function () { self.push(self.read()); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var all = form.querySelector("[data-filter-all]");
    if (all) all.addEventListener("click", function () { self.push({ "thang": ALL, "tien-do": ALL }); });
    window.addEventListener("popstate", function () { self.apply(self.fromAddress()); });
    form.hidden = false;
    this.apply(this.fromAddress());
  }

  /** This month when the page has tasks of it, else the latest month it has. */
  Filters.prototype.defaultMonth = function (month) {
    var months = this.items.map(function (item) { return item.getAttribute("data-month"); }).filter(Boolean);
    if (!months.length) return ALL;
    if (months.indexOf(month) >= 0) return month;
    var earlier = months.filter(function (m) { return m <= month; }).sort();
    return earlier.length ? earlier[earlier.length - 1] : months.sort()[0];
  };

  Filters.prototype.fromAddress = function () {
    var params = new URLSearchParams(location.search), state = {};
    var self = this;
    this.controls.forEach(function (control) {
      var value = params.get(control.name);
      state[control.name] = value !== null ? value : (self.defaults[control.name] || "");
    });
    return state;
  };

  Filters.prototype.read = function () {
    var state = {};
    this.controls.forEach(function (control) {
      state[control.name] = control.type === "checkbox" ? (control.checked ? "1" : "") : control.value;
    });
    return state;
  };

  /** The state as the page's address: only what differs from the page's defaults. */
  Filters.prototype.push = function (state) {
    var params = new URLSearchParams(location.search);
    var self = this;
    this.controls.forEach(function (control) {
      var value = state[control.name] || "";
      var fallback = self.defaults[control.name] || "";
      if (value === fallback) params.delete(control.name);
      else params.set(control.name, value || ALL);
    });
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.pushState(null, "", url);
    this.apply(this.fromAddress());
  };

  Filters.prototype.apply = function (state) {
    this.controls.forEach(function (control) {
      var value = state[control.name];
      if (control.type === "checkbox") control.checked = value === "1";
      else if (Array.prototype.some.call(control.options, function (o) { return o.value === value; })) control.value = value;
      else control.value = ALL;
    });
    var month = state["thang"] || ALL, status = state["tien-do"] || ALL;
    var lead = state["phong"] || ALL, overdue = state["qua-han"] === "1";
    var shown = 0;
    this.items.forEach(function (item) {
      var show = (month === ALL || item.getAttribute("data-month") === month) &&
        (lead === ALL || (" " + (item.getAttribute("data-lead") || "") + " ").indexOf(" " + lead + " ") >= 0) &&
        (status === ALL || (status === OPEN ? item.getAttribute("data-done") !== "1"
                                             : item.getAttribute("data-status") === status)) &&
        (!overdue || item.getAttribute("data-due-state") === "overdue");
      item.hidden = !show;
      if (show) shown += 1;
    });
    this.groups.forEach(function (group) {
      group.hidden = !group.querySelector("[data-status]:not([hidden])");
    });
    if (this.count) {
      this.count.textContent = shown === this.items.length
        ? "Đang hiện tất cả " + shown + " nhiệm vụ."
        : "Đang hiện " + shown + "/" + this.items.length + " nhiệm vụ.";
    }
  };

  function start() {
    var now = new Date();
    var today = iso(now);
    var soon = iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() + SOON_DAYS));
    markRows(today, soon);
    document.querySelectorAll("form[data-filters]").forEach(function (form) { new Filters(form, today); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
