"""Public suggestions: residents tell us about a mistake or a salon; a reviewer decides what goes live.

Stored in the staff database (tables `suggestions` and `suggestion_blocks`, migration s0001). An
accepted suggestion becomes an approved change request of the staff console, so it is published by
the same publisher, gate and hot reload as a staff edit. Nothing here writes data/ or a build.
"""
