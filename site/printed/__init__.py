"""The personal sheet: one address and its needs on one A4 page, made per request (an address is
personal, so it is never made ahead or stored). The district sheets are made by the build:
see tsunagu.guides, whose shared parts (needs, weekdays, stamp) this uses.
"""
