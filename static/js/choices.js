// Turns each long multi-choice list (templates/components/forms/searchable_choices.html) into a
// searchable Tom Select control that loads matching choices as you type. Without JavaScript the
// list stays as checkboxes for what is chosen and a text box for names.
(function () {
  "use strict";

  function enhance(root) {
    if (root.dataset.enhanced) {
      return;
    }
    root.dataset.enhanced = "true";
    var select = document.createElement("select");
    select.multiple = true;
    select.name = root.dataset.name;
    select.id = root.dataset.id;
    root.querySelectorAll(".kp-searchable__chosen input[type=checkbox]").forEach(function (box) {
      if (box.checked) {
        select.add(new Option(box.dataset.label, box.value, true, true));
      }
    });
    var chosen = root.querySelector(".kp-searchable__chosen");
    if (chosen) {
      chosen.remove();
    }
    var fallback = root.querySelector(".kp-searchable__fallback");
    fallback.replaceWith(select);
    var fieldset = root.closest("fieldset");
    var describedBy = fieldset && fieldset.getAttribute("aria-describedby");
    var label = root.querySelector(".kp-searchable__label");
    label.textContent = root.dataset.typeMore;
    var url = root.dataset.url;
    var control = new TomSelect(select, {
      plugins: { remove_button: { title: root.dataset.remove } },
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      maxOptions: 20,
      loadThrottle: 250,
      closeAfterSelect: true,
      hidePlaceholder: true,
      shouldLoad: function (query) {
        return query.trim().length > 0;
      },
      load: function (query, callback) {
        fetch(url + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) {
            return response.json();
          })
          .then(function (data) {
            callback(data.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        no_results: function () {
          var div = document.createElement("div");
          div.className = "no-results";
          div.textContent = root.dataset.noResults;
          return div;
        },
      },
    });
    if (describedBy) {
      control.control_input.setAttribute("aria-describedby", describedBy);
    }
    // The hidden native select keeps a name too (Tom Select moved the label to its combobox).
    var labelledBy = control.control_input.getAttribute("aria-labelledby");
    if (labelledBy) {
      select.setAttribute("aria-labelledby", labelledBy);
    }
  }

  function enhanceAll() {
    if (typeof TomSelect === "undefined") {
      return;
    }
    document.querySelectorAll(".kp-searchable").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
