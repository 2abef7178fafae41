"""The portal's own search index: records (:mod:`.records`), the index writer (:mod:`.index`)
and the query tokens the browser's ``search.js`` mirrors (:mod:`.tokens`)."""
