/* Deadline overview: pick out, relative to the reader's own date, what is past due and not done
   and what falls due in the next 14 days. The static page already lists everything. */
(function () {
  function iso(date) {
    var m = date.getMonth() + 1, d = date.getDate();
    return date.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (d < 10 ? "0" : "") + d;
  }
  function run() {
    var box = document.getElementById("deadlines-now");
    if (!box) return;
    var now = new Date();
    var today = iso(now);
    var horizon = iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 14));
    var lists = { overdue: box.querySelector('[data-list="overdue"]'), soon: box.querySelector('[data-list="soon"]') };
    var counts = { overdue: 0, soon: 0 };
    document.querySelectorAll("#deadlines-all li[data-end]").forEach(function (li) {
      var end = li.getAttribute("data-end");
      var kind = null;
      if (end < today && li.getAttribute("data-done") !== "1") kind = "overdue";
      else if (end >= today && end <= horizon) kind = "soon";
      if (!kind) return;
      li.classList.add("deadlines-" + kind);
      lists[kind].appendChild(li.cloneNode(true));
      counts[kind] += 1;
    });
    box.querySelector('[data-count="overdue"]').textContent = counts.overdue;
    box.querySelector('[data-count="soon"]').textContent = counts.soon;
    document.getElementById("deadlines-today").textContent = now.toLocaleDateString("vi-VN");
    box.hidden = false;
  }
  /* Department and month timeline pages: how many of the page's tasks are past due and not done
     («Hoàn thành»), relative to the reader's date; the element says which rows to count. */
  function countOverdue() {
    var today = iso(new Date());
    document.querySelectorAll("[data-overdue]").forEach(function (box) {
      var count = 0;
      document.querySelectorAll(box.getAttribute("data-overdue")).forEach(function (row) {
        if (row.getAttribute("data-end") < today && row.getAttribute("data-done") !== "1") count += 1;
      });
      box.querySelector("[data-overdue-count]").textContent = count;
      box.hidden = false;
    });
  }
  function start() { run(); countOverdue(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
