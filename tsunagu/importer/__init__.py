"""Lists in (issue 24): a 社協's or city office's spreadsheet becomes a reviewed batch of change requests.

read (sheet.py) → find the header and map the columns (headers.py) → fold each cell into record
fields (cells.py) → match each row to the city's records and check them with `tsunagu check`'s own
rules (plan.py) → a report of `FILE:row:column: message` lines (report.py) or, for real, one batch
of change requests that a reviewer approves in the console (tsunagu.staff.batches).
"""
