// KIM-Förderung: small progressive enhancements. No inline scripts (CSP): everything lives here.
(function () {
  "use strict";

  // --- Stellen table: add a row from the <template> of the formset's empty form -----------------------
  function zeileHinzufuegen(prefix) {
    var vorlage = document.getElementById("vorlage-" + prefix);
    var gesamt = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var tbody = document.querySelector('[data-zeilen="' + prefix + '"]');
    if (!vorlage || !gesamt || !tbody) { return null; }
    var index = parseInt(gesamt.value, 10);
    var html = vorlage.innerHTML.replace(/__prefix__/g, String(index)).replace(/Zeile neu/g, "Zeile " + (index + 1));
    tbody.insertAdjacentHTML("beforeend", html);
    gesamt.value = String(index + 1);
    var zeile = tbody.lastElementChild;
    var form = tbody.closest("form");
    if (form) { form.dispatchEvent(new CustomEvent("kim-zeilen", { bubbles: true })); }
    return zeile;
  }

  document.addEventListener("click", function (ereignis) {
    var knopf = ereignis.target.closest("[data-zeile-hinzufuegen]");
    if (!knopf) { return; }
    ereignis.preventDefault();
    var zeile = zeileHinzufuegen(knopf.getAttribute("data-zeile-hinzufuegen"));
    if (zeile) {
      var erstes = zeile.querySelector("select, input:not([type=hidden])");
      if (erstes) { erstes.focus(); }
      entwurfSichern(zeile.closest("form"));
    }
  });

  // --- Nothing typed is lost: a copy of every unsaved section in the browser's local storage ----------
  // Restored after a reload or a new login (e.g. when the session expired); removed once the server saved it.
  // Copies are kept per person (another user of the same browser never sees them), dropped after 14 days,
  // and all removed when the person logs out.
  var SPEICHER = window.localStorage;
  var PRAEFIX = "kim-entwurf:";
  var HOECHSTALTER = 14 * 24 * 3600 * 1000;
  var BENUTZER = (document.querySelector('meta[name="kim-benutzer"]') || { content: "" }).content;

  function schluessel(form) { return PRAEFIX + BENUTZER + ":" + form.getAttribute("data-entwurf"); }

  function alleEntwuerfeLoeschen(nurAlte) {
    if (!SPEICHER) { return; }
    for (var i = SPEICHER.length - 1; i >= 0; i--) {
      var name = SPEICHER.key(i);
      if (!name || name.indexOf(PRAEFIX) !== 0) { continue; }
      if (nurAlte) {
        var zeit = 0;
        try { zeit = JSON.parse(SPEICHER.getItem(name)).zeit || 0; } catch (e) { zeit = 0; }
        if (Date.now() - zeit < HOECHSTALTER) { continue; }
      }
      SPEICHER.removeItem(name);
    }
  }

  document.addEventListener("submit", function (e) {
    if (e.target.hasAttribute("data-abmelden")) { alleEntwuerfeLoeschen(false); }
  });

  function entwurfSichern(form) {
    if (!form || !form.hasAttribute("data-entwurf") || !SPEICHER || !BENUTZER) { return; }
    var werte = {};
    Array.prototype.forEach.call(form.elements, function (feld) {
      if (!feld.name || feld.type === "file" || feld.name === "csrfmiddlewaretoken") { return; }
      werte[feld.name] = (feld.type === "checkbox" || feld.type === "radio") ? feld.checked : feld.value;
    });
    try { SPEICHER.setItem(schluessel(form), JSON.stringify({ zeit: Date.now(), werte: werte })); } catch (e) { /* full */ }
  }

  function entwurfLoeschen(form) {
    if (form && form.hasAttribute("data-entwurf") && SPEICHER) { SPEICHER.removeItem(schluessel(form)); }
  }

  function entwurfWiederherstellen(form) {
    if (!SPEICHER || !BENUTZER) { return false; }
    var roh = SPEICHER.getItem(schluessel(form));
    if (!roh) { return false; }
    var daten;
    try { daten = JSON.parse(roh); } catch (e) { SPEICHER.removeItem(schluessel(form)); return false; }
    var werte = daten.werte || {};
    // Recreate rows the user had added before the page was left.
    Object.keys(werte).forEach(function (name) {
      var treffer = /^(.+)-TOTAL_FORMS$/.exec(name);
      if (!treffer) { return; }
      var gesamt = form.querySelector('[name="' + name + '"]');
      while (gesamt && parseInt(gesamt.value, 10) < parseInt(werte[name], 10)) {
        if (!zeileHinzufuegen(treffer[1])) { break; }
      }
    });
    var geaendert = false;
    Object.keys(werte).forEach(function (name) {
      if (/-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(name)) { return; }
      var feld = form.querySelector('[name="' + name + '"]');
      if (!feld) { return; }
      if (feld.type === "checkbox" || feld.type === "radio") {
        if (feld.checked !== werte[name]) { feld.checked = werte[name]; geaendert = true; }
      } else if (feld.value !== werte[name]) {
        feld.value = werte[name];
        geaendert = true;
      }
    });
    if (!geaendert) { SPEICHER.removeItem(schluessel(form)); return false; }
    var hinweis = document.createElement("div");
    hinweis.className = "alert alert-info py-2 kim-wiederhergestellt";
    hinweis.setAttribute("role", "status");
    hinweis.textContent = "Nicht gespeicherte Eingaben vom " + new Date(daten.zeit).toLocaleString("de-DE") +
      " wurden wiederhergestellt. Bitte speichern Sie den Abschnitt.";
    form.insertBefore(hinweis, form.firstChild);
    form.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  document.addEventListener("input", function (e) { entwurfSichern(e.target.form); });
  document.addEventListener("change", function (e) { entwurfSichern(e.target.form); });

  function abschnittePruefen(wurzel) {
    var abschnitte = wurzel.matches && wurzel.matches(".kim-abschnitt") ? [wurzel] : wurzel.querySelectorAll(".kim-abschnitt");
    Array.prototype.forEach.call(abschnitte, function (abschnitt) {
      var form = abschnitt.querySelector("form[data-entwurf]");
      if (!form) { return; }
      if (abschnitt.hasAttribute("data-gespeichert")) { entwurfLoeschen(form); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    alleEntwuerfeLoeschen(true);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-entwurf]"), function (form) {
      standMerken(form, true);
      if (entwurfWiederherstellen(form)) { return; }
      // Typed while the page was still loading (before htmx and this script listened): keep a copy and let the
      // live calculation see it now, as if it had been typed a moment later.
      if (werteVon(form) !== form.kimStand) {
        entwurfSichern(form);
        form.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    var zusammenfassung = document.getElementById("fehlerzusammenfassung");
    if (zusammenfassung) { zusammenfassung.focus(); }
  });

  // After htmx replaced a section: forget the saved copy, or move focus to the error summary.
  document.addEventListener("htmx:afterSwap", function (e) {
    var ziel = e.detail.target;
    if (!ziel || !ziel.id || ziel.id === "zusammenfassung") { return; }
    var neu = document.getElementById(ziel.id) || ziel;
    abschnittePruefen(neu);
    // A saved section starts clean again; one that came back with errors still holds unsaved input.
    var formulare = neu.matches && neu.matches("form[data-entwurf]") ? [neu] : neu.querySelectorAll("form[data-entwurf]");
    Array.prototype.forEach.call(formulare, function (form) {
      var abschnitt = form.closest(".kim-abschnitt");
      if (abschnitt && !abschnitt.hasAttribute("data-gespeichert") && abschnitt.querySelector(".kim-fehlerzusammenfassung, .alert-danger, .is-invalid")) {
        form.kimStand = null;
      } else {
        standMerken(form);
      }
    });
    var fehler = neu.querySelector(".kim-fehlerzusammenfassung, .alert-danger");
    if (fehler) {
      fehler.setAttribute("tabindex", "-1");
      fehler.focus();
    } else {
      var meldung = neu.querySelector("[role=status]");
      if (meldung) { meldung.setAttribute("tabindex", "-1"); }
    }
  });

  // --- Unsaved input: never submit or leave without asking ---------------------------------------------
  // Works on any form with data-entwurf: its values when the page (or its section) came from the server are
  // remembered; a form whose values differ is unsaved. Its name for the prompt: data-abschnitt-name, else the
  // number of its section heading ("4. Stellen …" → "Abschnitt 4").
  // ``vomServer``: the values as the server sent them (defaultValue, defaultChecked, defaultSelected), not as
  // they are now – input typed before the scripts ran is no saved state.
  function feldwert(feld, vomServer) {
    if (feld.type === "checkbox" || feld.type === "radio") { return vomServer ? feld.defaultChecked : feld.checked; }
    if (!vomServer) { return feld.value; }
    if (feld.options) {
      var gewaehlt = Array.prototype.filter.call(feld.options, function (o) { return o.defaultSelected; });
      if (!gewaehlt.length && !feld.multiple && feld.options.length) { gewaehlt = [feld.options[0]]; }
      return gewaehlt.map(function (o) { return o.value; }).join(",");
    }
    return feld.defaultValue;
  }

  function werteVon(form, vomServer) {
    var teile = [];
    Array.prototype.forEach.call(form.elements, function (feld) {
      if (!feld.name || feld.type === "file" || feld.name === "csrfmiddlewaretoken") { return; }
      teile.push(feld.name + "=" + feldwert(feld, vomServer));
    });
    return teile.join("&");
  }

  function standMerken(form, vomServer) { form.kimStand = werteVon(form, vomServer); }

  function ungespeichert(form) {
    if (!form.isConnected || !form.hasAttribute("data-entwurf")) { return false; }
    return form.kimStand === null || (form.kimStand !== undefined && form.kimStand !== werteVon(form));
  }

  function abschnittsname(form) {
    if (form.getAttribute("data-abschnitt-name")) { return form.getAttribute("data-abschnitt-name"); }
    var abschnitt = form.closest(".kim-abschnitt, section");
    var titel = abschnitt && abschnitt.querySelector("h2, h3");
    var text = titel ? titel.textContent.trim() : "";
    var nummer = /^(\d+)\./.exec(text);
    if (nummer) { return "Abschnitt " + nummer[1]; }
    return text ? "Der Abschnitt „" + text + "“" : "Ein Formular";
  }

  function ungespeicherteFormulare() {
    return Array.prototype.filter.call(document.querySelectorAll("form[data-entwurf]"), ungespeichert);
  }

  // One accessible dialog for prompts and confirmations (native <dialog>: focus trapped, Escape closes).
  function dialogZeigen(titel, saetze, knoepfe) {
    var alt = document.getElementById("kim-dialog");
    if (alt) { alt.remove(); }
    var dialog = document.createElement("dialog");
    dialog.id = "kim-dialog";
    dialog.className = "kim-dialog";
    dialog.setAttribute("aria-labelledby", "kim-dialog-titel");
    dialog.setAttribute("aria-describedby", "kim-dialog-text");
    var h = document.createElement("h2");
    h.id = "kim-dialog-titel";
    h.className = "h5";
    h.textContent = titel;
    dialog.appendChild(h);
    var text = document.createElement("div");
    text.id = "kim-dialog-text";
    saetze.forEach(function (satz) {
      var p = document.createElement("p");
      p.textContent = satz;
      text.appendChild(p);
    });
    dialog.appendChild(text);
    var leiste = document.createElement("div");
    leiste.className = "d-flex flex-wrap gap-2 justify-content-end";
    knoepfe.forEach(function (k) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "btn " + (k.klasse || "btn-outline-secondary");
      b.textContent = k.text;
      b.addEventListener("click", function () { dialog.close(); if (k.aktion) { k.aktion(); } });
      leiste.appendChild(b);
    });
    dialog.appendChild(leiste);
    document.body.appendChild(dialog);
    dialog.addEventListener("close", function () { dialog.remove(); });
    dialog.showModal();
    var erster = dialog.querySelector("button");
    if (erster) { erster.focus(); }
    return dialog;
  }

  var absichtlichVerlassen = false;

  function ungespeichertFragen(weiter) {
    var offen = ungespeicherteFormulare();
    if (!offen.length) { return false; }
    var saetze = offen.map(function (form) { return abschnittsname(form) + " ist nicht gespeichert – speichern oder verwerfen?"; });
    saetze.push("Eingereicht wird nur, was gespeichert ist.");
    dialogZeigen("Nicht gespeicherte Eingaben", saetze, [
      { text: abschnittsname(offen[0]) + " speichern", klasse: "btn-primary", aktion: function () {
        var knopf = offen[0].querySelector("button[type=submit], button:not([type])");
        offen[0].scrollIntoView({ block: "start" });
        if (offen[0].requestSubmit) { offen[0].requestSubmit(knopf || undefined); } else if (knopf) { knopf.click(); }
      } },
      { text: "Verwerfen und weiter", klasse: "btn-outline-danger", aktion: function () {
        offen.forEach(function (form) { entwurfLoeschen(form); form.kimStand = undefined; });
        absichtlichVerlassen = true;
        weiter();
      } },
      { text: "Abbrechen" }
    ]);
    return true;
  }

  document.addEventListener("click", function (e) {
    var link = e.target.closest("a[data-ungespeichert-pruefen]");
    if (!link || e.defaultPrevented) { return; }
    if (ungespeichertFragen(function () { window.location.href = link.href; })) { e.preventDefault(); }
  });

  // Leaving the page (link, reload, closing the tab) with unsaved input: the browser asks first. A form being
  // submitted is no leaving: what it sends is saved.
  document.addEventListener("submit", function (e) {
    if (!e.defaultPrevented) { absichtlichVerlassen = true; }  // htmx forms prevent the default: the page stays
  });
  window.addEventListener("beforeunload", function (e) {
    if (absichtlichVerlassen || !ungespeicherteFormulare().length) { return; }
    e.preventDefault();
    e.returnValue = "";
  });

  // Irreversible steps (kim_foerderung/bestaetigung.py): a form with data-bestaetigen asks in the dialog first;
  // confirming adds bestaetigt=ja, which the server otherwise asks for on a confirmation page of its own.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute("data-bestaetigen") || form.kimBestaetigt) { return; }
    // A form whose own check box is the confirmation (Rechtsbehelfsverzicht): without the tick the server says
    // what is missing; with it, the dialog asks once more and the tick is what is sent.
    var haken = form.querySelector('input[name="bestaetigt"][type="checkbox"]');
    if (haken && !haken.checked) { return; }
    e.preventDefault();
    e.stopImmediatePropagation();
    dialogZeigen(form.getAttribute("data-bestaetigen-titel") || "Bitte bestätigen",
      [form.getAttribute("data-bestaetigen"), "Dieser Schritt kann nicht rückgängig gemacht werden."], [
        { text: form.getAttribute("data-bestaetigen-knopf") || "Bestätigen", klasse: "btn-primary", aktion: function () {
          var feld = form.querySelector('input[name="bestaetigt"]');
          if (!feld) {
            feld = document.createElement("input");
            feld.type = "hidden";
            feld.name = "bestaetigt";
            form.appendChild(feld);
          }
          if (feld.type === "hidden") { feld.value = "ja"; }
          form.kimBestaetigt = true;
          absichtlichVerlassen = true;
          form.submit();
        } },
        { text: "Abbrechen" }
      ]);
  }, true);

  window.kimDialog = dialogZeigen;
})();
