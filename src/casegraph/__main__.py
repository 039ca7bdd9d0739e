"""``python -m casegraph`` runs the command line."""

from casegraph.cli import main

main()
