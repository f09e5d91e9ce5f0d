"""What the value entry remembers per metric, besides the text in its field.

- **drafts**: text typed for a metric and not saved (left with Escape or Up, or
  refused), with the reason it was refused, shown again when the entry comes back
  to that metric;
- **baselines**: the value on screen when the user began typing a metric: its save
  is refused if the stored value is no longer that (changed elsewhere meanwhile);
- **pending**: values submitted and not yet stored, oldest first: what the user
  sees for the metric until they are.
"""

from __future__ import annotations


class EntryMemory:
    def __init__(self) -> None:
        self.drafts: dict[str, tuple[str, str]] = {}
        self.baselines: dict[str, float | None] = {}
        self.pending: dict[str, list[float]] = {}

    def shown(self, metric: str, stored: float | None) -> float | None:
        """What the user sees for ``metric``: the value being saved, else ``stored``."""
        pending = self.pending.get(metric)
        return pending[-1] if pending else stored

    def submitted(self, metric: str, value: float, shown: float | None) -> float | None:
        """``value`` goes to be saved; the value its save expects to replace."""
        expected = self.baselines.pop(metric, shown)
        self.pending.setdefault(metric, []).append(value)
        self.drafts.pop(metric, None)
        return expected

    def settled(self, metric: str) -> None:
        """The oldest save for ``metric`` is stored (or refused)."""
        pending = self.pending.get(metric)
        if pending:
            pending.pop(0)

    def forget(self) -> None:
        """A different week: nothing typed so far belongs to it."""
        self.drafts.clear()
        self.baselines.clear()
        self.pending.clear()
