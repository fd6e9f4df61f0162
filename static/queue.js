/* The live queue: one long-poll per browser, shared between tabs, whichever page holds it
   (the queue page's poll brings the list; any other page's only the nav count and the new
   arrivals); reconnects by itself; desktop notifications for new arrivals when asked for. */
(function () {
  "use strict";
  var poller = function () { return document.getElementById("queue-poller"); };
  if (!poller()) return;

  var leader = false;
  var failures = 0;
  var stopped = false;
  var unseen = {};  // new cards (by id) that arrived while this tab was in the background
  var latestKnown = 0;  // the highest cursor the polling tab has announced
  var resync = false;  // the next poll asks for the whole list
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
    if (resync) {
      event.detail.path = event.detail.path.replace(/after=\d+/, "after=all");
      resync = false;
    }
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

  // A card is the same for every senior; this senior's unread dots and own sessions come as
  // a list of ids (#queue-mine, first in every answer) and are applied as classes. A card
  // seen in this browser since (dismissed here or in another tab) stays seen.
  var seenHere = {};
  function ids(element, name) {
    var value = element ? element.getAttribute(name) : "";
    return value ? value.split(" ") : [];
  }
  function applyMine() {
    var mine = document.getElementById("queue-mine");
    if (!mine) return;
    var unread = ids(mine, "data-unread"), own = ids(mine, "data-own");
    document.querySelectorAll("#queue-list .queue-card").forEach(function (card) {
      var id = card.id.slice(5);
      card.classList.toggle("is-unread", unread.indexOf(id) >= 0 && !seenHere[id]);
      card.classList.toggle("is-own", own.indexOf(id) >= 0);
    });
  }
  document.addEventListener("htmx:oobAfterSwap", applyMine);
  // "Mark as seen": the card stays seen here, and in this browser's other queue tabs too.
  var dismissing = {};
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form.matches && form.matches(".queue-card__dismiss")) dismissing[form.closest(".queue-card").id] = true;
  });
  document.addEventListener("htmx:load", function (event) {
    if (!dismissing[event.target.id]) return;  // the card the server sent back
    delete dismissing[event.target.id];
    var id = event.target.id.slice("card-".length);
    seenHere[id] = true;
    if (channel) channel.postMessage({ seen: Number(id) });
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
  // An answer changes only what changed: cards that left (#queue-gone) are removed, new ones
  // go in before the card they precede; or, for a client too far behind, the whole list is
  // morphed, so a focused card keeps focus. When the focused card itself leaves (picked up
  // elsewhere, withdrawn, resolved), focus moves to the card that took its place (or the
  // heading) and the live region says which one left. A card with a claim in flight (or
  // showing who picked it up) stays until that is done.
  var focused = null;
  var departed = null;
  var headingWanted = false;
  function focusedCard(cards) {
    var active = document.activeElement;
    var card = active && active.closest(".queue-card");
    return card && !claiming[card.id] ? { id: card.id, index: cards.indexOf(card),
      title: card.querySelector(".queue-card__title").textContent,
      kind: PICK_UP in active.dataset ? "[data-pick-up]" : "a" } : null;
  }
  function refocus(before) {
    if (!before || document.getElementById(before.id)) return;
    var remaining = document.querySelectorAll("#queue-list .queue-card");
    var next = remaining[Math.min(before.index, remaining.length - 1)];
    var target = next && (next.querySelector(before.kind) || next.querySelector("button, a"));
    if (target) target.focus();
    else headingWanted = true;  // once the answer's new heading is in (see below)
    departed = before.title + " is no longer waiting.";
  }
  // The heading comes in the same answer as the list and replaces the old one: focus goes to
  // it once every part of the answer is swapped.
  document.addEventListener("htmx:afterSwap", function () {
    if (!headingWanted) return;
    headingWanted = false;
    var heading = document.getElementById("queue-heading");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  });
  function listedCards() {
    return Array.prototype.slice.call(document.querySelectorAll("#queue-list .queue-card"));
  }
  function removeGone(gone) {
    var before = focusedCard(listedCards());
    gone.forEach(function (id) {
      var card = document.getElementById("card-" + id);
      if (!card) return;
      if (claiming[card.id] || card.hasAttribute("data-leaving")) card.setAttribute("data-kept", "");
      else card.remove();
    });
    refocus(before);
  }
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (target.id === "queue-gone") {
      removeGone(ids(event.detail.fragment.firstElementChild, "data-ids"));
    } else if (target.id === "queue-list") {
      var cards = listedCards();
      kept = cards.filter(function (card) { return claiming[card.id] || card.hasAttribute("data-leaving"); })
        .map(function (card) { return { card: card, index: cards.indexOf(card) }; });
      focused = focusedCard(cards);
    } else {
      // A new card: once only, whatever answers repeat it.
      var incoming = event.detail.fragment.querySelector && event.detail.fragment.querySelector(".queue-card");
      var shown = incoming && incoming.id !== target.id && document.getElementById(incoming.id);
      if (shown) shown.remove();
    }
  });
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    if (event.detail.target.id === "queue-list") {
      refocus(focused);
      focused = null;
    }
    // The answer's arrivals are announced after the list is swapped: add the departure.
    if (event.detail.target.id === "queue-announcer" && departed) {
      event.detail.target.textContent = (event.detail.target.textContent + " " + departed).trim();
      departed = null;
    }
  });
  // An answer that doesn't fit this page (a card to place before one it doesn't have): the
  // next poll asks for the whole list.
  document.addEventListener("htmx:oobErrorNoTarget", function () { resync = true; });
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
  // others (with the nav count) and parks the next poll.
  function isList() { return poller().getAttribute("data-view") === "list"; }
  function showCount(count) {
    var badge = document.getElementById("queue-count");
    if (!badge || count === undefined || Number(badge.getAttribute("data-count")) === count) return;
    badge.setAttribute("data-count", count);
    badge.classList.toggle("nav-count--none", !count);
    badge.firstChild.textContent = count;
  }
  document.addEventListener("htmx:load", function (event) {
    if (event.target.id !== "queue-poller") return;
    failures = 0;
    if (!leader) {
      // A change announced while this tab's previous request was in flight: catch up now.
      if (isList() && latestKnown > Number(event.target.getAttribute("data-cursor"))) poll(false);
      return;
    }
    var badge = document.getElementById("queue-count");
    if (channel) {
      channel.postMessage({ cursor: Number(event.target.getAttribute("data-cursor")),
                            count: badge ? Number(badge.getAttribute("data-count")) : undefined });
    }
    poll(true);
  });
  document.addEventListener("htmx:sendError", function (event) {
    if (event.detail.elt.id === "queue-poller") event.stopPropagation();
  }, true);

  // Tabs that don't hold the long-poll refresh when the tab that does sees a change.
  if (channel) {
    channel.onmessage = function (message) {
      if (message.data.seen) {  // dismissed or opened in another tab of this browser
        seenHere[message.data.seen] = true;
        applyMine();
        return;
      }
      latestKnown = Math.max(latestKnown, message.data.cursor);
      showCount(message.data.count);
      var element = poller();
      // The queue page fetches the list; other pages only needed the count.
      if (!leader && element && isList() && message.data.cursor > Number(element.getAttribute("data-cursor"))) {
        poll(false);
      }
    };
  }

  // A queue tab that doesn't hold the long-poll (another page of this browser does) still
  // tells the server every 20 s that it is watching, and catches up: "email me only when I'm
  // not watching the queue" reads that.
  var WATCHING_EVERY_MS = 20000;
  setInterval(function () { if (!leader && isList()) poll(false); }, WATCHING_EVERY_MS);

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

  // Desktop notifications, asked for on the Notifications page ("Notify me on this
  // computer"): the polling tab, when hidden, shows new arrivals at or above the chosen
  // priority, once per escalation whichever tab sees it; a click brings the tab to the card.
  var RANK = { urgent: 0, high: 1, normal: 2, low: 3 };
  var SETTING = "rf-desktop-notify";
  var NOTIFIED = "rf-notified";
  function stored(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (error) { return fallback; }
  }
  function notifying() {
    var minimum = stored(SETTING, null);
    return "Notification" in window && Notification.permission === "granted" && minimum in RANK ? minimum : null;
  }
  function focusCard(id) {
    var card = document.getElementById("card-" + id);
    if (!card) return false;
    var target = card.querySelector("[data-pick-up]") || card.querySelector("a");
    target.focus();
    card.scrollIntoView({ block: "center" });
    return true;
  }
  document.addEventListener("htmx:load", function (event) {
    if (event.target.id !== "queue-arrivals" || !leader || !document.hidden) return;
    var minimum = notifying();
    if (!minimum) return;
    var done = stored(NOTIFIED, []);
    event.target.querySelectorAll("li").forEach(function (item) {
      var id = Number(item.getAttribute("data-id"));
      if (done.indexOf(id) >= 0 || RANK[item.getAttribute("data-priority")] > RANK[minimum]) return;
      done.push(id);
      var shown;
      try {
        shown = new Notification(item.getAttribute("data-priority-label") + " escalation waiting", {
          body: item.textContent, tag: "rf-escalation-" + id });
      } catch (error) {  // Android's Chrome offers notifications only from a service worker
        return;
      }
      shown.onclick = function () {
        window.focus();
        shown.close();
        if (!focusCard(id)) window.location.assign("/escalations?card=" + id);
      };
    });
    localStorage.setItem(NOTIFIED, JSON.stringify(done.slice(-200)));
  });
  // Not a #fragment: the browser would move focus to a fragment's (unfocusable) card itself.
  document.addEventListener("DOMContentLoaded", function () {
    var wanted = new URLSearchParams(window.location.search).get("card");
    if (wanted && focusCard(wanted)) history.replaceState(null, "", window.location.pathname);
  });
  // The Notifications page's "On this computer" section.
  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("desktop-notify");
    if (!section || !("Notification" in window)) return;
    var choice = section.querySelector("select");
    var status = section.querySelector("[data-desktop-notify-status]");
    function show() {
      var minimum = notifying();
      var denied = Notification.permission === "denied";
      status.textContent = minimum ? "On: this computer shows " + choice.querySelector(
        "option[value=" + minimum + "]").textContent.toLowerCase() + " escalations while ResolutionFlow is in the background."
        : denied ? "This browser blocks notifications from ResolutionFlow: allow them in its site settings."
        : "Off on this computer.";
      if (minimum) choice.value = minimum;
      section.querySelector("[data-desktop-notify-off]").hidden = !minimum;
    }
    section.hidden = false;
    section.querySelector("[data-desktop-notify-on]").addEventListener("click", function () {
      Notification.requestPermission().then(function (permission) {
        if (permission === "granted") localStorage.setItem(SETTING, JSON.stringify(choice.value));
        show();
      });
    });
    section.querySelector("[data-desktop-notify-off]").addEventListener("click", function () {
      localStorage.removeItem(SETTING);
      show();
    });
    show();
  });

  // New arrivals in a background tab: "(N) " in the title until the tab is looked at again.
  document.addEventListener("htmx:load", function (event) {
    var target = event.target;
    if (!document.hidden || !(target.id === "queue-list" || target.matches(".queue-card.is-new"))) return;
    (target.id === "queue-list" ? target.querySelectorAll(".is-new") : [target]).forEach(function (card) {
      unseen[card.id] = true;
    });
    var count = Object.keys(unseen).length;
    if (count) document.title = "(" + count + ") " + baseTitle;
  });
  function seen() {
    if (document.hidden) return;
    unseen = {};
    document.title = baseTitle;
  }
  document.addEventListener("visibilitychange", seen);
  window.addEventListener("focus", seen);

  // Keep "waiting 5 min" and "reminded 2 min ago" ([data-ago]) current.
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
      var text = waited(el.getAttribute("data-since"));
      el.textContent = el.hasAttribute("data-ago") && text !== "just now" ? text + " ago" : text;
    });
  }, 30000);
})();
