// Article page: clicking highlighted evidence shows its event and marks the row in the events table.
(function () {
  "use strict";
  const detail = document.getElementById("event-detail");
  function show(eventId) {
    const row = document.getElementById("ev-" + eventId);
    document.querySelectorAll("mark.evidence.active").forEach((m) => m.classList.remove("active"));
    document.querySelectorAll('mark.evidence[data-event="' + CSS.escape(eventId) + '"]')
      .forEach((m) => m.classList.add("active"));
    document.querySelectorAll("tr.target-row").forEach((r) => r.classList.remove("target-row"));
    if (!row || !detail) return;
    row.classList.add("target-row");
    const cells = row.querySelectorAll("td");
    const labels = ["date", "type", "modality", "source", "target", "quad class", "Goldstein"];
    detail.replaceChildren();
    labels.forEach((label, i) => {
      const line = document.createElement("div");
      const name = document.createElement("strong");
      name.textContent = label + ": ";
      line.append(name, cells[i] ? cells[i].innerText.trim().replace(/\s*\n\s*/g, " · ") : "");
      detail.append(line);
    });
    const link = document.createElement("a");
    link.href = "#ev-" + eventId;
    link.textContent = "in the events table";
    detail.append(link);
    detail.hidden = false;
  }
  document.addEventListener("click", (ev) => {
    const mark = ev.target.closest && ev.target.closest("mark.evidence");
    if (mark) show(mark.dataset.event);
  });
  if (location.hash.startsWith("#ev-")) show(location.hash.slice(4));
})();
