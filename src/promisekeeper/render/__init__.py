"""Output: Rich views for people and the stable machine formats of docs/formats.md. The only
place that prints. User text always goes through ``safe.clean`` and is never parsed as Rich
markup."""
