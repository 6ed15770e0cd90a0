// Starts Swagger UI on /docs from the vendored bundle: a file, not an inline script, so the
// page's Content-Security-Policy can forbid inline scripts.
window.addEventListener("DOMContentLoaded", function () {
  // validatorUrl: null — no badge fetched from validator.swagger.io (another host).
  window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null});
});
