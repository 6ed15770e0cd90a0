"""HTTP plumbing: the middleware stack, caching, security headers, proxies, static assets, /metrics."""
