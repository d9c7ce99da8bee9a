"""``python -m onetext`` runs the command line."""

from onetext.cli import main

main()
