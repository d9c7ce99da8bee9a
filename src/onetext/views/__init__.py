"""Output shapes: what services return, formats render and the API sends, defined once.

Pure data (no I/O): services fill them, ``formats`` renders them, the web API
returns them as they are and the CLI prints them (``--json`` as they are).
"""
