"""classify: tag LGSCO Ombudsman decisions with fault types, findings and remedies.

The package is importable without spaCy or scikit-learn being loaded; heavy imports happen
inside the functions that need them so that ``classify --help`` stays fast.
"""

__version__ = "0.1.0"
