"""Servers pk talks to besides its database (a CalDAV collection), one adapter each: they take
and return plain values, and their errors are one line without credentials."""
