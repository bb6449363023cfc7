"""Housing: the buildings of the kindcentra, the integraal huisvestingsplan (IHP) and its
projects, and places against children per wijk over the years (toegangsrecht)."""
