"""HSDS 3.1 (Open Referral) mapping, API answers and tabular export of the directory."""
