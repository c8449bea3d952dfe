// Starts Redoc on /api/redoc/ from a file, not an inline script (the Content-Security-Policy refuses those).
(function () {
  var container = document.getElementById("redoc-container");
  Redoc.init(container.getAttribute("data-schema-url"), {}, container);
})();
