/* Practice form: a word counter for the summary, the section list kept up to date
   while typing, a button adding rows of figures and links, and a copy of the unsaved
   text in localStorage so that nothing typed is lost (an expired session, a closed
   tab). The form works without this script. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-key]");
  if (!form) return;
  var lang = document.documentElement.lang || "id";

  document.querySelectorAll("textarea.word-counted").forEach(function (area) {
    var output = document.querySelector('.word-count[data-for="' + area.id + '"]');
    if (!output) return;
    var limit = parseInt(area.getAttribute("data-max-words"), 10);
    function update() {
      var words = area.value.trim() ? area.value.trim().split(/\s+/).length : 0;
      output.textContent = lang === "en"
        ? words + " of at most " + limit + " words"
        : words + " dari maksimal " + limit + " kata";
      output.classList.toggle("word-count-over", words > limit);
    }
    output.hidden = false;
    area.addEventListener("input", update);
    update();
  });

  // Section list: which sections are complete, and how many mandatory parts are empty.
  var toc = document.querySelector(".form-toc[data-complete]");
  function hasValue(wrapper) {
    var inputs = wrapper.querySelectorAll("input, textarea, select");
    return Array.prototype.some.call(inputs, function (input) {
      if (input.type === "checkbox" || input.type === "radio") return input.checked;
      return input.value.trim() !== "";
    });
  }
  function updateToc() {
    if (!toc) return;
    var total = 0;
    toc.querySelectorAll(".toc-item[data-section]").forEach(function (item) {
      var section = document.getElementById(item.getAttribute("data-section"));
      if (!section || section.hasAttribute("data-formset")) return;
      var wrappers = section.querySelectorAll(".field");
      var required = section.querySelectorAll(".field[data-required]");
      var missing = Array.prototype.filter.call(required, function (w) { return !hasValue(w); }).length;
      var filled = Array.prototype.some.call(wrappers, hasValue);
      var state, text;
      if (required.length) {
        state = missing ? "toc-missing" : "toc-complete";
        text = missing ? toc.getAttribute("data-missing").replace("#", missing) : toc.getAttribute("data-complete");
      } else {
        state = filled ? "toc-filled" : "toc-optional";
        text = toc.getAttribute(filled ? "data-filled" : "data-optional");
      }
      total += missing;
      item.className = "toc-item " + state;
      item.querySelector(".toc-status").textContent = text;
    });
    document.querySelectorAll(".missing-count[data-some]").forEach(function (output) {
      output.textContent = total ? output.getAttribute("data-some").replace("#", total) : output.getAttribute("data-none");
    });
  }
  form.addEventListener("input", updateToc);
  form.addEventListener("change", updateToc);

  // Indicators and links: add empty rows here instead of saving for each one.
  document.querySelectorAll("fieldset[data-formset]").forEach(function (fieldset) {
    var template = fieldset.querySelector("template.empty-row");
    var wrap = fieldset.querySelector(".add-row-wrap");
    if (!template || !wrap) return;
    var prefix = fieldset.getAttribute("data-formset");
    var totalInput = fieldset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var maxInput = fieldset.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var rows = fieldset.querySelector(".formset-rows");
    fieldset.querySelectorAll(".no-js-only").forEach(function (element) { element.hidden = true; });
    wrap.hidden = false;
    wrap.querySelector(".add-row").addEventListener("click", function () {
      var index = parseInt(totalInput.value, 10);
      if (maxInput && index >= parseInt(maxInput.value, 10)) return;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      totalInput.value = String(index + 1);
      var first = rows.lastElementChild.querySelector("input, textarea, select");
      if (first) first.focus();
    });
  });

  var key = form.getAttribute("data-autosave-key");
  var storage;
  try { storage = window.localStorage; storage.setItem("practices:test", "1"); storage.removeItem("practices:test"); }
  catch (error) { return; }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (element) {
      // Rows of saved files are left out: they shift when a file is removed.
      if (/^(images|attachments)-/.test(element.name || "")) return false;
      return element.name && element.name !== "csrfmiddlewaretoken" && element.type !== "file" &&
        element.type !== "submit" && element.type !== "button" && element.type !== "hidden";
    });
  }
  function snapshot() {
    var data = {};
    fields().forEach(function (element) {
      if (element.type === "checkbox" || element.type === "radio") {
        data[element.name + "=" + element.value] = element.checked;
      } else {
        data[element.name] = element.value;
      }
    });
    return data;
  }
  function apply(data) {
    fields().forEach(function (element) {
      if (element.type === "checkbox" || element.type === "radio") {
        var stored = data[element.name + "=" + element.value];
        if (stored !== undefined) element.checked = stored;
      } else if (data[element.name] !== undefined) {
        element.value = data[element.name];
      }
      element.dispatchEvent(new Event("input"));
    });
  }

  var notice = document.querySelector(".autosave-notice");
  var restore = document.querySelector(".autosave-restore");
  var saved = null;
  try { saved = JSON.parse(storage.getItem(key) || "null"); } catch (error) { saved = null; }
  if (saved && JSON.stringify(saved) !== JSON.stringify(snapshot())) {
    notice.hidden = false;
    restore.hidden = false;
    restore.addEventListener("click", function () {
      apply(saved);
      restore.hidden = true;
    });
  } else {
    storage.removeItem(key);
  }
  var timer = null;
  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      storage.setItem(key, JSON.stringify(snapshot()));
      notice.hidden = false;
    }, 500);
  });
})();
