"""``python -m classifier.cli``: the same as the ``classify`` command."""

from classifier.cli import main

main()
