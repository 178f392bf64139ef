"""Discussion: members comment on events and practices; curators moderate."""
