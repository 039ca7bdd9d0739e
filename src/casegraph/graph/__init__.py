"""The NetworkX side: the projection of the RDF (``projection``), finding nodes by name
(``names``), paths between them (``paths``, ``pathresult``) and who could have known
what (``knowledge``).
"""
