"""vetowatch: who said what about a crisis, and what the UN Security Council will do."""

__version__ = "0.1.0"
