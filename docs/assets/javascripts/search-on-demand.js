/* The search index when a reader reaches for search, not at every page load.
 *
 * The theme fetches the whole index (the text of every page, the heaviest download of a first
 * visit) as soon as a page loads, so that its search box is ready. Most readers never search,
 * and on a phone that download competes with the page itself. This script, which runs before the
 * theme's, holds the theme's request for the index back until the reader shows intent: the
 * search field gains focus (a click, a tap, or the theme's keyboard shortcuts), the phone's
 * search toggle opens, or the address asks for a search to be highlighted. The theme then gets
 * its index as before, a moment later; the search box says it is getting ready meanwhile.
 */
(function () {
  "use strict";

  if (window.__explainerSearchOnDemand) return;
  window.__explainerSearchOnDemand = true;

  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var wanted = /[?&](?:q|h)=/.test(location.search);
  var held = [];

  XMLHttpRequest.prototype.open = function (method, url) {
    this.__explainerHeld = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.__explainerHeld && !wanted) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (request) {
      try {
        send.apply(request[0], request[1]);
      } catch (e) {
        // The theme gave the request up (it aborts what it no longer needs): nothing to send.
      }
    });
  }

  function isSearch(element) {
    // The field, and the toggle that a tap on the phone's search button changes.
    return !!(element && element.matches &&
      element.matches("[data-md-component='search-query'], input[data-md-toggle='search']"));
  }

  document.addEventListener("focusin", function (event) { if (isSearch(event.target)) want(); }, true);
  document.addEventListener("change", function (event) { if (isSearch(event.target)) want(); }, true);
})();
