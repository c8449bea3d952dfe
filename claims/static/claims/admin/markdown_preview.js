/* Live preview of a verdict's explanation on the claim page.
   The HTML comes from the server (claims.admin.desk.markdown_preview), rendered and sanitised by
   claims/rendering.py exactly as the verdict page renders it: this file never turns Markdown into HTML itself. */
"use strict";
(function () {
  const WAIT_MS = 300;

  function csrfToken(form) {
    const input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function attach(textarea) {
    if (textarea.dataset.previewAttached) {
      return;
    }
    textarea.dataset.previewAttached = "1";
    const box = document.createElement("section");
    box.className = "markdown-preview";
    box.setAttribute("aria-live", "polite");
    const title = document.createElement("h3");
    title.textContent = textarea.dataset.previewTitle || "Preview";
    const body = document.createElement("div");
    body.className = "markdown-preview__body";
    box.append(title, body);
    textarea.insertAdjacentElement("afterend", box);

    let timer = null;
    let asked = 0;
    function refresh() {
      const ticket = ++asked;
      const data = new FormData();
      data.append("text", textarea.value);
      fetch(textarea.dataset.markdownPreview, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": csrfToken(textarea.form) },
        credentials: "same-origin",
      })
        .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
        .then((html) => {
          if (ticket === asked) {
            body.innerHTML = html; // sanitised by the server (nh3), as on the public page
            box.classList.remove("markdown-preview--stale");
          }
        })
        .catch(() => box.classList.add("markdown-preview--stale"));
    }
    textarea.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, WAIT_MS);
    });
    refresh();
  }

  function attachAll() {
    document.querySelectorAll("textarea[data-markdown-preview]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", attachAll);
})();
