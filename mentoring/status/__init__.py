"""Each pair's status and the at-risk rule, in one home below the pages that show them.

The dashboard (its table, charts and CSV) and the reminders (the weekly at-risk digest) both
read `mentoring.status.pairs`, so neither reaches into the other. It reads the phases'
querysets and knows nothing of pages, emails or requests.
"""
