"""The one progress computation, as plain data in and plain data out."""

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from courses.progress import compute_progress


def test_nothing_done_points_at_the_first_module():
    progress = compute_progress(1, [10, 11, 12], set())
    assert (progress.done, progress.total, progress.percent) == (0, 3, 0)
    assert progress.next_module_id == 10
    assert not progress.finished and not progress.started


def test_some_done_points_at_the_first_module_not_done():
    progress = compute_progress(1, [10, 11, 12], {10, 12}, enrolled=True)
    assert (progress.done, progress.percent) == (2, 66)  # rounded down, never 67
    assert progress.next_module_id == 11
    assert progress.started and not progress.finished


def test_everything_done_is_finished():
    when = datetime(2026, 11, 27, tzinfo=UTC)
    progress = compute_progress(1, [10, 11], {10, 11}, last_activity=when)
    assert progress.finished and progress.percent == 100
    assert progress.next_module_id is None
    assert progress.last_activity == when


def test_completions_of_modules_no_longer_live_or_elsewhere_do_not_count():
    # Module 11 was unpublished; 99 belongs to another workshop.
    progress = compute_progress(1, [10, 12], {10, 11, 99})
    assert (progress.done, progress.total, progress.percent) == (1, 2, 50)
    assert progress.completed_module_ids == {10}


def test_a_workshop_without_live_modules_is_never_finished():
    progress = compute_progress(1, [], {10})
    assert (progress.total, progress.percent, progress.finished) == (0, 0, False)


@given(
    modules=st.lists(st.integers(1, 50), unique=True, max_size=20),
    completed=st.sets(st.integers(1, 60)),
)
def test_progress_is_always_consistent(modules, completed):
    progress = compute_progress(1, modules, completed)
    assert 0 <= progress.done <= progress.total == len(modules)
    assert 0 <= progress.percent <= 100
    assert progress.finished == (bool(modules) and set(modules) <= completed)
    assert (progress.percent == 100) == progress.finished
    if progress.next_module_id is not None:
        assert progress.next_module_id not in completed
        before = modules[: modules.index(progress.next_module_id)]
        assert all(pk in completed for pk in before)
