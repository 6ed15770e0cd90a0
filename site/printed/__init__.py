"""Printed guides that get handed over: the district sheet (A4, both sides), its large-print
version, and the personal sheet for one address and its needs. Built from the same views
as the web pages; the district PDFs are made at build time, the personal sheet per request.
"""
