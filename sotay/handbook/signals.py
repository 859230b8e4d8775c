"""What the handbook tells the apps above it (push delivery, usage analytics) without importing them.

`notice_published` is sent once per notice, after the commit that published it, with
`notice` and `visible_from` (its `publish_at`). A notice published for later is announced at once
with its future `visible_from`: a receiver that pushes must wait until then (the push issue's
task, enqueued from its receiver with `run_after=visible_from`, re-reads the notice and skips it
if it was withdrawn or rescheduled meanwhile). `notice_audience(notice)` in selectors says who.
"""

from django.dispatch import Signal

notice_published = Signal()
