"""promisekeeper (pk): a command-line tracker for the promises you make to customers."""

__version__ = "0.1.0"
