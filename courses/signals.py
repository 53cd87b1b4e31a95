"""What `courses` announces; the apps above it listen (it never imports them).

- `module_completed`: sent with `user`, `module` and `workshop` when a participant
  completes a module (marked done, or its quiz passed).
- `workshop_finished`: sent with `user`, `workshop` and `progress` when a participant
  has done every live module of a workshop and met every registered requirement
  (courses/requirements.py). Sent again when asked again (e.g. after another
  attendance); listeners must be idempotent. `certificates` issues on it.
"""

from django.dispatch import Signal

module_completed = Signal()
workshop_finished = Signal()
