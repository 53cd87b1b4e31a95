"""How long a module really takes: reading, the exercises and the quiz (pure).

The rule the demo content is held to (tests/courses/test_demo_content_is_current.py),
and a trainer's yardstick for their own modules:
- reading at STUDY_WORDS_PER_MINUTE (studying, not skimming);
- each exercise for the minutes it says;
- each quiz question MINUTES_PER_QUESTION (a work situation, then its feedback and
  explanation);
rounded up to whole multiples of ROUND_TO minutes. A workshop takes the sum of its
modules.
"""

import math

STUDY_WORDS_PER_MINUTE = 150
MINUTES_PER_QUESTION = 1.5
ROUND_TO = 5


def module_minutes(words, exercise_minutes, questions):
    """The minutes a module takes, rounded up to ROUND_TO."""
    minutes = (
        words / STUDY_WORDS_PER_MINUTE
        + sum(exercise_minutes)
        + questions * MINUTES_PER_QUESTION
    )
    return max(ROUND_TO, math.ceil(minutes / ROUND_TO) * ROUND_TO)


def workshop_minutes(module_minutes_list):
    return sum(module_minutes_list)
