"""Writers of the official document from a month's data (Word)."""
