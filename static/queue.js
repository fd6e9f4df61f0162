/* The live queue: one long-poll per browser, shared between tabs; reconnects by itself. */
(function () {
  "use strict";
  var poller = function () { return document.getElementById("queue-poller"); };
  if (!poller()) return;

  var leader = false;
  var failures = 0;
  var stopped = false;
  var unseen = 0;
  var latestKnown = 0;  // the highest cursor the polling tab has announced
  var baseTitle = document.title;
  var channel = "BroadcastChannel" in window ? new BroadcastChannel("rf-queue") : null;

  function poll(wait) {
    var element = poller();
    if (!element || stopped) return;
    element.setAttribute("data-wait", wait ? "1" : "0");
    htmx.trigger(element, "rf:poll");
  }

  // The poller URL carries the cursor; add whether to park (leader) or answer at once.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.id !== "queue-poller") return;
    event.detail.parameters.wait = event.detail.elt.getAttribute("data-wait") === "1" ? "1" : "0";
  });

  // A failed poll leaves the old poller in place: retry it, backing off 1, 2, 4 … 30 s with
  // jitter, and catch up from the same cursor.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt.id !== "queue-poller" || event.detail.successful) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 401 || status === 403) {
      stopped = true;  // logged out (htmx follows HX-Redirect) or no longer allowed
      return;
    }
    var delay = Math.min(30000, 1000 * Math.pow(2, failures)) * (0.5 + Math.random());
    failures += 1;
    setTimeout(function () { poll(leader); }, delay);
  });

  // A card swapped in by "Dismiss": clear its dot in this browser's other queue tabs too.
  document.addEventListener("htmx:load", function (event) {
    var match = /^card-(\d+)$/.exec(event.target.id || "");
    if (match && channel) channel.postMessage({ seen: Number(match[1]) });
  });

  // A card the server marked "Picked up by …" (this senior lost the race) stays a second so
  // the name can be read, even when the next answer's list no longer has it, then leaves.
  var CLAIMED_LINGER_MS = 1200;
  var lingering = [];
  function leaveLater(card) {
    card.setAttribute("data-leaving", "");
    setTimeout(function () {
      var list = card.parentNode;
      card.remove();
      if (list && list.hasAttribute("data-lingering-only") && !list.children.length) list.remove();
    }, CLAIMED_LINGER_MS);
  }
  document.addEventListener("htmx:load", function (event) {
    var card = event.target;
    if (card.classList && card.classList.contains("is-claimed") && !card.hasAttribute("data-leaving")) leaveLater(card);
  });
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    if (event.detail.target.id !== "queue-list") return;
    lingering = Array.prototype.map.call(event.detail.target.querySelectorAll(".queue-card[data-leaving]"), function (card) {
      return { card: card, index: Array.prototype.indexOf.call(card.parentNode.children, card) };
    });
  });
  document.addEventListener("htmx:oobAfterSwap", function () {
    var section = document.getElementById("queue-list");
    if (!lingering.length || !section) return;
    var cards = section.querySelector(".queue__cards");
    if (!cards) {  // the queue is empty now: hold the leaving card above the empty state
      cards = document.createElement("ol");
      cards.className = "queue__cards";
      cards.setAttribute("data-lingering-only", "");
      section.prepend(cards);
    }
    lingering.forEach(function (item) {
      if (!document.getElementById(item.card.id)) cards.insertBefore(item.card, cards.children[item.index] || null);
    });
    lingering = [];
  });

  // An answer swaps in a new poller (with the new cursor): the polling tab tells the
  // others and parks the next poll.
  document.addEventListener("htmx:load", function (event) {
    if (event.target.id !== "queue-poller") return;
    failures = 0;
    if (!leader) {
      // A change announced while this tab's previous request was in flight: catch up now.
      if (latestKnown > Number(event.target.getAttribute("data-cursor"))) poll(false);
      return;
    }
    if (channel) channel.postMessage({ cursor: Number(event.target.getAttribute("data-cursor")) });
    poll(true);
  });
  document.addEventListener("htmx:sendError", function (event) {
    if (event.detail.elt.id === "queue-poller") event.stopPropagation();
  }, true);

  // Tabs that don't hold the long-poll refresh when the tab that does sees a change.
  if (channel) {
    channel.onmessage = function (message) {
      if (message.data.seen) {  // dismissed or opened in another tab of this browser
        var card = document.getElementById("card-" + message.data.seen);
        if (card) {
          card.classList.remove("is-unread");
          card.querySelectorAll(".unread-dot, .queue-card__dismiss").forEach(function (el) { el.remove(); });
        }
        return;
      }
      latestKnown = Math.max(latestKnown, message.data.cursor);
      var element = poller();
      if (!leader && element && message.data.cursor > Number(element.getAttribute("data-cursor"))) poll(false);
    };
  }

  // One tab per browser holds the long-poll (browsers allow ~6 connections per host).
  // Start once htmx has processed the page (its DOMContentLoaded handler runs before ours).
  document.addEventListener("DOMContentLoaded", function () {
    if (navigator.locks && channel) {
      navigator.locks.request("rf-queue-poll", function () {
        leader = true;
        poll(true);
        return new Promise(function () {});  // hold the lock while this tab lives
      });
    } else {
      leader = true;
      poll(true);
    }
  });

  // New arrivals in a background tab: "(N) " in the title until the tab is looked at again.
  document.addEventListener("htmx:load", function (event) {
    if (event.target.id !== "queue-list" || !document.hidden) return;
    unseen += event.target.querySelectorAll(".is-new").length;
    if (unseen) document.title = "(" + unseen + ") " + baseTitle;
  });
  function seen() {
    if (document.hidden) return;
    unseen = 0;
    document.title = baseTitle;
  }
  document.addEventListener("visibilitychange", seen);
  window.addEventListener("focus", seen);

  // Keep "waiting 5 min" current.
  function waited(since) {
    var minutes = Math.max(0, Math.round((Date.now() - Date.parse(since)) / 60000));
    if (minutes < 1) return "just now";
    if (minutes < 60) return minutes + " min";
    if (minutes < 1440) return Math.round(minutes / 60) + " h";
    var days = Math.floor(minutes / 1440);
    return days + (days === 1 ? " day" : " days");
  }
  setInterval(function () {
    document.querySelectorAll("time[data-since]").forEach(function (el) {
      el.textContent = waited(el.getAttribute("data-since"));
    });
  }, 30000);
})();
