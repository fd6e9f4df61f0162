"""Delta answers, as a pure function: applied to the list a client had at its cursor they
give exactly the queue now, for random histories and random cursors."""
import random

import pytest

from rf.queue.changes import queue_changes

PRIORITIES = ("urgent", "high", "normal", "low")


def history(rng, steps):
    """A random queue history: (events, the open list after each event, in queue order)."""
    open_cards, created, events, lists = {}, 0, [], [[]]
    for seq in range(1, steps + 1):
        roll = rng.random()
        if not open_cards or roll < 0.4:
            created += 1
            open_cards[created] = (PRIORITIES.index(rng.choice(PRIORITIES)), created)
            events.append((seq, "escalated", created))
        elif roll < 0.6:  # a reminder went out: the card stays, its "reminded" line changes
            events.append((seq, "reminded", rng.choice(sorted(open_cards))))
        else:
            handoff_id = rng.choice(sorted(open_cards))
            del open_cards[handoff_id]
            events.append((seq, rng.choice(("claimed", "withdrawn", "resolved")), handoff_id))
        lists.append(sorted(open_cards, key=open_cards.get))
    return events, lists


def apply(shown, changes, now):
    """What static/queue.js does with a delta: remove, then place each card before its
    follower (or at the end)."""
    if changes.full:
        return list(now)
    result = [card for card in shown if card not in changes.removed]
    for card, before in changes.added:
        result.insert(result.index(before) if before is not None else len(result), card)
    return result


@pytest.mark.parametrize("seed", range(200))
def test_a_delta_from_any_cursor_gives_the_queue_now(seed):
    rng = random.Random(seed)
    events, lists = history(rng, rng.randint(1, 40))
    seq = len(events)
    cursor = rng.randint(0, seq)
    changes = queue_changes(cursor, seq, events[cursor:], lists[seq], max_events=500)
    assert apply(lists[cursor], changes, lists[seq]) == lists[seq]
    escalated_since = {handoff_id for _, kind, handoff_id in events[cursor:] if kind == "escalated"}
    assert changes.new_ids == [card for card in lists[seq] if card in escalated_since]
    if not changes.full:  # only what changed travels
        assert {card for card, _ in changes.added} == set(lists[seq]) - set(lists[cursor])
        assert set(changes.removed) == set(lists[cursor]) - set(lists[seq])
        reminded_since = {handoff_id for _, kind, handoff_id in events[cursor:] if kind == "reminded"}
        assert changes.reminded == [card for card in lists[seq] if card in reminded_since and card in lists[cursor]]
        assert not set(changes.reminded) & ({card for card, _ in changes.added} | set(changes.removed))


def test_the_whole_list_when_the_cursor_says_nothing_usable():
    events = [(1, "escalated", 1), (2, "escalated", 2), (3, "escalated", 3)]
    assert queue_changes(None, 3, events, [1, 2, 3], max_events=500).full  # no usable cursor
    assert queue_changes(1, 3, [events[2]], [1, 2, 3], max_events=500).full  # event 2 missing: a gap
    assert queue_changes(1, 3, events[1:], [1, 2, 3], max_events=1).full  # further behind than the log
    delta = queue_changes(1, 3, events[1:], [1, 2, 3], max_events=2)
    assert not delta.full and delta.added == [(2, None), (3, None)] and delta.removed == []
    # The client's list was empty ("All clear"), or is empty now: the whole list either way.
    assert queue_changes(0, 3, events, [1, 2, 3], max_events=500).full
    assert queue_changes(3, 4, [(4, "claimed", 1)], [], max_events=500).full
