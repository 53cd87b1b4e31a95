from django.dispatch import Signal

# Sent with `user`, `quiz` and `attempt` when an attempt passes; courses listens to
# complete the module(s) that use the quiz.
quiz_passed = Signal()
