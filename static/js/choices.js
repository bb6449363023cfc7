// Turns each long multi-choice list (templates/components/forms/searchable_choices.html) and each
// long single choice (searchable_choice.html) into a searchable Tom Select control that loads
// matching choices as you type. Without JavaScript the list stays as checkboxes for what is chosen
// and a text box for names; the single choice a text box with the chosen name.
(function () {
  "use strict";

  function load(url) {
    return function (query, callback) {
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
    };
  }

  function noResults(root) {
    return function () {
      var div = document.createElement("div");
      div.className = "no-results";
      div.textContent = root.dataset.noResults;
      return div;
    };
  }

  function shouldLoad(query) {
    return query.trim().length > 0;
  }

  function enhanceSingle(root) {
    var fallback = root.querySelector(".kp-searchable__fallback");
    var box = fallback.querySelector("input");
    var select = document.createElement("select");
    select.name = root.dataset.name;
    select.id = root.dataset.id;
    select.required = box.required;
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (box.hasAttribute(name)) {
        select.setAttribute(name, box.getAttribute(name));
      }
    });
    select.add(new Option("", "", false, false));
    var current = root.querySelector(".kp-searchable__current");
    if (current) {
      select.add(new Option(current.dataset.label, current.value, true, true));
      current.remove();
    }
    fallback.replaceWith(select);
    var plugins = root.dataset.optional ? { clear_button: { title: root.dataset.remove } } : {};
    var control = new TomSelect(select, {
      plugins: plugins,
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      maxItems: 1,
      maxOptions: 20,
      loadThrottle: 250,
      allowEmptyOption: false,
      placeholder: root.dataset.placeholder,
      shouldLoad: shouldLoad,
      load: load(root.dataset.url),
      render: { no_results: noResults(root) },
    });
    var describedBy = select.getAttribute("aria-describedby");
    if (describedBy) {
      control.control_input.setAttribute("aria-describedby", describedBy);
    }
    var labelledBy = control.control_input.getAttribute("aria-labelledby");
    if (labelledBy) {
      select.setAttribute("aria-labelledby", labelledBy);
    }
  }

  function enhance(root) {
    if (root.dataset.enhanced) {
      return;
    }
    root.dataset.enhanced = "true";
    if (root.classList.contains("kp-searchable--single")) {
      enhanceSingle(root);
      return;
    }
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
      hidePlaceholder: false, // the text box stays when it loses focus: the page does not move
      shouldLoad: shouldLoad,
      load: load(url),
      render: { no_results: noResults(root) },
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
