"""The Security Council: members, Charter rules, the vote record, importers and queries."""
