"""Generators and oracles shared by the tests and the benchmarks, outside the package.

- :mod:`generators.edit_scripts`: realistic drafts and edit scripts with a known true
  alignment (alignment tests, ``bench_align.py``).
- :mod:`generators.instances`: random compromise problems from a numpy Generator.
- :mod:`generators.bruteforce`: reference answers by enumerating every package.

Importable as ``generators`` from the tests (``benchmarks`` is on pytest's
``pythonpath`` in pyproject.toml) and from any script run as
``python benchmarks/<script>.py`` (the script's folder is on ``sys.path``).
"""
