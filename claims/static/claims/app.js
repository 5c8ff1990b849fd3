// factcheck: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Speaker name suggestions: <input list="x" data-suggest-url="..."> fills <datalist id="x">
  // with canonical names (and the alias that matched) as the user types.
  function attachSuggest(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.dataset.suggestUrl;
    if (!list || !url) return;
    var timer = null, last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) return;
        last = q;
        fetch(url + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren();
            (data.results || []).forEach(function (s) {
              var option = document.createElement("option");
              option.value = s.name;
              var parts = [s.title, s.alias ? "also “" + s.alias + "”" : ""].filter(Boolean);
              option.label = parts.join(" · ");
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are optional */ });
      }, 150);
    });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(attachSuggest);

  // Filter selects submit their form on change, so one click applies a filter.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
})();
