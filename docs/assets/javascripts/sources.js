/* Sources where readers want them.
 *
 * A page's list of sources is collapsed behind one line ("Sources (21)"); CSS cannot open a
 * <details> for a link into it, so this opens it when the address names the list or an entry
 * inside it, on arrival and on every in-page jump. On the bibliography, it shows the search
 * box and the outlet and flag filters (the page lists every source without it).
 * Text is read with textContent only: the data comes from pull requests.
 */
(function () {
  "use strict";

  function openFor(hash) {
    if (!hash || hash.length < 2) return;
    var id;
    try { id = decodeURIComponent(hash.slice(1)); } catch (e) { return; }
    var target = document.getElementById(id);
    if (!target) return;
    var opened = false;
    for (var d = target.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      if (!d.open) { d.open = true; opened = true; }
    }
    if (opened) target.scrollIntoView();
  }

  function fold(text) {
    return (text || "").toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function filter(form) {
    var words = fold(form.querySelector("[name=q]").value).split(/\s+/).filter(Boolean);
    var outlet = form.querySelector("[name=outlet]").value;
    var flag = form.querySelector("[name=flag]").value;
    var shown = 0;
    document.querySelectorAll(".source-group").forEach(function (group) {
      var inGroup = 0;
      group.querySelectorAll("li[data-outlet]").forEach(function (item) {
        var text = item.dataset.text || (item.dataset.text = fold(item.textContent));
        var flags = (item.dataset.flags || "").split(" ");
        var match = (!outlet || item.dataset.outlet === outlet) && (!flag || flags.indexOf(flag) >= 0) &&
          words.every(function (w) { return text.indexOf(w) >= 0; });
        item.hidden = !match;
        if (match) inGroup += 1;
      });
      group.hidden = inGroup === 0;
      shown += inGroup;
    });
    var status = form.querySelector("output");
    status.textContent = status.dataset.template.replace("{shown}", shown).replace("{total}", status.dataset.total);
  }

  function setUpFinder() {
    var form = document.querySelector("form.source-finder");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("input", function () { filter(form); });
    form.addEventListener("change", function () { filter(form); });
    form.addEventListener("reset", function () { setTimeout(function () { filter(form); }, 0); });
    // The finder shows before this script runs: apply what a reader set in it meanwhile.
    if (Array.from(new FormData(form).values()).some(Boolean)) filter(form);
  }

  if (!window.explainerSourcesReady) {
    window.explainerSourcesReady = true;
    window.addEventListener("hashchange", function () { openFor(location.hash); });
    // Material's instant navigation may move to an anchor without a hashchange event.
    document.addEventListener("click", function (e) {
      var a = e.target.closest ? e.target.closest("a[href*='#']") : null;
      if (!a || a.pathname !== location.pathname) return;
      var hash = a.hash;
      setTimeout(function () { openFor(hash); }, 0);
    });
  }
  openFor(location.hash);
  setUpFinder();
})();
