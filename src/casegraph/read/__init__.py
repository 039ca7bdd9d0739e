"""Reading input: case files (``casefile``), RDF files (``rdfinput``), the mapping of
a checked case to RDF (``mapping``), the facts derived at load time (``derive``) and
the SHACL shapes (``shacl``).
"""
