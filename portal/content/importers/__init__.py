"""The office's documents turned into month data: a pipeline of stages, each a module with a typed result.

read (:mod:`.wordxml`) → locate (:mod:`.locate`) → columns (:mod:`.columns`, :mod:`.kinds`) → place
(:mod:`.place`, :mod:`.header`, :mod:`.closing`, :mod:`.months`) → confirm (:mod:`.confirm`) → report
(:mod:`.report`), all adding to one :class:`.result.ImportResult`. :mod:`.docx` runs the Word route;
:mod:`.text` the text export's, which enters at «locate».
"""
