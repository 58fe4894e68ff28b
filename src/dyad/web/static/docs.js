// OpenAPI docs with the vendored Swagger UI (no CDN, no inline script).
(function () {
  "use strict";
  const node = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: node.dataset.spec, domNode: node, deepLinking: true });
})();
