/* Relative to the reader's own date, pick out what is past due and not done and what falls due
   soon. The static page already lists everything; this only copies items into two lists.
   - Deadline overview (#deadlines-now): from #deadlines-all, due in the next 14 days.
   - Home page dashboard (#dashboard-now): from its hidden list, due by this week's Sunday. */
(function () {
  var FOLD_ABOVE = 10;
  function iso(date) {
    var m = date.getMonth() + 1, d = date.getDate();
    return date.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (d < 10 ? "0" : "") + d;
  }
  function dayMonth(date) {
    var m = date.getMonth() + 1, d = date.getDate();
    return (d < 10 ? "0" : "") + d + "/" + (m < 10 ? "0" : "") + m;
  }
  function pick(box, items, today, horizon) {
    var lists = { overdue: box.querySelector('[data-list="overdue"]'), soon: box.querySelector('[data-list="soon"]') };
    var counts = { overdue: 0, soon: 0 };
    items.forEach(function (li) {
      var end = li.getAttribute("data-end");
      var kind = null;
      if (end < today && li.getAttribute("data-done") !== "1") kind = "overdue";
      else if (end >= today && end <= horizon) kind = "soon";
      if (!kind) return;
      li.classList.add("deadlines-" + kind);
      lists[kind].appendChild(li.cloneNode(true));
      counts[kind] += 1;
    });
    ["overdue", "soon"].forEach(function (kind) {
      box.querySelector('[data-count="' + kind + '"]').textContent = counts[kind];
      var empty = box.querySelector('[data-empty="' + kind + '"]');
      if (empty) empty.hidden = counts[kind] > 0;
      // A long list stays folded: its links are one tab stop (the summary) until the reader opens it.
      var fold = box.querySelector('details[data-box="' + kind + '"]');
      if (fold) fold.open = counts[kind] > 0 && counts[kind] <= FOLD_ABOVE;
    });
    box.hidden = false;
  }
  function run() {
    var now = new Date();
    var today = iso(now);
    var overview = document.getElementById("deadlines-now");
    if (overview) {
      pick(overview, document.querySelectorAll("#deadlines-all li[data-end]"), today,
           iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 14)));
      document.getElementById("deadlines-today").textContent = now.toLocaleDateString("vi-VN");
    }
    var board = document.getElementById("dashboard-now");
    if (board) {
      var fromMonday = (now.getDay() + 6) % 7;
      var monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - fromMonday);
      var sunday = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 6 - fromMonday);
      var source = document.getElementById(board.getAttribute("data-source"));
      pick(board, source ? source.querySelectorAll("li[data-end]") : [], today, iso(sunday));
      board.querySelector("[data-today]").textContent = now.toLocaleDateString("vi-VN");
      board.querySelector("[data-week]").textContent =
        "từ Thứ Hai " + dayMonth(monday) + " đến Chủ nhật " + dayMonth(sunday) + "/" + sunday.getFullYear();
    }
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
