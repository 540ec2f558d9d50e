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
    if (!SPEICHER || !BENUTZER) { return; }
    var roh = SPEICHER.getItem(schluessel(form));
    if (!roh) { return; }
    var daten;
    try { daten = JSON.parse(roh); } catch (e) { SPEICHER.removeItem(schluessel(form)); return; }
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
    if (!geaendert) { SPEICHER.removeItem(schluessel(form)); return; }
    var hinweis = document.createElement("div");
    hinweis.className = "alert alert-info py-2 kim-wiederhergestellt";
    hinweis.setAttribute("role", "status");
    hinweis.textContent = "Nicht gespeicherte Eingaben vom " + new Date(daten.zeit).toLocaleString("de-DE") +
      " wurden wiederhergestellt. Bitte speichern Sie den Abschnitt.";
    form.insertBefore(hinweis, form.firstChild);
    form.dispatchEvent(new Event("change", { bubbles: true }));
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
    Array.prototype.forEach.call(document.querySelectorAll("form[data-entwurf]"), entwurfWiederherstellen);
    var zusammenfassung = document.getElementById("fehlerzusammenfassung");
    if (zusammenfassung) { zusammenfassung.focus(); }
  });

  // After htmx replaced a section: forget the saved copy, or move focus to the error summary.
  document.addEventListener("htmx:afterSwap", function (e) {
    var ziel = e.detail.target;
    if (!ziel || !ziel.id || ziel.id === "zusammenfassung") { return; }
    var neu = document.getElementById(ziel.id) || ziel;
    abschnittePruefen(neu);
    var fehler = neu.querySelector(".kim-fehlerzusammenfassung, .alert-danger");
    if (fehler) {
      fehler.setAttribute("tabindex", "-1");
      fehler.focus();
    } else {
      var meldung = neu.querySelector("[role=status]");
      if (meldung) { meldung.setAttribute("tabindex", "-1"); }
    }
  });
})();
