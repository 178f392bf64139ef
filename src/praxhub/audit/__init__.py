"""The audit log: every write to the hub's records (who, when, what, before and after), append-only,
visible to admins and exportable. See services.py for what is recorded and what is not."""
