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

  // Pick Up. While a claim is in flight its card stays on the page even if a queue update
  // drops it, so the answer can land: "Picked up by …" when this senior lost the race.
  // That card stays a second so the name can be read, then leaves; keyboard focus moves on
  // to the next card (or the heading) instead of falling back to the top of the page.
  var CLAIMED_LINGER_MS = 1200;
  var PICK_UP = "pickUp";  // data-pick-up on a card's Pick up button
  var kept = [];
  var claiming = {};  // card ids with a claim in flight (by id: htmx swaps the elements)
  function claimCard(event) {
    var form = event.detail.elt;
    return form.matches && form.matches("form[hx-post$='/claim']") ? form.closest(".queue-card") : null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var card = claimCard(event);
    if (card) claiming[card.id] = true;
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var card = claimCard(event);
    if (!card || event.detail.successful) return;
    delete claiming[card.id];
    var shown = document.getElementById(card.id);
    if (shown && shown.hasAttribute("data-kept")) shown.remove();  // no answer, and the queue moved on
  });
  function focusAfter(card) {
    var next = card.nextElementSibling || card.previousElementSibling;
    var target = next && (next.querySelector("[data-pick-up]") || next.querySelector("button, a"));
    if (!target) {
      target = document.getElementById("queue-heading");
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }
  function leaveSoon(card) {
    delete claiming[card.id];
    if (card.hasAttribute("data-leaving")) return;
    card.setAttribute("data-leaving", "");
    var hadFocus = !document.activeElement || document.activeElement === document.body;
    if (hadFocus) {  // the focused Pick Up button was in the card this one replaced
      card.setAttribute("tabindex", "-1");
      card.focus();
    }
    setTimeout(function () {
      var list = card.parentNode;
      var active = document.activeElement;
      if (!active || active === document.body || card.contains(active)) focusAfter(card);
      card.remove();
      if (list && list.hasAttribute("data-lingering-only") && !list.children.length) list.remove();
    }, CLAIMED_LINGER_MS);
  }
  document.addEventListener("htmx:load", function (event) {
    if (event.target.classList && event.target.classList.contains("is-claimed")) leaveSoon(event.target);
  });
  // A queue update morphs the list, so a focused card keeps focus. When the focused card
  // itself leaves (picked up elsewhere, withdrawn, resolved), focus moves to the card that
  // took its place (or the heading) and the live region says which one left.
  var focused = null;
  var departed = null;
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    if (event.detail.target.id !== "queue-list") return;
    var cards = Array.prototype.slice.call(event.detail.target.querySelectorAll(".queue-card"));
    kept = cards.filter(function (card) { return claiming[card.id] || card.hasAttribute("data-leaving"); })
      .map(function (card) { return { card: card, index: cards.indexOf(card) }; });
    var active = document.activeElement;
    var card = active && active.closest(".queue-card");
    focused = card && !claiming[card.id] ? { id: card.id, index: cards.indexOf(card),
      title: card.querySelector(".queue-card__title").textContent,
      kind: PICK_UP in active.dataset ? "[data-pick-up]" : "a" } : null;
  });
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    if (event.detail.target.id !== "queue-list" && event.detail.target.id !== "queue-announcer") return;
    if (event.detail.target.id === "queue-list" && focused && !document.getElementById(focused.id)) {
      var remaining = document.querySelectorAll("#queue-list .queue-card");
      var next = remaining[Math.min(focused.index, remaining.length - 1)];
      var target = next && (next.querySelector(focused.kind) || next.querySelector("button, a"));
      if (!target) {
        target = document.getElementById("queue-heading");
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
      departed = focused.title + " is no longer waiting.";
    }
    focused = null;
    // The answer's arrivals are announced after the list is swapped: add the departure.
    if (event.detail.target.id === "queue-announcer" && departed) {
      event.detail.target.textContent = (event.detail.target.textContent + " " + departed).trim();
      departed = null;
    }
  });
  document.addEventListener("htmx:oobAfterSwap", function () {
    var section = document.getElementById("queue-list");
    if (!kept.length || !section) return;
    var cards = section.querySelector(".queue__cards");
    if (!cards) {  // the queue is empty now: hold the card above the empty state
      cards = document.createElement("ol");
      cards.className = "queue__cards";
      cards.setAttribute("data-lingering-only", "");
      section.prepend(cards);
    }
    kept.forEach(function (item) {
      if (document.getElementById(item.card.id)) return;
      item.card.setAttribute("data-kept", "");
      cards.insertBefore(item.card, cards.children[item.index] || null);
      if (item.card.classList.contains("is-claimed")) leaveSoon(item.card);
    });
    kept = [];
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
