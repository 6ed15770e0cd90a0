"""Printed area guides (地区版安心便利帳), made by the build: each district's sheet contents (JSON the
web page renders), its PDF, large-print PDF and map. Imports nothing from the site package, so the
build never loads the web app; the per-request personal sheet (site/printed) uses the shared parts.
"""
