/* Reference and glossary previews, one-click citation copy, and two accessibility repairs
 * to Material's markup.
 *
 * A numbered reference ([1]) shows its source in place on hover, keyboard focus or a
 * first tap, without leaving the reading position; a glossary term shows its definition
 * the same way (its title attribute, the tooltip without JavaScript, gives way to it).
 * Text is set with textContent only: the data comes from pull requests and is never
 * parsed as HTML.
 */
(function () {
  "use strict";

  var preview = null;
  var current = null;
  var hideTimer = null;
  var tapped = null; // the reference a first tap previewed
  var lastPointer = "mouse"; // the kind of pointer (mouse, pen, touch) of the last press
  var refocusing = false; // Escape is moving focus back to a reference: do not reopen it

  function ensurePreview() {
    if (preview && document.body.contains(preview)) return preview;
    preview = document.createElement("div");
    preview.className = "ref-preview";
    preview.id = "ref-preview";
    preview.setAttribute("role", "tooltip");
    preview.hidden = true;
    preview.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    preview.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(preview);
    return preview;
  }

  function line(className, text) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  function anchor(href, text, rel) {
    var a = document.createElement("a");
    a.href = href;
    if (rel) a.rel = rel;
    a.textContent = text;
    return a;
  }

  // The preview's last line: its links, separated by middle dots.
  function links(anchors) {
    var p = document.createElement("p");
    p.className = "ref-preview__links";
    anchors.forEach(function (a, index) {
      if (index) p.appendChild(document.createTextNode(" · "));
      p.appendChild(a);
    });
    return p;
  }

  function safeUrl(url) {
    return /^https?:\/\//i.test(url || "") ? url : null;
  }

  function fillTerm(link, box) {
    var term = link.dataset.term;
    if (link.hasAttribute("title")) {
      link.dataset.tip = link.getAttribute("title");
      link.removeAttribute("title"); // the preview replaces the browser's own tooltip
    }
    var tip = link.dataset.tip || "";
    var definition = tip.indexOf(term + ": ") === 0 ? tip.slice(term.length + 2) : tip;
    box.appendChild(line("ref-preview__title", term));
    box.appendChild(line("ref-preview__definition", definition));
    box.appendChild(links([anchor(link.getAttribute("href"), "In the glossary")]));
    return box;
  }

  function fill(ref) {
    var box = ensurePreview();
    box.textContent = "";
    if (ref.classList.contains("glossary-term")) return fillTerm(ref, box);
    var d = ref.dataset;
    box.appendChild(line("ref-preview__title", d.title || ""));
    var meta = [d.publisher, d.date].filter(Boolean).join(", ");
    if (meta) box.appendChild(line("ref-preview__meta", meta));
    if (d.flags) box.appendChild(line("ref-preview__flags", "Flagged: " + d.flags.split(" ").join(", ") + " (backs only attributed statements)"));
    var url = safeUrl(d.url);
    var out = [];
    if (url) {
      var host = new URL(url).hostname.replace(/^www\./, "");
      out.push(anchor(url, "Open the source (" + host + ")", "nofollow noopener noreferrer"));
    }
    var archived = safeUrl(d.archived);
    if (archived) out.push(anchor(archived, "Archived copy", "nofollow noopener noreferrer"));
    out.push(anchor(ref.getAttribute("href"), "In the bibliography"));
    box.appendChild(links(out));
    if (d.checked) box.appendChild(line("ref-preview__meta", "Address checked " + d.checked));
    return box;
  }

  function place(ref, box) {
    var rect = ref.getBoundingClientRect();
    box.style.left = "0px";
    box.style.top = "0px";
    box.hidden = false;
    var width = box.offsetWidth;
    var left = Math.min(Math.max(8, rect.left + window.scrollX - width / 2), window.scrollX + document.documentElement.clientWidth - width - 8);
    var top = rect.bottom + window.scrollY + 6;
    if (rect.bottom + box.offsetHeight + 12 > window.innerHeight && rect.top > box.offsetHeight + 12) {
      top = rect.top + window.scrollY - box.offsetHeight - 6;
    }
    box.style.left = Math.max(8, left) + "px";
    box.style.top = top + "px";
  }

  function show(ref) {
    clearTimeout(hideTimer);
    if (current && current !== ref) current.removeAttribute("aria-describedby");
    current = ref;
    var box = fill(ref);
    place(ref, box);
    ref.setAttribute("aria-describedby", box.id);
    ref.setAttribute("aria-expanded", "true");
  }

  function hide() {
    tapped = null;
    if (preview) preview.hidden = true;
    if (current) {
      current.removeAttribute("aria-describedby");
      current.setAttribute("aria-expanded", "false");
    }
    current = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  function refFrom(target) {
    return target && target.closest ? target.closest("a.ref[data-source], a.glossary-term[data-term]") : null;
  }

  document.addEventListener("mouseover", function (e) { var r = refFrom(e.target); if (r) show(r); });
  document.addEventListener("mouseout", function (e) { if (refFrom(e.target)) scheduleHide(); });
  document.addEventListener("focusin", function (e) {
    if (refocusing) return;
    var r = refFrom(e.target);
    if (r) show(r);
    else if (!(preview && preview.contains(e.target))) hide();
  });
  // Escape closes the preview; focus inside it goes back to its reference, without reopening it.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !current) return;
    var r = current;
    var inside = preview && preview.contains(document.activeElement);
    hide();
    if (inside) { refocusing = true; r.focus(); refocusing = false; }
  });
  // On touch, the first tap on a reference previews it and a second tap follows it. This
  // listens in the capture phase, before Material's instant navigation follows the link.
  document.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType; }, true);
  document.addEventListener("click", function (e) {
    var r = refFrom(e.target);
    if (!r) {
      if (preview && !preview.contains(e.target)) hide();
      return;
    }
    var touch = e.pointerType === "touch" || lastPointer === "touch" || window.matchMedia("(hover: none)").matches;
    // A click from the keyboard (detail 0) follows the link: focus has already previewed it.
    if (!touch || e.detail === 0) return;
    if (tapped === r && preview && !preview.hidden) { tapped = null; return; }
    e.preventDefault();
    e.stopPropagation();
    show(r);
    tapped = r;
  }, true);
  window.addEventListener("resize", hide);

  // Copy a citation with one click.
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button.copy-citation") : null;
    if (!button) return;
    var block = button.parentElement.querySelector("pre code");
    if (!block) return;
    var text = block.textContent;
    var done = function () {
      var old = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = old; }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { selectText(block); });
    } else {
      selectText(block);
    }
  });

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // Material labels a section's sub-navigation by the toggle beside the section's link, and
  // that toggle holds only an icon: every such navigation landmark would have the same empty
  // name. Name each toggle (and so its landmark) after its section, with hidden text: a label
  // may not carry aria-label (axe: aria-prohibited-attr).
  function nameSectionToggles() {
    var toggles = document.querySelectorAll(".md-nav__container > label.md-nav__link[id$='_label']");
    Array.prototype.forEach.call(toggles, function (label) {
      var link = label.parentElement.querySelector("a.md-nav__link");
      var name = link ? link.textContent.trim() : "";
      if (!name || label.textContent.trim()) return;
      var text = document.createElement("span");
      text.className = "visually-hidden";
      text.textContent = name;
      label.appendChild(text);
    });
  }

  // Material wraps a Markdown table in a scroller; one that scrolls must be reachable by
  // keyboard to be scrolled, and needs a name once it is (our own tables come with both).
  function focusableScrollers() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    var count = 0;
    Array.prototype.forEach.call(wraps, function (wrap) {
      if (wrap.hasAttribute("tabindex") || wrap.scrollWidth <= wrap.clientWidth + 1) return;
      count += 1;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Table " + count + ", scrolls sideways");
    });
  }

  function tidy() {
    hide();
    nameSectionToggles();
    focusableScrollers();
  }

  // Material's instant navigation swaps the page without a reload: drop a stale preview and
  // tidy the new page.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(tidy);
  } else {
    tidy();
  }
})();
