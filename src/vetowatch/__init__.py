"""vetowatch: who said what about an international crisis, and what the UN Security Council will do."""

__version__ = "0.1.0"
