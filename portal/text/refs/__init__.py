"""Find citations of Party and State documents in task texts (shaped after eyecite).

:func:`find_references` is the one entry point; :mod:`.regexes` holds the pieces,
:mod:`.models` the :class:`Reference` it returns. :func:`find_relations` (:mod:`.relations`) reads how
two cited documents stand to each other (implements, replaces, amends, reviews).
"""
from portal.text.refs.find import find_references
from portal.text.refs.models import (AMENDS, BARE, IMPLEMENTS, LAW, NAMED, PARTY, RELATION_KINDS, REPLACES, REVIEWS,
                                     STATE, Reference, Relation)
from portal.text.refs.relations import find_relations

__all__ = ["find_references", "find_relations", "Reference", "Relation", "PARTY", "STATE", "BARE", "NAMED", "LAW",
           "IMPLEMENTS", "REPLACES", "AMENDS", "REVIEWS", "RELATION_KINDS"]
