"""Find citations of Party and State documents in task texts (shaped after eyecite).

:func:`find_references` is the one entry point; :mod:`.regexes` holds the pieces,
:mod:`.models` the :class:`Reference` it returns.
"""
from portal.text.refs.find import find_references
from portal.text.refs.models import BARE, LAW, NAMED, PARTY, STATE, Reference

__all__ = ["find_references", "Reference", "PARTY", "STATE", "BARE", "NAMED", "LAW"]
