"""Plain rules of pk: states, slips, outcomes, buckets. No I/O, no clock: ``now`` is an argument."""
