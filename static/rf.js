/* ResolutionFlow: the little behaviour htmx can't express declaratively (no inline scripts: strict CSP). */
(function () {
  "use strict";

  function toast(message, category) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var item = document.createElement("div");
    item.className = "toast toast--" + (category || "error");
    item.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.className = "toast__text";
    text.textContent = message;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "toast__close";
    close.setAttribute("data-dismiss-toast", "");
    close.setAttribute("aria-label", "Dismiss message");
    close.textContent = "×";
    item.append(text, close);
    box.append(item);
  }

  // Toasts: dismiss on click or Escape; success toasts leave by themselves after a while.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss-toast]");
    if (button) button.closest(".toast").remove();
  });
  // Escape closes the newest toast; with none, it closes a page that says where to
  // (data-escape-to, e.g. the handoff context). An open dialog closes itself first.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    var last = document.querySelector("#toasts .toast:last-child");
    if (last) {
      last.remove();
      return;
    }
    var page = document.querySelector("[data-escape-to]");
    if (page && !document.querySelector("dialog[open]")) window.location.assign(page.getAttribute("data-escape-to"));
  });

  // Pages that open on a heading focus it, so keyboard and screen-reader users start there.
  document.addEventListener("DOMContentLoaded", function () {
    var holder = document.querySelector("[data-focus-on-load]");
    var target = holder && document.querySelector(holder.getAttribute("data-focus-on-load"));
    if (target) target.focus();
  });

  // "Show handoff context": the fragment arrives in the session page's dialog, which opens
  // with focus on its heading; Esc (native) closes it and focus returns to the button.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "context-dialog-body") return;
    var dialog = document.getElementById("context-dialog");
    if (!dialog.open) dialog.showModal();
    var heading = dialog.querySelector("#context-heading");
    if (heading) heading.focus();
  });

  // Suggested-step chips fill the step form's "What did you try?" and its "Command" and put
  // the cursor in the first. A command typed by hand is never replaced: only an empty field
  // or one a chip filled.
  document.addEventListener("click", function (event) {
    var chip = event.target.closest("[data-prefill]");
    if (!chip) return;
    var input = document.querySelector("#step-form [name=tried]");
    if (!input) return;
    input.value = chip.getAttribute("data-prefill");
    var command = document.querySelector("#step-form [name=command]");
    if (command && (!command.value || command.value === command.getAttribute("data-prefilled"))) {
      command.value = chip.getAttribute("data-prefill-command") || "";
      command.setAttribute("data-prefilled", command.value);
    }
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  });
  function expireSuccessToasts(root) {
    (root || document).querySelectorAll(".toast--success:not([data-expiring])").forEach(function (el) {
      el.setAttribute("data-expiring", "");
      setTimeout(function () { el.remove(); }, 8000);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { expireSuccessToasts(); });
  document.addEventListener("htmx:afterSettle", function () { expireSuccessToasts(); });

  // "Copy" buttons: data-copy-from names the input whose value goes to the clipboard.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-from]");
    if (!button) return;
    var input = document.getElementById(button.getAttribute("data-copy-from"));
    input.select();
    var done = function () { button.textContent = "Copied"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });

  // Drafts: a form marked data-draft="<key>" keeps what is typed into its text fields in this
  // tab until it is submitted, so sending another form on the page (Park, with an error) or
  // going to Escalate first loses nothing. Restored only into empty fields: a form the server
  // sent back with its errors already holds what was typed. A form also marked data-draft-all
  // (the transcript's paste box and preview) keeps every field, checkboxes and choices too,
  // until its answer says it is done (data-draft-forget); one found with a preview in its
  // draft asks the server for that preview again, as it was left.
  function draftKey(key) { return "rf-draft:" + key; }
  function readDraft(key) {
    try { return JSON.parse(sessionStorage.getItem(draftKey(key)) || "{}"); } catch (error) { return {}; }
  }
  function textFields(form) { return form.querySelectorAll("textarea[name], input[type=text][name]"); }
  function unfold(input) {  // a draft put into a folded part (the paste box, Park) shows it
    var folded = input.closest("details:not([open])");
    if (folded) folded.open = true;
  }
  // What was typed before this script ran (a quick typist on a slow page) is kept too.
  // ``loading``: the page has just loaded (a preview kept as a draft is asked for then only).
  function restoreDrafts(root, loading) {
    root.querySelectorAll("form[data-draft]").forEach(function (form) {
      if (form.hasAttribute("data-draft-all") && restoreWholeDraft(form, loading)) return;
      var draft = readDraft(form.getAttribute("data-draft")), typedEarly = false;
      textFields(form).forEach(function (input) {
        if (!input.value && draft[input.name]) {
          input.value = draft[input.name];
          unfold(input);
        } else if (input.value.trim() && input.value !== draft[input.name]) typedEarly = true;
      });
      if (typedEarly) saveDraft(form);
    });
  }
  // A data-draft-all form: true when it is dealt with (what the server sent is the latest, or
  // the preview is being asked for again); false leaves its text fields to be restored as usual.
  function restoreWholeDraft(form, loading) {
    var key = form.getAttribute("data-draft");
    if (form.hasAttribute("data-draft-forget")) {
      form.removeAttribute("data-draft-forget");
      saving.forEach(function (timer, pending) {  // a save of the form just replaced must not bring it back
        if (!pending.isConnected) { clearTimeout(timer); saving.delete(pending); }
      });
      sessionStorage.removeItem(draftKey(key));
      saveDraft(form);  // text pasted after the preview, still in the box
      return true;
    }
    var shown = Array.prototype.some.call(textFields(form), function (input) { return input.value.trim(); });
    if (shown) {
      saveDraft(form);
      return true;
    }
    var draft = readDraft(key);
    var preview = Object.keys(draft).some(function (name) { return name.indexOf("steps-") === 0; });
    if (!loading || !preview) return false;
    // Once per page load, with the focus left where it is (replay); if the preview can't be
    // had (the server is busy, the paste too big), what was pasted goes back in the box.
    unfold(form);
    htmx.ajax("POST", form.getAttribute("action"), {
      source: form, target: form.getAttribute("hx-target"), swap: "outerHTML",
      values: Object.assign({}, draft, {action: "update", replay: "1"})
    }).then(putPasteBack, putPasteBack);
    function putPasteBack() {
      var box = form.isConnected && form.querySelector("textarea[name]");
      if (box && !box.value) box.value = draft[box.name] || "";
    }
    return true;
  }
  var saving = new Map();  // data-draft-all forms wait for a pause in typing (they can be big)
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form[data-draft]");
    if (!form) return;
    if (!form.hasAttribute("data-draft-all")) {
      saveDraft(form);
      return;
    }
    clearTimeout(saving.get(form));
    saving.set(form, setTimeout(function () {
      saving.delete(form);
      if (form.isConnected) saveDraft(form);
    }, 300));
  });
  window.addEventListener("pagehide", function () {
    saving.forEach(function (timer, form) {
      clearTimeout(timer);
      if (form.isConnected) saveDraft(form);
    });
    saving.clear();
  });

  // Forms marked data-keep-typing (the step form) stay editable while they are sent: on
  // success the server leaves the form alone and only the fields that still hold what was
  // sent are cleared; when it sends the form back with errors, what was typed meanwhile goes
  // into the new form. So keystrokes during a slow save are never lost or copied into the
  // step that was saved.
  function formValues(form) {
    var values = {};
    form.querySelectorAll("textarea[name], input[type=text][name]").forEach(function (input) {
      values[input.name] = input.value;
    });
    var checked = form.querySelector("input[type=radio]:checked");
    values["radio:" + (checked ? checked.name : "")] = checked ? checked.value : "";
    return values;
  }
  var sent = null, typedMeanwhile = null;
  function savingStatus(form, text) {
    var status = form.querySelector("[data-saving-status]");
    if (status) status.textContent = text;  // a live region: screen readers hear "Saving…"
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!event.detail.elt.matches("form[data-keep-typing]")) return;
    sent = formValues(event.detail.elt);
    savingStatus(event.detail.elt, "Saving…");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches("form[data-keep-typing]") || !form.isConnected) return;
    savingStatus(form, "");
    if (!event.detail.successful || !sent) return;
    var cleared = [];
    form.querySelectorAll("textarea[name], input[type=text][name]").forEach(function (input) {
      if (input.value === sent[input.name] && input.value) { input.value = ""; cleared.push(input); }
    });
    form.querySelectorAll("input[type=radio]:checked").forEach(function (radio) {
      if (sent["radio:" + radio.name] === radio.value) radio.checked = false;
    });
    sent = null;
    if (form.hasAttribute("data-draft")) saveDraft(form);
    // Ready for the next step, unless the tech is already typing it somewhere.
    var active = document.activeElement;
    var typing = form.contains(active) && active.matches("textarea, input[type=text]") && cleared.indexOf(active) < 0;
    if (!typing) {
      var first = form.querySelector("textarea[name], input[type=text][name]");
      if (first) first.focus();
    }
  });
  // Other forms that say they are busy (data-busy="Working…") say it the same way.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form.matches("form[data-busy]")) savingStatus(form, form.getAttribute("data-busy"));
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (form.matches("form[data-busy]") && form.isConnected) savingStatus(form, "");
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.detail.target;
    typedMeanwhile = null;
    if (!sent || event.detail.xhr.status < 400 || !form.matches || !form.matches("form[data-keep-typing]")) return;
    var now = formValues(form);
    typedMeanwhile = {};
    Object.keys(now).forEach(function (name) {
      if (now[name] !== sent[name]) typedMeanwhile[name] = now[name];
    });
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!typedMeanwhile) return;
    var form = document.getElementById(event.detail.target.id) || event.detail.target;
    Object.keys(typedMeanwhile).forEach(function (name) {
      if (!form.querySelector) return;
      if (name.indexOf("radio:") === 0) {  // a result chosen while it was sent
        var radio = form.querySelector("input[type=radio][name='" + name.slice(6) + "'][value='" + typedMeanwhile[name] + "']");
        if (radio) radio.checked = true;
        return;
      }
      var input = form.querySelector("[name='" + name + "']");
      if (input) input.value = typedMeanwhile[name];
    });
    typedMeanwhile = null;
    sent = null;
  });
  function saveDraft(form) {
    var draft = {}, typed = false, all = form.hasAttribute("data-draft-all");
    textFields(form).forEach(function (input) {
      if (input.value.trim()) { draft[input.name] = input.value; typed = true; }
    });
    if (all && typed) {  // every field, the hidden ones and the choices made (disabled while sent, too)
      draft = {};
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!field.name || field.name === "csrf_token" || field.type === "submit") return;
        if ((field.type === "radio" || field.type === "checkbox") && !field.checked) return;
        draft[field.name] = field.value;
      });
    }
    var key = draftKey(form.getAttribute("data-draft"));
    if (!typed) {
      sessionStorage.removeItem(key);
      return;
    }
    if (store(key, draft)) return;
    sessionStorage.removeItem(key);  // the tab's storage is full: what is typed stays in the page
    if (!all) return;
    // A transcript keeps at least what was pasted, making room from other sessions' transcripts
    // if it must; with the paste too big even then, it stays in the page only.
    var pasted = form.querySelector("textarea[name]"), paste = {};
    paste[pasted.name] = pasted.value;
    if (store(key, paste)) return;
    Object.keys(sessionStorage).filter(function (other) {
      return other !== key && other.indexOf(draftKey("transcript-")) === 0;
    }).forEach(function (other) { sessionStorage.removeItem(other); });
    if (!store(key, draft)) store(key, paste);
  }
  function store(key, draft) {
    try {
      sessionStorage.setItem(key, JSON.stringify(draft));
      return true;
    } catch (full) {
      return false;
    }
  }
  document.addEventListener("submit", function (event) {
    // A form that keeps typing (the step form) forgets its draft only once the server confirmed it.
    // So does a form that keeps its whole draft (the transcript), until its steps are added.
    var form = event.target.closest("form[data-draft]:not([data-keep-typing]):not([data-draft-all])");
    if (form) sessionStorage.removeItem(draftKey(form.getAttribute("data-draft")));
    if (event.target.matches("[data-forget-drafts]")) {  // logging out: nothing stays for the next person
      Object.keys(sessionStorage).filter(function (key) { return key.indexOf(draftKey("")) === 0; })
        .forEach(function (key) { sessionStorage.removeItem(key); });
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    restoreDrafts(document, true);
    // A page that should mention an unsent draft (data-draft-warning="<key>"): show it, with
    // the first line of the first of the draft's fields data-draft-field names that has text (else
    // of its first field) where data-draft-text is.
    document.querySelectorAll("[data-draft-warning]").forEach(function (warning) {
      var draft = readDraft(warning.getAttribute("data-draft-warning"));
      var fields = (warning.getAttribute("data-draft-field") || "").split(" ").filter(Boolean);
      var first = fields.length ? fields.map(function (name) { return draft[name]; }).filter(Boolean)[0]
        : Object.keys(draft).map(function (name) { return draft[name]; })[0];
      if (!first) return;
      var text = warning.querySelector("[data-draft-text]");
      if (text) text.textContent = first.split("\n")[0];
      warning.hidden = false;
    });
  });
  document.addEventListener("htmx:afterSettle", function (event) { restoreDrafts(event.detail.elt.parentNode || document); });

  // Ctrl+Enter (Cmd+Enter on a Mac) submits the form from any of its fields, the same on
  // every form: in a multi-line field Enter alone makes a new line, on a choice or a select
  // it submits nothing.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.defaultPrevented) return;
    var field = event.target.matches && event.target.matches("input, select, textarea") ? event.target : null;
    var form = field && field.form;
    if (form) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // A control disabled while its request is in flight (hx-disabled-elt) loses focus. When the
  // answer puts an element with its id in its place (a team row's Deactivate → Reactivate),
  // focus goes there, as htmx does for a control that kept focus.
  var focusedBefore = new WeakMap();
  document.addEventListener("htmx:beforeRequest", function (event) {
    var active = document.activeElement;
    if (active && active.id) focusedBefore.set(event.detail.xhr, active.id);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var id = event.detail.xhr && focusedBefore.get(event.detail.xhr);
    if (!id || (document.activeElement && document.activeElement !== document.body)) return;
    var again = document.getElementById(id);
    if (again) again.focus({preventScroll: true});
  });

  // Destructive actions ask first, in a modal dialog: a form with data-confirm="question"
  // (and data-confirm-yes, the confirming button's words). Focus starts on Cancel; Escape
  // or Cancel closes it and returns focus to the button that asked. HTMX forms are asked in
  // htmx:confirm (the request goes ahead once confirmed), plain ones at submit.
  function askFirst(form, proceed) {
    var dialog = document.getElementById("confirm-dialog");
    var yes = dialog.querySelector("[data-confirm-yes]");
    var no = dialog.querySelector("[data-confirm-no]");
    var opener = document.activeElement;
    dialog.querySelector("#confirm-question").textContent = form.getAttribute("data-confirm");
    yes.textContent = form.getAttribute("data-confirm-yes") || "Yes";
    function done(confirmed) {
      yes.onclick = no.onclick = dialog.onclose = null;
      if (dialog.open) dialog.close();
      if (confirmed) proceed();
      else if (opener && opener.isConnected) opener.focus();
    }
    yes.onclick = function () { done(true); };
    no.onclick = function () { done(false); };
    // Escape. The close event comes a moment after close(): one from the question before
    // (asked again at once) finds the dialog open, and is not an answer.
    dialog.onclose = function () { if (!dialog.open) done(false); };
    dialog.showModal();
    no.focus();
  }
  // A form's button may ask on its own (data-confirm on the button: Discard in a preview).
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt, trigger = event.detail.triggeringEvent;
    var submitter = trigger && trigger.submitter;
    var asking = form.matches && form.matches("form[data-confirm]") ? form
      : submitter && submitter.matches("[data-confirm]") ? submitter : null;
    if (!asking) return;
    event.preventDefault();
    if (asking === submitter && submitter.name) {  // its value goes with the request asked again
      var values = {};
      values[submitter.name] = submitter.value;
      event.detail.etc.values = Object.assign({}, event.detail.etc.values, values);
    }
    askFirst(asking, function () { event.detail.issueRequest(true); });
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-confirm]") || form.hasAttribute("hx-post")) return;
    if (form.hasAttribute("data-confirmed")) {  // this one was asked: the next one asks again
      form.removeAttribute("data-confirmed");
      return;
    }
    event.preventDefault();
    askFirst(form, function () {
      form.setAttribute("data-confirmed", "");
      form.requestSubmit();
    });
  }, true);

  // Code blocks and [data-scrollable] regions (the phone's metrics chart) that scroll join
  // the tab order, so a keyboard can scroll them with the arrow keys; the others stay out. Looked at again when content
  // arrives, a <details> opens or the window changes size.
  function reachScrollingCode(root) {
    (root || document).querySelectorAll("pre.code, [data-scrollable]").forEach(function (pre) {
      if (pre.scrollWidth > pre.clientWidth + 1 || pre.scrollHeight > pre.clientHeight + 1) {
        pre.setAttribute("tabindex", "0");
      } else {
        pre.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { reachScrollingCode(); });
  document.addEventListener("htmx:afterSettle", function () { reachScrollingCode(); });
  document.addEventListener("toggle", function (event) { reachScrollingCode(event.target); }, true);
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { reachScrollingCode(); }, 200);
  });

  // Opening an escalated session clears its unread dot in this browser's queue tabs.
  document.addEventListener("DOMContentLoaded", function () {
    var seen = document.querySelector("[data-escalation-seen]");
    if (seen && "BroadcastChannel" in window) {
      new BroadcastChannel("rf-queue").postMessage({ seen: Number(seen.getAttribute("data-escalation-seen")) });
    }
  });

  // 422 responses carry the form with its errors: swap them. Other errors are swapped only
  // when the server retargeted them (to #toasts); anything else becomes a generic toast.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status === 422 || (xhr.status >= 400 && xhr.getResponseHeader("HX-Retarget"))) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    } else if (xhr.status >= 400 && !loadFailed(event.detail.elt)) {
      toast("The server couldn't complete that (" + xhr.status + "). Please try again.");
    }
  });
  document.addEventListener("htmx:sendError", function (event) {
    if (!loadFailed(event.detail.elt)) toast("Couldn't reach ResolutionFlow. Check your connection and try again.");
  });

  // A part loaded after the page ([data-load-error]: the metrics card) that can't be loaded
  // says so in its place, with Retry, instead of a toast; Retry asks again ("retry" event).
  function showing(holder, failed) {
    holder.setAttribute("aria-busy", failed ? "false" : "true");
    holder.querySelectorAll("[data-loading-only]").forEach(function (part) { part.hidden = failed; });
    holder.querySelectorAll("[data-error-only]").forEach(function (part) { part.hidden = !failed; });
  }
  function loadFailed(elt) {
    var holder = elt && elt.closest && elt.closest("[data-load-error]");
    if (holder) showing(holder, true);
    return Boolean(holder);
  }
  document.addEventListener("click", function (event) {
    var retry = event.target.closest("[data-retry]");
    var holder = retry && retry.closest("[data-load-error]");
    if (!holder) return;
    showing(holder, false);
    holder.focus({preventScroll: true});  // the button goes away; focus stays on the card
    htmx.trigger(holder, "retry");
  });
})();
