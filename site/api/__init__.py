"""The JSON APIs: /api/v1 (models, parameters, errors, routes), HSDS and /docs."""
