/* Practice form: a word counter for the summary, and a copy of the unsaved text in
   localStorage so that nothing typed is lost (an expired session, a closed tab).
   The form works without this script. */
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

  var key = form.getAttribute("data-autosave-key");
  var storage;
  try { storage = window.localStorage; storage.setItem("practices:test", "1"); storage.removeItem("practices:test"); }
  catch (error) { return; }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (element) {
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
